"""信访 pages. Each view module owns its routes (``urlpatterns``) so the pages grow module by module."""

from .views import cases, desk, incidents, lookup, printing, stats, steps, unit

app_name = "petitions"

urlpatterns = [
    # The desk (登记), the unit contact's pages, a case's steps, the list and a case (pdesk).
    *desk.urlpatterns,
    *unit.urlpatterns,
    *steps.urlpatterns,
    *cases.urlpatterns,
    *lookup.urlpatterns,  # 查询信访人 and 查询记录 [48] (psec)
    *printing.urlpatterns,  # letters to the petitioner (PDF) [47][48][50] (pfiles)
    *stats.urlpatterns,  # statistics, the monthly report, the register export (pfiles)
    *incidents.urlpatterns,  # 信访突发事件 [49] (pfiles)
]
