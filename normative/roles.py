"""The model permissions each role carries for 规范性文件 (synced to the groups on migrate).

Who sees which record is decided by ``selectors`` (法制科, the office's leaders and the county leaders see the
whole register; everyone else the published documents) [13]. These permissions open the admin's read-only pages
to the office's director and deputy directors.
"""

from org.roles import OFFICE_LEADERS, grant

VIEW = [
    "normative.view_normativedocument",
    "normative.view_normativelog",
    "normative.view_interpretation",
    "normative.view_interpretationlog",
    "normative.view_cleanup",
    "normative.view_cleanupitem",
    "normative.view_cleanuplog",
    "normative.view_repealproposal",
    "normative.view_repealproposallog",
]

for role in OFFICE_LEADERS:
    grant(role, VIEW)
