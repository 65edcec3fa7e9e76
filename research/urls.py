"""调研与文字综合 pages."""

from .views import urlpatterns  # noqa: F401

app_name = "research"
