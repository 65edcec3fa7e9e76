"""The model permissions each role carries for duty (synced to the groups on migrate).

Who sees what is ``selectors.visible`` (everyone who opens the chapter); these permissions are for the admin:
the office's leaders keep the shift kinds and read the rosters and reports there [41], [42], [43].
"""

from org.roles import OFFICE_LEADERS, Role, grant

READ = [
    "duty.view_roster",
    "duty.view_shift",
    "duty.view_shiftkind",
    "duty.view_swap",
    "duty.view_handover",
    "duty.view_logentry",
    "duty.view_emergencyreport",
    "duty.view_rosterlog",
]

for role in OFFICE_LEADERS:
    grant(role, [*READ, "duty.manage_roster"])
grant(Role.OFFICE_DIRECTOR, ["duty.add_shiftkind", "duty.change_shiftkind"])
grant(Role.REGISTRY_CLERK, READ)
grant(Role.DUTY_OFFICER, ["duty.view_shift", "duty.view_logentry", "duty.view_emergencyreport"])
