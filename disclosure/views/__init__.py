"""政务公开 pages [35], [36]. Each module owns its routes (``urlpatterns``); ``disclosure/urls.py`` joins them."""
