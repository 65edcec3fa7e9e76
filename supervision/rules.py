"""Who may do what with supervision items (督查事项) — the ``permission=`` of every transition, citing the article.

第三十七条: the office supervises the work-report tasks, the meetings' decisions, the leaders' instructions and
the deputies' and members' proposals [11], [12]. 第三十八条: an office leader is the first responsible person
(首办责任人) of each item. 第三十九条: a major item is registered as a project and approved by the 分管副县长 before
it is tracked. 第四十条: every item reports back; a late one gives the reason and its progress.

The office's supervisors (its leaders, section chiefs, line staff and the 收发秘书) register items, record what
the units send and ask for closing; the 首办责任人 closes and decides extensions; the 分管副县长 approves a major
item and decides its extensions. A unit contact (单位联络员) is outside the office: they see and report on their
own unit's items only [40].
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role

# The office people who run supervision: register, record feedback, be the 经办人 [37], [40].
SUPERVISOR_ROLES = frozenset({*OFFICE_LEADERS, Role.SECTION_CHIEF, Role.LINE_STAFF, Role.REGISTRY_CLERK})
# Who sees the chapter: the supervisors, the county leaders (who look at it most) and the unit contacts.
WORKING_ROLES = frozenset({*SUPERVISOR_ROLES, *COUNTY_LEADERS, Role.UNIT_CONTACT})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_supervision(user) -> bool:
    """The 督查 chapter is shown to the roles that work with it [37]–[40]."""
    return _active(user) and has_role(user, *WORKING_ROLES)


def is_supervisor(user) -> bool:
    """督查: the office's leaders, section chiefs, line staff and the 收发秘书 [37], [40]."""
    return _active(user) and has_role(user, *SUPERVISOR_ROLES)


def is_office_leader(user) -> bool:
    """首办责任人 are office leaders [38]."""
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def is_deputy_head(user) -> bool:
    """分管副县长 (the executive deputy head is one too) [39]."""
    return _active(user) and has_role(user, Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD)


def contact_unit_id(user) -> int | None:
    """The unit a 单位联络员 reports for, or None for everyone else [40]."""
    if not _active(user) or not has_role(user, Role.UNIT_CONTACT):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def is_unit_contact(user) -> bool:
    return contact_unit_id(user) is not None


def can_register(user) -> bool:
    """登记督查事项: the office's supervisors [37]."""
    return is_supervisor(user)


def is_contact_of(item, user) -> bool:
    """The person is the contact of the item's lead or an assisting unit [40] (unclassified items only)."""
    unit_id = contact_unit_id(user)
    if unit_id is None or item.secret_level > 0:
        return False
    if item.lead_unit_id == unit_id:
        return True
    return item.assisting_units.filter(pk=unit_id).exists()


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_handle(item, user) -> bool:
    """Steps the office takes on an item: submit for approval, start tracking, ask for closing [37], [40]."""
    return is_supervisor(user)


def can_approve(item, user) -> bool:
    """Only the item's 分管副县长 approves (or refuses) a major item's 立项 [39]."""
    return _active(user) and item.deputy_head_id is not None and user.pk == item.deputy_head_id


def can_close(item, user) -> bool:
    """办结 (or 退回继续督办) is the 首办责任人's [38]."""
    return _active(user) and user.pk == item.first_responsible_id


def can_cancel(item, user) -> bool:
    """撤销, with a reason: the 首办责任人 or the office director [38]."""
    return _active(user) and (user.pk == item.first_responsible_id or has_role(user, Role.OFFICE_DIRECTOR))


def can_report(item, user) -> bool:
    """Record a feedback (反馈): the office's supervisors (what a unit sent by paper, phone or letter), or the
    contact of one of the item's units (through the system) [40]."""
    return is_supervisor(user) or is_contact_of(item, user)


def can_request_extension(item, user) -> bool:
    """延期申请: the office for a unit, or the unit's contact [40]."""
    return can_report(item, user)


def extension_decider_id(item) -> int | None:
    """Who decides an extension: the 分管副县长 for a major item [39], the 首办责任人 otherwise [38]."""
    return item.deputy_head_id if item.is_major else item.first_responsible_id


def can_decide_extension(item, user) -> bool:
    return _active(user) and user.pk == extension_decider_id(item)
