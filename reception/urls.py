"""公务接待 pages."""

app_name = "reception"

urlpatterns: list = []
