"""Who may do what with a 协调事项 — the ``permission=`` of every transition, citing the article.

第九条 [9]: 根据县政府领导的指示和办理文件的需要，组织协调县政府各部门之间、部门与各乡(镇)之间的工作；对有争议
的问题提出处理意见，报县政府领导决策. 第十五条 [15(1)], [15(2)]: the director and the deputy directors coordinate
the relations between the townships and the departments and solve the problems raised.

- Registering, coordinating and proposing is the office's: its leaders, section chiefs, 归口人员 and the 收发秘书
  (who register matters from the documents they handle). The matter's 牵头领导 (the director or a deputy) and its
  经办人 carry it; any office leader may act for them.
- The proposal goes to one county leader — the 分管副县长 of the matter's line, or the 县长. Only that leader, or
  the 县长 (who may decide any matter of the government), decides or sends it back.
- A party unit's 联络员 reads their unit's matters; the office's proposal only once the leader has decided.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role

# Who registers and handles matters in the office.
OFFICE_HANDLER_ROLES = frozenset({*OFFICE_LEADERS, Role.SECTION_CHIEF, Role.LINE_STAFF, Role.REGISTRY_CLERK})
# Who reads every matter: the office leaders and the section chiefs (the brief's 科长), and the 县长.
ALL_READERS = frozenset({*OFFICE_LEADERS, Role.SECTION_CHIEF, Role.COUNTY_HEAD})
# Who sees the chapter at all (roles only: the navigation asks no query).
WORKING_ROLES = frozenset({*OFFICE_HANDLER_ROLES, *COUNTY_LEADERS, Role.UNIT_CONTACT})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_office_leader(user) -> bool:
    """办公室主任、副主任 [15(1)], [15(2)]."""
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def is_county_head(user) -> bool:
    return _active(user) and has_role(user, Role.COUNTY_HEAD)


def is_county_leader(user) -> bool:
    return _active(user) and has_role(user, *COUNTY_LEADERS)


def is_office_handler(user) -> bool:
    """The office's people who register and handle matters [9]."""
    return _active(user) and (user.is_superuser or has_role(user, *OFFICE_HANDLER_ROLES))


def sees_everything(user) -> bool:
    """The office leaders, the section chiefs, the 县长 and superusers read every matter [9], [15]."""
    return _active(user) and (user.is_superuser or has_role(user, *ALL_READERS))


def contact_unit_id(user) -> int | None:
    """The unit a 单位联络员 speaks for, or None for everyone else."""
    if not _active(user) or not has_role(user, Role.UNIT_CONTACT):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def is_unit_contact(user) -> bool:
    return contact_unit_id(user) is not None


def can_open_coordination(user) -> bool:
    """The chapter is shown to the office's handlers, county leaders and unit contacts (roles only) [9]."""
    return _active(user) and (user.is_superuser or has_role(user, *WORKING_ROLES))


def can_register(user) -> bool:
    """登记协调事项: the office [9]."""
    return is_office_handler(user)


def can_export(user) -> bool:
    """The register as Excel: the office's readers [9]."""
    return sees_everything(user) or (is_office_handler(user) and not is_county_leader(user))


# --- the transitions' permissions ------------------------------------------------------------------------------


def _carries(matter, user) -> bool:
    """The matter's 牵头领导 or 经办人, any office leader, or a superuser [15(1)], [15(2)]."""
    if not _active(user):
        return False
    return user.is_superuser or user.pk in (matter.lead_id, matter.handler_id) or is_office_leader(user)


def can_handle(matter, user) -> bool:
    """开始协调, 记录协调情况, 办结: whoever carries the matter [9]."""
    return _carries(matter, user)


def can_propose(matter, user) -> bool:
    """提出处理意见报领导: whoever carries it; the office's proposal [9]."""
    return _carries(matter, user)


def can_decide(matter, user) -> bool:
    """批示 / 退回再协调: the county leader the matter was put before, or the 县长 [9]."""
    if not _active(user):
        return False
    return (matter.leader_id is not None and user.pk == matter.leader_id) or is_county_head(user)


def can_withdraw(matter, user) -> bool:
    """撤销: the matter's 牵头领导 or any office leader (a superuser too) [15(1)], [15(2)]."""
    if not _active(user):
        return False
    return user.is_superuser or user.pk == matter.lead_id or is_office_leader(user)


def can_read_proposal(matter, user) -> bool:
    """The office's internal proposal: hidden from a party's 联络员 until the leader has decided [9]."""
    from .models import DECIDED_STATES

    if not is_unit_contact(user) or sees_everything(user):
        return True
    return matter.state in DECIDED_STATES


def can_print(matter, user) -> bool:
    """协调事项呈批单 (it carries the proposal): whoever may read the proposal [9]."""
    return can_read_proposal(matter, user)
