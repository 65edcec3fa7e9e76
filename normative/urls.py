"""规范性文件 pages [13]. Each view module owns its routes (``urlpatterns``)."""

from .views import cleanups, documents, in_force, register

app_name = "normative"

urlpatterns = [
    *register.urlpatterns,
    *in_force.urlpatterns,
    *cleanups.urlpatterns,
    *documents.urlpatterns,
]
