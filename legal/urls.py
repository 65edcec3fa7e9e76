"""行政复议与应诉 pages [13]. Each view module owns its routes."""

from .views import cases, licensing

app_name = "legal"

urlpatterns = [*cases.urlpatterns, *licensing.urlpatterns]
