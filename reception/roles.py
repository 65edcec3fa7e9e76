"""The model permissions each role carries for receptions (synced to the groups on migrate). Who sees which
reception is decided by ``selectors.receptions_visible_to``; these open the admin's pages."""

from org.roles import OFFICE_LEADERS, Role, grant

VIEW = [
    "reception.view_reception",
    "reception.view_scheduleitem",
    "reception.view_receptionrecord",
    "reception.view_mealline",
    "reception.view_receptionlog",
]

# 综合科 handles receptions [6]; line staff and chiefs of other sections see nothing through the selector.
for role in (Role.SECTION_CHIEF, Role.LINE_STAFF):
    grant(role, [*VIEW, "reception.change_reception"])
# Office leaders approve and see all [6].
for role in OFFICE_LEADERS:
    grant(role, [*VIEW, "reception.change_reception"])
grant(Role.COUNTY_HEAD, [*VIEW, "reception.change_reception"])
