"""The model permissions each role carries for 行政复议与应诉 (synced to the groups on migrate).

Who sees which case is decided by ``selectors`` (法制科 every case in clear; the leaders every case masked; a
department's 联络员 their department's, masked — through the selectors only, with no model permission). These
permissions open the admin's read-only pages to the office's leaders and the section chiefs (法制科's chief is one;
the admin's queryset is the selector, so another section's chief sees nothing there).
"""

from org.roles import OFFICE_LEADERS, Role, grant

VIEW = [
    "legal.view_case",
    "legal.view_caselog",
    "legal.view_caseattachment",
    "legal.view_licensingitem",
    "legal.view_licensingitemlog",
    "legal.view_licensingdecision",
    "legal.view_licensingcleanup",
]

for role in (Role.SECTION_CHIEF, *OFFICE_LEADERS):
    grant(role, VIEW)
