"""The model permissions each role carries for 协调事项 (synced to the groups on migrate).

Who sees which matter is decided by ``selectors`` alone (the office leaders, the section chiefs and the 县长 every
matter; the people on one theirs; a party's 联络员 their unit's, with no model permission) [9]. These permissions
open the admin's read-only pages to the office's leaders.
"""

from org.roles import OFFICE_LEADERS, grant

VIEW = ["coordination.view_matter", "coordination.view_party", "coordination.view_talk", "coordination.view_matterlog"]

for role in OFFICE_LEADERS:
    grant(role, VIEW)
