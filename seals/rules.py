"""Who may do what with 印信 (第七条 [7]) — the ``permission=`` of every transition, citing the article.

[7]: the office 负责县政府的印信 … 及县政府各部门印章制发的管理工作, next to 文电收发. So:
- the registry clerk (收发秘书) keeps the county government's and the office's seals, stamps, keeps the 用印登记簿,
  registers, suspends and surrenders seals, has units' seals made and hands them over;
- a use that is not an outgoing document needs a 用印申请, which any office staff member submits and the office
  director or a deputy director approves or returns;
- a department's or township's new seal is applied for by its 联络员 (their own unit only), or entered by the
  clerk from a paper application; the office director decides;
- county leaders are not in this chapter; a 联络员 sees their own unit's applications and seals only.

Functions of ``(user)`` answer for the chapter (a page, a button without an object); the transitions'
permissions take ``(obj, user)`` as django-fsm calls them. None makes a query beyond ``roles_of`` (cached on the
user) and the profile.
"""

from __future__ import annotations

from org.roles import OFFICE_LEADERS, OFFICE_STAFF, Role, has_role

KEEPER_ROLES = frozenset({Role.REGISTRY_CLERK})
# The office's people who see every seal, request, use and application: its leaders and the clerk [7].
OVERSEER_ROLES = frozenset({*OFFICE_LEADERS, *KEEPER_ROLES})
WORKING_ROLES = frozenset({*OFFICE_STAFF, Role.UNIT_CONTACT})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_seals(user) -> bool:
    """The 印信 chapter: the office's staff and the units' contacts [7]."""
    return _active(user) and has_role(user, *WORKING_ROLES)


def is_office_staff(user) -> bool:
    return _active(user) and has_role(user, *OFFICE_STAFF)


def sees_everything(user) -> bool:
    """The office's leaders and the clerk see every seal, request, use and application [7]."""
    return _active(user) and has_role(user, *OVERSEER_ROLES)


def can_keep_seals(user) -> bool:
    """收发秘书: keeps and stamps the seals, registers them, keeps the 用印登记簿 [7][30(5)]."""
    return _active(user) and has_role(user, *KEEPER_ROLES)


def can_decide_request(user) -> bool:
    """办公室主任 or a 副主任 approves or returns a 用印申请 [7]."""
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def can_decide_application(user) -> bool:
    """办公室主任 approves or rejects a 刻制印章申请 [7]."""
    return _active(user) and has_role(user, Role.OFFICE_DIRECTOR)


def can_request_use(user) -> bool:
    """Any office staff member may ask for a seal's use [7] (county leaders and contacts are not in it)."""
    return is_office_staff(user)


def contact_unit_id(user) -> int | None:
    """The unit a 联络员 speaks for, or None (an office person who is also a contact is office staff)."""
    if not _active(user) or is_office_staff(user) or not has_role(user, Role.UNIT_CONTACT):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def can_apply_for_unit(user, unit_id=None) -> bool:
    """刻制印章申请: the unit's own 联络员 (their unit only), or the clerk for any unit from a paper application
    [7]. Without ``unit_id``: may this person apply for some unit at all."""
    if can_keep_seals(user):
        return True
    own = contact_unit_id(user)
    if own is None:
        return False
    return unit_id is None or int(unit_id) == own


def can_register_seal(user) -> bool:
    """Register an own seal already in use: the clerk [7]."""
    return can_keep_seals(user)


def can_record_use(user) -> bool:
    return can_keep_seals(user)


# --- the transitions' and objects' permissions (obj, user) ---------------------------------------------------


def can_change_seal(seal, user) -> bool:
    """停用, 恢复, 缴销: the clerk who keeps the seals [7]."""
    return can_keep_seals(user)


def can_decide_request_obj(request, user) -> bool:
    """Approve or return: the office director or a deputy director, never for their own request [7]."""
    return can_decide_request(user) and request.applicant_id != user.pk


def can_withdraw_request(request, user) -> bool:
    """The applicant withdraws their own request until it is stamped [7]."""
    return _active(user) and request.applicant_id == user.pk


def can_stamp_request(request, user) -> bool:
    """The clerk stamps an approved request (and voids a wrong entry) [7]."""
    return can_keep_seals(user)


def can_decide_application_obj(application, user) -> bool:
    return can_decide_application(user)


def can_withdraw_application(application, user) -> bool:
    """The applicant, or the unit's contact, or the clerk who entered it, until it is decided [7]."""
    if not _active(user):
        return False
    return application.applicant_id == user.pk or can_keep_seals(user) or can_apply_for_unit(user, application.unit_id)


def can_make_seal(application, user) -> bool:
    """刻制 and 交接: the clerk [7]."""
    return can_keep_seals(user)
