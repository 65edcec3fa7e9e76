"""会议 pages. Each view module owns its routes (``urlpatterns``) so the pages grow module by module."""

from .views import agenda, calendar, decisions, external, meetings, minutes, printing, statistics, topics

app_name = "meetings"

urlpatterns = [
    *calendar.urlpatterns,
    *meetings.urlpatterns,
    *topics.urlpatterns,
    *minutes.urlpatterns,
    *decisions.urlpatterns,
    *statistics.urlpatterns,
    *printing.urlpatterns,
    *agenda.urlpatterns,
    *external.urlpatterns,
]
