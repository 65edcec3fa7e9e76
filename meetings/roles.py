"""The model permissions each role carries for meetings (synced to the groups on migrate).

Who sees which meeting is decided by ``selectors.meetings_visible_to`` (on it, or an organiser for the
unclassified); these permissions are for the organisers' pages, the admin and the exports [6], [17].
"""

from org.roles import Role, grant

from .rules import ORGANISER_ROLES

ORGANISER_PERMISSIONS = [
    "meetings.view_meeting",
    "meetings.view_all_meeting",
    "meetings.organise_meeting",
    "meetings.export_meeting",
    "meetings.view_topic",
    "meetings.view_decision",
    "meetings.view_minutes",
    "meetings.view_room",
    "meetings.view_transitionlog",
]

for role in ORGANISER_ROLES:
    grant(role, ORGANISER_PERMISSIONS)
grant(Role.OFFICE_DIRECTOR, ["meetings.add_room", "meetings.change_room"])
grant(Role.REGISTRY_CLERK, ["meetings.add_room", "meetings.change_room"])
