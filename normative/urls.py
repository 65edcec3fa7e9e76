"""规范性文件 pages."""

app_name = "normative"

urlpatterns: list = []
