"""协调事项 pages."""

app_name = "coordination"

urlpatterns: list = []
