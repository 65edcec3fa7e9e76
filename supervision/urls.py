"""督查 pages. Each view module owns its routes (``urlpatterns``) so the pages grow module by module."""

from .views import approvals, feedback, imports, items, printing, proposals, stats

app_name = "supervision"

urlpatterns = [
    # The items: list, unit contact's home, 登记, the item page and its steps (sup2).
    *items.urlpatterns,
    *feedback.urlpatterns,
    *approvals.urlpatterns,
    # Registers, files and figures: work-report tasks, proposals, PDFs, statistics (sup3).
    *imports.urlpatterns,
    *proposals.urlpatterns,
    *printing.urlpatterns,
    *stats.urlpatterns,
]
