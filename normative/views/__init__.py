"""规范性文件 pages [13]. Each module owns its routes (``urlpatterns``); ``normative/urls.py`` joins them."""
