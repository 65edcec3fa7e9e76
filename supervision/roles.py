"""The model permissions each role carries for supervision (synced to the groups on migrate).

Who sees which item is decided by ``selectors.items_visible_to``: ``view_item`` opens the unclassified items to
the office's supervisors and the county leaders; a classified one needs clearance and a place on it [31], [32].
Unit contacts get no model permission: they see their unit's items through the selector only [40].
"""

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, grant

from .rules import SUPERVISOR_ROLES

VIEW = [
    "supervision.view_item",
    "supervision.view_feedback",
    "supervision.view_extension",
    "supervision.view_proposalanswer",
    "supervision.view_itemlog",
]

for role in SUPERVISOR_ROLES:
    grant(role, [*VIEW, "supervision.register_item"])
for role in COUNTY_LEADERS:
    grant(role, ["supervision.view_item", "supervision.export_item"])
for role in OFFICE_LEADERS:
    grant(role, ["supervision.export_item"])
grant(Role.REGISTRY_CLERK, ["supervision.export_item"])
