"""The model permissions each role carries for leave (synced to the groups on migrate).

Who sees which request is decided by ``selectors.leave_visible_to`` (own, approving, or office leaders and
the 收发秘书 for all [54]); these permissions are for the admin and the exports.
"""

from org.roles import OFFICE_LEADERS, Role, grant

from .rules import WORKING_ROLES

VIEW = "leave.view_leaverequest"

for role in WORKING_ROLES:
    grant(role, [VIEW, "leave.view_leavekind"])
for role in (*OFFICE_LEADERS, Role.REGISTRY_CLERK):
    grant(role, ["leave.view_all_leaverequest", "leave.export_leaverequest", "leave.view_transitionlog"])
