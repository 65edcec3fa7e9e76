"""Who may do what in 行政复议与应诉 and 行政许可项目清理 (第十三条 [13]) — the ``permission=`` of every transition.

第十三条 gives the office the county government's legal work. 法制科 (people whose ``Profile.section`` is the
LEGAL section) registers and handles the reconsideration and litigation cases and keeps the licensing items and
their clean-ups. The office's director and deputy directors and the county leaders see every case (personal data
masked: they supervise, they do not need the applicant's ID number). A department's 单位联络员 sees the cases
about their own department's acts — the department must supply the materials and evidence for the reply — with
the private party's identity masked. Everyone else who signs in with a role opens the chapter for the public list
of licensing items in force only (the catalogue is public by law).

Functions ``can_<verb>(user)`` answer for the chapter; transitions' permissions take ``(obj, user)``.
"""

from __future__ import annotations

from org.models import Section
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role, roles_of
from org.selectors import section_code_of


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_legal(user) -> bool:
    """The chapter (at least the public list of licensing items in force): anyone signed in with a role [13].
    No query beyond ``roles_of`` — the top bar runs it on every page."""
    return _active(user) and bool(roles_of(user))


def is_legal_section(user) -> bool:
    """A member of 法制科 [13]: read once per request and cached on the user."""
    return _active(user) and section_code_of(user) == Section.Code.LEGAL


def is_overseer(user) -> bool:
    """Office leaders and county leaders: see every case, personal data masked [13]."""
    return _active(user) and has_role(user, *OFFICE_LEADERS, *COUNTY_LEADERS)


def contact_unit_id(user) -> int | None:
    """The department a 单位联络员 speaks for; None for everyone else."""
    if not _active(user) or not has_role(user, Role.UNIT_CONTACT) or is_overseer(user):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def sees_cases(user) -> bool:
    """The case register (each by what the selector lets through) [13]."""
    return is_legal_section(user) or is_overseer(user) or contact_unit_id(user) is not None


def sees_personal_data(user) -> bool:
    """The private party's name, ID number and phone in clear: 法制科 only [13]."""
    return is_legal_section(user)


def can_register(user) -> bool:
    """登记案件: 法制科 [13]."""
    return is_legal_section(user)


def can_handle(case, user) -> bool:
    """Every step of a case: 法制科 [13]."""
    return is_legal_section(user)


def can_keep_items(user) -> bool:
    """Add licensing items, run a clean-up, record decisions: 法制科 [13]."""
    return is_legal_section(user)


def can_decide_item(item, user) -> bool:
    return is_legal_section(user)
