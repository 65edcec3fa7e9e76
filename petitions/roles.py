"""The model permissions each role carries for petitions (synced to the groups on migrate).

Who sees which case is decided by ``selectors.cases_visible_to``, not by these; they open the admin's pages
and the exports. Personal data is never opened by a permission: ``rules.can_see_personal_data`` decides, and
the admin always masks it [48]. Unit contacts get no model permission: they see their unit's cases through the
selector only [47].
"""

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, grant

VIEW = [
    "petitions.view_case",
    "petitions.view_referral",
    "petitions.view_extension",
    "petitions.view_review",
    "petitions.view_incident",
    "petitions.view_caselog",
]

# 信访接待: registers, looks people up (logged), exports [48].
grant(
    Role.PETITION_RECEPTIONIST,
    [*VIEW, "petitions.register_case", "petitions.export_case", "petitions.lookup_petitioner"],
)
# Leaders: every case for the statistics, masked [47]; the office's head also reads the look-up log [48].
for role in (*OFFICE_LEADERS, *COUNTY_LEADERS):
    grant(role, [*VIEW, "petitions.export_case"])
grant(Role.OFFICE_DIRECTOR, ["petitions.view_lookuplog"])
# Duty officers record disruptions [49].
grant(Role.DUTY_OFFICER, ["petitions.view_incident"])
