"""协调事项 pages [9], [15]."""

from .views import matters

app_name = "coordination"

urlpatterns: list = [*matters.urlpatterns]
