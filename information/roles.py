"""The model permissions each role carries for government information (synced to the groups on migrate).

Who sees which item is decided by ``selectors.items_visible_to``, not by these; they open the admin's pages.
Unit contacts get no model permission: they see their unit's items through the selector only [45]. The scoring
table is added to by the office leaders (奖惩 [46]); its rows are never changed or deleted.
"""

from org.roles import OFFICE_LEADERS, Role, grant

VIEW = [
    "information.view_informationitem",
    "information.view_revision",
    "information.view_sending",
    "information.view_adoption",
    "information.view_attachment",
    "information.view_scoringrule",
    "information.view_publication",
    "information.view_publicationentry",
    "information.view_informationlog",
]

# 政务信息员: screen, edit, send, record adoptions, assemble the 《政务信息》 [44], [46].
grant(Role.INFORMATION_OFFICER, [*VIEW, "information.change_informationitem"])
# Office leaders: review [46], and set the scoring rules (a new row from a date) [46].
for role in OFFICE_LEADERS:
    grant(role, [*VIEW, "information.change_informationitem", "information.add_scoringrule"])
