"""政务公开 pages [35], [36]. Each view module owns its routes (``urlpatterns``)."""

from .views import assessments, catalogues, findings, home, inspections, stats

app_name = "disclosure"

urlpatterns = [
    *home.urlpatterns,
    *catalogues.urlpatterns,
    *inspections.urlpatterns,
    *findings.urlpatterns,
    *assessments.urlpatterns,
    *stats.urlpatterns,
]
