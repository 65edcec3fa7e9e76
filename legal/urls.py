"""行政复议与应诉 pages."""

app_name = "legal"

urlpatterns: list = []
