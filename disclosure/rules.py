"""Who may do what in 政务公开 (第五章 [35], [36]) — the ``permission=`` of every transition, citing the article.

第三十五条: the office coordinates and guides the townships' and departments' disclosure; everything is public
except what law keeps secret. 第三十六条: the office urges them on, inspects them regularly and assesses them.

The office's 政务公开专员 keep the checklists (公开目录), plan and run the inspections, record findings, check
rectifications and score the assessment; the office's leaders (主任, 副主任) approve an inspection plan and
confirm an assessment, and may do what the officers do. A unit's 联络员 (outside the office) sees their own
unit's checklist, findings and confirmed assessment, and reports their own unit's rectifications only [36].

Functions named ``can_<verb>(user)`` answer for the chapter (a page, a button without an object); the
transitions' permissions take ``(obj, user)`` as django-fsm calls them.
"""

from __future__ import annotations

from org.roles import OFFICE_LEADERS, Role, has_role

# The office people who run disclosure work [35], [36].
OFFICER_ROLES = frozenset({Role.DISCLOSURE_OFFICER, *OFFICE_LEADERS})
WORKING_ROLES = frozenset({*OFFICER_ROLES, Role.UNIT_CONTACT})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_disclosure(user) -> bool:
    """The 政务公开 chapter: the officers, the office's leaders and the units' contacts [35], [36]."""
    return _active(user) and has_role(user, *WORKING_ROLES)


def is_officer(user) -> bool:
    """政务公开专员 or an office leader: sees every unit's disclosure work [35], [36]."""
    return _active(user) and has_role(user, *OFFICER_ROLES)


def is_office_leader(user) -> bool:
    """主任 or 副主任: approve inspection plans, confirm assessments [36]."""
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def contact_unit_id(user) -> int | None:
    """The unit a 联络员 speaks for, or None for everyone else (an officer who is also a contact is an officer)."""
    if not _active(user) or is_officer(user) or not has_role(user, Role.UNIT_CONTACT):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def is_unit_contact(user) -> bool:
    return contact_unit_id(user) is not None


# --- the chapter's actions (no object) ----------------------------------------------------------------------


def can_keep_catalogue(user) -> bool:
    """Add, change, retire a unit's 公开目录 entries: the office [35]."""
    return is_officer(user)


def can_plan_inspection(user) -> bool:
    """拟定检查计划 [36]."""
    return is_officer(user)


def can_assess(user) -> bool:
    """Set the year's scheme and criteria, score the units [36]."""
    return is_officer(user)


def can_export(user) -> bool:
    """The assessment report (PDF, Excel) and the statistics: the office [36]."""
    return is_officer(user)


# --- the transitions' and objects' permissions (obj, user) ---------------------------------------------------


def can_approve_inspection(inspection, user) -> bool:
    """An office leader approves an inspection plan [36]."""
    return is_office_leader(user)


def can_run_inspection(inspection, user) -> bool:
    """Start and close an inspection: the office [36]."""
    return is_officer(user)


def can_record_finding(inspection, user) -> bool:
    """Record what an inspection found, while it runs [36]."""
    return is_officer(user) and inspection.state == "in_progress"


def is_contact_of(finding, user) -> bool:
    """The person is the 联络员 of the finding's unit [36]."""
    unit_id = contact_unit_id(user)
    return unit_id is not None and unit_id == finding.unit_id


def can_report_rectification(finding, user) -> bool:
    """报送整改情况: the unit's own contact (their unit only), or the officer for a unit without one [36]."""
    return is_officer(user) or is_contact_of(finding, user)


def can_accept_rectification(finding, user) -> bool:
    """验收 or send back a rectification: the office, never the unit itself [36]."""
    return is_officer(user)


def can_edit_assessment(assessment, user) -> bool:
    """Score an assessment: the office, while it is a draft; confirmed, it is read-only [36]."""
    return is_officer(user) and assessment.state == "draft"


def can_confirm_assessment(assessment, user) -> bool:
    """确认考核结果: an office leader [36]."""
    return is_office_leader(user)
