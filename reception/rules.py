"""Who may do what with official receptions and activities (公务接待、重大活动, 第六条 [6]) — the ``permission=`` of
every transition, citing the article.

第六条: the office organises major activities and the county government's everyday reception and official
activities. Who (a decision, docs/decisions.md):
- 综合科's staff (their profile's section is 综合科, and they are its 科长 or line staff) register requests, make
  the schedule, record the reception as held and fill in the 公务接待清单 [6];
- the office director, or the deputy director in charge of 综合科 (the section's 分管办公室领导), approves; a request
  whose estimated cost is above ``RECEPTION_LEADER_APPROVAL_ABOVE`` (5,000 yuan) needs the county head's approval
  too [6];
- office leaders see every request; county leaders see those they receive (and the county head those above the
  threshold); everyone else sees only what they registered.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role, roles_of

HANDLER_ROLES = frozenset({Role.SECTION_CHIEF, Role.LINE_STAFF})


def leader_approval_above() -> Decimal:
    """Above this estimated cost (yuan) the county head approves too [6]."""
    return Decimal(str(getattr(settings, "RECEPTION_LEADER_APPROVAL_ABOVE", 5000)))


def record_days() -> int:
    """Working days after the visit ends within which the 公务接待清单 is filled [6]."""
    return int(getattr(settings, "RECEPTION_RECORD_DAYS", 5))


def approval_days() -> int:
    """Working days a request waits for its approver before they are reminded [6]."""
    return int(getattr(settings, "RECEPTION_APPROVAL_DAYS", 1))


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def in_general_section(user) -> bool:
    """The person's profile is in 综合科; read once and cached on the user object (the top bar asks every page)."""
    from org.models import Section
    from org.selectors import section_code_of

    return section_code_of(user) == Section.Code.GENERAL


def is_handler(user) -> bool:
    """综合科's 科长 or line staff (or a superuser): they register and handle receptions [6]."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user) & HANDLER_ROLES) and in_general_section(user)


def is_office_leader(user) -> bool:
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def is_county_leader(user) -> bool:
    return _active(user) and has_role(user, *COUNTY_LEADERS)


def is_county_head(user) -> bool:
    return _active(user) and (user.is_superuser or has_role(user, Role.COUNTY_HEAD))


def sees_everything(user) -> bool:
    return _active(user) and (user.is_superuser or is_office_leader(user) or is_handler(user))


def is_office_approver(user) -> bool:
    """The office director, or the deputy director in charge of 综合科 [6], [15(2)]."""
    if not _active(user):
        return False
    if user.is_superuser or has_role(user, Role.OFFICE_DIRECTOR):
        return True
    if not has_role(user, Role.DEPUTY_DIRECTOR):
        return False
    from org.models import Section

    return Section.objects.filter(code=Section.Code.GENERAL, leader_in_charge_id=user.pk).exists()


def can_open_reception(user) -> bool:
    """公务接待 is shown to 综合科's staff, the office and county leaders and superusers [6]. No query for anyone
    else: the section is asked only of 科长 and line staff (once, cached on the user)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    roles = roles_of(user)
    if roles & (OFFICE_LEADERS | COUNTY_LEADERS):
        return True
    return bool(roles & HANDLER_ROLES) and in_general_section(user)


def can_register(user) -> bool:
    """登记接待申请: 综合科's staff [6]."""
    return is_handler(user)


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_approve(obj, user) -> bool:
    """审批 by the office director or the deputy director in charge of 综合科 [6]."""
    return is_office_approver(user)


def can_head_approve(obj, user) -> bool:
    """Above the threshold the county head approves too [6]."""
    return is_county_head(user)


def can_decide(obj, user) -> bool:
    """退回 / 不予接待: whoever approves at the current stage [6]."""
    from .models import State

    if obj.state == State.HEAD_REVIEW:
        return is_county_head(user)
    return is_office_approver(user)


def can_handle(obj, user) -> bool:
    """Resubmit, mark held, fill in the 清单: 综合科's staff [6]."""
    return is_handler(user)


def can_cancel(obj, user) -> bool:
    """取消: 综合科's staff or an office approver, before it is held [6]."""
    return is_handler(user) or is_office_approver(user)


def can_edit_schedule(obj, user) -> bool:
    """日程 made after approval by 综合科's staff [6]."""
    from .models import State

    return is_handler(user) and obj.state == State.APPROVED


def can_attach_letter(obj, user) -> bool:
    """The 公函 may arrive after the phone call: added by 综合科 while the request is not yet decided [6]."""
    from .models import State

    return is_handler(user) and obj.state in (State.SUBMITTED, State.RETURNED)


def can_export(user) -> bool:
    """公务接待台账 (Excel): 综合科 and the office leaders."""
    return sees_everything(user)
