"""信访 pages. Each view module owns its routes (``urlpatterns``) so the pages grow module by module."""

from .views import cases, desk, lookup, steps, unit

app_name = "petitions"

urlpatterns = [
    # The desk (登记), the unit contact's pages, a case's steps, the list and a case (pdesk).
    *desk.urlpatterns,
    *unit.urlpatterns,
    *steps.urlpatterns,
    *cases.urlpatterns,
    *lookup.urlpatterns,  # 查询信访人 and 查询记录 [48] (psec)
]
