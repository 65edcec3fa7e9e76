"""印信 pages [7]: each module owns its routes (``urlpatterns``); ``seals/urls.py`` joins them."""
