"""The model permissions each role carries for 调研与文字综合: the office's leaders read the admin's pages.
Who sees which task is ``selectors`` (the team, the reviewers, the asking leader) [4], [5]."""

from org.roles import OFFICE_LEADERS, grant

VIEW = [
    "research.view_task",
    "research.view_member",
    "research.view_reviewer",
    "research.view_version",
    "research.view_fieldwork",
    "research.view_opinion",
    "research.view_tasklog",
]

for role in OFFICE_LEADERS:
    grant(role, VIEW)
