"""The model permissions each role carries for 政务公开 (synced to the groups on migrate).

Who sees which record is decided by ``selectors`` (the officers and the office's leaders see every unit's; a
unit's 联络员 their own unit's, through the selectors only, with no model permission) [35], [36]. These
permissions open the admin's read-only pages to the office.
"""

from org.roles import OFFICE_LEADERS, Role, grant

VIEW = [
    "disclosure.view_catalogue",
    "disclosure.view_catalogueentry",
    "disclosure.view_cataloguelog",
    "disclosure.view_inspection",
    "disclosure.view_inspectionlog",
    "disclosure.view_finding",
    "disclosure.view_findinglog",
    "disclosure.view_assessmentscheme",
    "disclosure.view_criterion",
    "disclosure.view_assessment",
    "disclosure.view_score",
    "disclosure.view_assessmentlog",
]

for role in (Role.DISCLOSURE_OFFICER, *OFFICE_LEADERS):
    grant(role, VIEW)
