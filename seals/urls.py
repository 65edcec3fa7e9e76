"""印信 pages [7]. Each view module owns its routes (``urlpatterns``)."""

from .views import applications, register, requests, uses

app_name = "seals"

urlpatterns = [
    *register.urlpatterns,
    *uses.urlpatterns,
    *requests.urlpatterns,
    *applications.urlpatterns,
]
