"""Who may do what with government information (政务信息) — the ``permission=`` of every transition, citing the
article.

第四十四条: the office gives the leaders timely, accurate information and reports at least two items a week to
the province and to the prefecture. 第四十五条: the office guides the county government system's information
work. 第四十六条: information is collected, screened, edited, passed on, followed up and stored; urgent matters
are reported urgently; reporting is rewarded and scored.

The office's information staff (政务信息员) screen, edit, send, record adoptions, archive and assemble the
office's own 《政务信息》. An office leader (主任, 副主任) reviews an item before it is sent. A township's or
department's contact (单位联络员) submits their own unit's items and sees only those [45]. County leaders read
what was sent to them or adopted. The scoring table is the office leaders' (奖惩 [46]); superusers may do what
the information staff do.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role

# Who sees every item.
OFFICE_READERS = frozenset({*OFFICE_LEADERS, Role.INFORMATION_OFFICER})
# Who sees the chapter at all.
WORKING_ROLES = frozenset({*OFFICE_READERS, *COUNTY_LEADERS, Role.UNIT_CONTACT})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_information_officer(user) -> bool:
    """政务信息员 (or a superuser) [44], [46]."""
    return _active(user) and (user.is_superuser or has_role(user, Role.INFORMATION_OFFICER))


def is_office_leader(user) -> bool:
    """办公室主任、副主任: they review items before they are sent [46]."""
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def is_county_leader(user) -> bool:
    return _active(user) and has_role(user, *COUNTY_LEADERS)


def sees_everything(user) -> bool:
    """The information staff, the office leaders and superusers see every item."""
    return _active(user) and (user.is_superuser or has_role(user, *OFFICE_READERS))


def contact_unit_id(user) -> int | None:
    """The unit a 单位联络员 reports for, or None for everyone else [45]."""
    if not _active(user) or not has_role(user, Role.UNIT_CONTACT):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def is_unit_contact(user) -> bool:
    return contact_unit_id(user) is not None


def is_contact_of(item, user) -> bool:
    """The contact of the item's unit [45]."""
    unit_id = contact_unit_id(user)
    return unit_id is not None and item.unit_id is not None and item.unit_id == unit_id


def can_open_information(user) -> bool:
    """The 政务信息 chapter is shown to the information staff, the office and county leaders, unit contacts and
    superusers [44]–[46]."""
    return _active(user) and (user.is_superuser or has_role(user, *WORKING_ROLES))


def can_submit(user, unit=None) -> bool:
    """报送信息: a unit contact for their own unit; the information staff for any unit or for the office itself
    (``unit`` None) [45], [46]. Without ``unit``: may this person submit at all (the 报送 button)."""
    if is_information_officer(user):
        return True
    unit_id = contact_unit_id(user)
    if unit_id is None:
        return False
    if unit is None:
        return True
    return getattr(unit, "pk", unit) == unit_id


def can_submit_for(user, unit) -> bool:
    """Submit for exactly this unit (None: the office's own): a contact never for the office or another unit."""
    if is_information_officer(user):
        return True
    unit_id = contact_unit_id(user)
    return unit_id is not None and unit is not None and getattr(unit, "pk", unit) == unit_id


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_withdraw(item, user) -> bool:
    """撤回 while waiting to be screened: the person who submitted it, or their unit's contact [46]."""
    if not _active(user):
        return False
    return user.pk == item.submitted_by_id or is_contact_of(item, user)


def can_screen(item, user) -> bool:
    """筛选 (kept / not used): the information staff [46]."""
    return is_information_officer(user)


def can_edit(item, user) -> bool:
    """编辑 and 送审: the information staff [46]."""
    return is_information_officer(user)


def can_review(item, user) -> bool:
    """审核 (approve / return): an office leader [46]."""
    return _active(user) and (user.is_superuser or is_office_leader(user))


def can_send(item, user) -> bool:
    """报送 to 省 / 州 / 县领导: the information staff [44], [46]."""
    return is_information_officer(user)


def can_adopt(item, user) -> bool:
    """Record an adoption (采用) and a leader's 批示: the information staff [46]."""
    return is_information_officer(user)


def can_archive(item, user) -> bool:
    """归档: the information staff [46]."""
    return is_information_officer(user)


def can_attach(item, user) -> bool:
    """Add an attachment: whoever may still change the item — the submitter or their unit's contact while it
    waits to be screened, the information staff before it is sent [46]."""
    from .models import State

    if is_information_officer(user) and item.state in (
        State.SUBMITTED,
        State.EDITING,
        State.REVIEWING,
        State.APPROVED,
    ):
        return True
    return item.state == State.SUBMITTED and can_withdraw(item, user)


# --- the chapter's other pages ---------------------------------------------------------------------------------


def can_manage_scoring(user) -> bool:
    """计分标准 (the reward and penalty table): set by the office leaders [46]."""
    return _active(user) and (user.is_superuser or is_office_leader(user))


def can_view_scores(user) -> bool:
    """积分和通报: the ranking is issued to every unit, so whoever opens the chapter reads it [46]."""
    return can_open_information(user)


def can_issue_ranking(user) -> bool:
    """通报 (the ranking as a PDF the office issues): the information staff and the office leaders [46]."""
    return is_information_officer(user) or is_office_leader(user)


def can_manage_publications(user) -> bool:
    """The office's 《政务信息》: assembled and issued by the information staff [44], [46]."""
    return is_information_officer(user)


def can_view_publications(user) -> bool:
    """An issued 《政务信息》 is read by the office's and the county's leaders and the information staff [44]."""
    return sees_everything(user) or is_county_leader(user)


def can_view_week(user) -> bool:
    """This week against the quota [44]: the information staff and the leaders."""
    return sees_everything(user) or is_county_leader(user)


def can_view_statistics(user) -> bool:
    """统计: the information staff and the office's and the county's leaders [44]–[46]."""
    return sees_everything(user) or is_county_leader(user)


def can_export(user) -> bool:
    """Excel exports: the information staff and the office leaders."""
    return sees_everything(user)
