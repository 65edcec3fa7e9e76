"""调研与文字综合 pages."""

app_name = "research"

urlpatterns: list = []
