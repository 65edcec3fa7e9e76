"""The model permissions each role carries for 印信 (synced to the groups on migrate) [7].

Who sees which record is decided by ``selectors`` (the office's leaders and the clerk see everything; other
office staff the seal register and their own requests; a unit's 联络员 their own unit's seals and applications,
through the selectors only, with no model permission). These permissions open the admin's read-only pages to
the office's leaders and the clerk, who keep the seals."""

from org.roles import OFFICE_LEADERS, Role, grant

VIEW = [
    "seals.view_seal",
    "seals.view_seallog",
    "seals.view_sealrequest",
    "seals.view_sealrequestlog",
    "seals.view_sealuse",
    "seals.view_sealapplication",
    "seals.view_sealapplicationlog",
]
# The clerk's steps offered in the admin (恢复使用) go through the services, which check the rules [7].
KEEP = ["seals.change_seal", "seals.change_sealapplication"]
DECIDE = ["seals.change_sealrequest"]

grant(Role.REGISTRY_CLERK, [*VIEW, *KEEP])
for role in OFFICE_LEADERS:
    grant(role, [*VIEW, *DECIDE])
grant(Role.OFFICE_DIRECTOR, ["seals.change_sealapplication"])
