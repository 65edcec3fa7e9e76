"""Who approves a request and who may take each step — the ``permission=`` of every transition [51], [54].

第五十四条: 办公室工作人员出差、学习(培训)、请(休)假, 事前向办公室分管领导报告, 经批准后方可外出;
请(休)假一天以内(含一天)由办公室分管领导审批, 两天以上报主任审批.
第五十一条: 办公室副主任离县出差、学习(培训)、请(休)假, 事前向主任报告, 经批准后方可外出.

The text is silent on the director's own absences (第五十二、五十三条 are missing): they go to the county
leader in charge of the office (``org.selectors.leader_in_charge_of``: the 常务副县长). County leaders do not
use this chapter; the clerk records their absences in ``org.Absence`` [26(6)3].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, OFFICE_STAFF, Role, has_role, roles_of
from org.selectors import leader_in_charge_of, users_with_role

# "一天以内(含一天)" — one working day or less goes to the 分管 leader; more to the director [54]. The text
# says "两天以上"; a day and a half is read as more than one day (REGULATION.md, Decisions).
ONE_DAY = Decimal("1")


@dataclass(frozen=True)
class ApprovalRule:
    """Who approves, the rule in the regulation's words, and its article — shown before sending."""

    approver: object | None
    post: str  # the approver's post, named even when it is vacant: 办公室分管领导, 办公室主任, 常务副县长
    text: str
    article: str
    refusal: str = ""  # why nobody can approve (a county leader, a vacant post)


def _director(exclude=None):
    qs = users_with_role(Role.OFFICE_DIRECTOR)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


def approval_rule(person, total_days: Decimal) -> ApprovalRule:
    """The approver of a request of ``person`` for ``total_days`` working days (the whole chain for 续假)."""
    roles = roles_of(person)
    if roles & COUNTY_LEADERS and not roles & OFFICE_STAFF:
        return ApprovalRule(
            None,
            "",
            "县政府领导的外出由收发秘书登记外出记录",
            "[26(6)3]",
            refusal="县政府领导不通过本系统请假；其外出由收发秘书在“外出记录”中登记 [26(6)3]。",
        )
    if Role.OFFICE_DIRECTOR in roles:
        rule = ApprovalRule(
            leader_in_charge_of(person),
            "分管办公室工作的县政府领导（常务副县长）",
            "办公室主任本人外出，报分管办公室工作的县政府领导（常务副县长）审批",
            "[15(1)][51]",
        )
    elif Role.DEPUTY_DIRECTOR in roles:
        rule = ApprovalRule(
            _director(exclude=person),
            "办公室主任",
            "办公室副主任出差、学习(培训)、请(休)假，事前向主任报告，经批准后方可外出",
            "[51]",
        )
    elif total_days <= ONE_DAY:
        rule = ApprovalRule(
            leader_in_charge_of(person),
            "办公室分管领导",
            "请(休)假一天以内(含一天)由办公室分管领导审批",
            "[54]",
        )
    else:
        rule = ApprovalRule(_director(exclude=person), "办公室主任", "请(休)假两天以上（超过一天）报主任审批", "[54]")
    if rule.approver is None:
        return ApprovalRule(
            None,
            rule.post,
            rule.text,
            rule.article,
            refusal=f"按规定应由{rule.post}审批，但系统中没有该岗位的在职人员，请联系管理员设置 {rule.article}。",
        )
    return rule


# --- who sees what ---------------------------------------------------------------------------------------------

# The office staff ask for leave here [51], [54]; county leaders do not (their absences are recorded by the clerk).
WORKING_ROLES = OFFICE_STAFF


def can_open_leave(user) -> bool:
    """The 请销假 chapter is shown to the office's own staff [51], [54]."""
    return has_role(user, *WORKING_ROLES)


def is_clerk(user) -> bool:
    return has_role(user, Role.REGISTRY_CLERK)


def sees_all(user) -> bool:
    """Office leaders manage the office's people [15], [51], [54]; the 收发秘书 checks who is away before
    distributing documents [26(6)3]. They see every submitted request; others their own and those they approve."""
    return bool(user.is_superuser or has_role(user, *OFFICE_LEADERS, Role.REGISTRY_CLERK))


def can_request(user) -> bool:
    """Office staff report their own trips, study and leave [51], [54]."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and can_open_leave(user))


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_submit(req, user) -> bool:
    """本人事前报告 [51], [54]."""
    return user.pk == req.person_id


def can_withdraw(req, user) -> bool:
    """The person withdraws their own request before a decision, or before an approved absence begins [54]."""
    return user.pk == req.person_id


def can_decide(req, user) -> bool:
    """Only the approver fixed when the request was sent approves or refuses it [51], [54]."""
    return req.approver_id is not None and user.pk == req.approver_id and user.pk != req.person_id


def can_report_return(req, user) -> bool:
    """销假: the person, or the 收发秘书 on their word [54]."""
    return user.pk == req.person_id or is_clerk(user)


def can_extend(req, user) -> bool:
    """续假 is asked by the person, before the approved end [54]."""
    return user.pk == req.person_id
