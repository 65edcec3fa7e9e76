"""政务公开 pages [35], [36]. Each view module owns its routes (``urlpatterns``)."""

from .views import home

app_name = "disclosure"

urlpatterns = [
    *home.urlpatterns,
]
