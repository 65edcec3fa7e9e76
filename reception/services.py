"""What people do with official receptions and activities (公务接待、重大活动): one function per step of 第六条 [6].

Every step is atomic: it locks the row (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the transition's permission (``rules``; ``ActionRefused``, 403), changes state
through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only.

- ``submit_request(*, actor, data, letter=None)`` — 登记接待申请 (or a 重大活动) → 待审批, to the approver.
- ``resubmit_request(*, actor, pk, seen_version=None, data, letter=None)`` — a returned request, corrected.
- ``attach_letter(*, actor, pk, seen_version=None, letter_number="", letter=None)`` — the 公函 arrives later.
- ``approve_request(*, actor, pk, seen_version=None, comment="")`` — the office approver: 已批准, or (above the
  threshold) on to the county head; ``head_approve_request`` — the county head.
- ``return_request`` / ``reject_request(*, actor, pk, seen_version=None, comment)`` — 退回 / 不予接待.
- ``add_schedule_item`` / ``remove_schedule_item`` — 日程 after approval.
- ``mark_held(*, actor, pk, seen_version=None)`` — 已接待 (only an approved request; not before it began).
- ``record_reception(*, actor, pk, seen_version=None, data)`` — the 公务接待清单, total = its lines.
- ``cancel_request(*, actor, pk, seen_version=None, reason)`` — 已取消, kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.uploads import check_upload
from core.workflow import ActionRefused, Flow
from deadlines.calendar import WorkCalendar, end_of_day
from org.models import Section
from org.roles import Role
from org.selectors import display_name, users_with_role

from . import rules
from .models import (
    Kind,
    MealLine,
    Reception,
    ReceptionLog,
    ReceptionRecord,
    ScheduleItem,
    State,
    accompany_limit,
)

LETTER_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".ofd"})
MONEY_MAX = Decimal("99999999")


def _url(obj) -> str:
    try:
        return reverse("reception:detail", args=[obj.pk])
    except NoReverseMatch:
        return ""


FLOW = Flow(model=Reception, log_model=ReceptionLog, noun="接待事项", url=_url, kind="reception")


@dataclass(frozen=True)
class RequestData:
    kind: str
    title: str
    purpose: str
    visitor_count: int
    arrive_on: date
    leave_on: date
    visiting_unit: str = ""
    letter_number: str = ""
    visitors: str = ""
    place: str = ""
    receiving_leader: object | None = None
    leaders_attending: str = ""
    accompany_count: int = 0
    meal_standard: Decimal = Decimal("0")
    lodging: bool = False
    estimated_cost: Decimal = Decimal("0")


@dataclass(frozen=True)
class Meal:
    served_on: date
    meal: str
    diners: int
    cost: Decimal


@dataclass(frozen=True)
class RecordData:
    actual_visitors: str
    actual_visitor_count: int
    actual_accompany_count: int
    meals: list[Meal] = field(default_factory=list)
    lodging_note: str = ""
    lodging_cost: Decimal = Decimal("0")
    other_note: str = ""
    other_cost: Decimal = Decimal("0")


# --- people -----------------------------------------------------------------------------------------------------


def office_approver():
    """The deputy director in charge of 综合科 when there is one (an active office leader), else the director [6]."""
    section = Section.objects.filter(code=Section.Code.GENERAL).select_related("leader_in_charge").first()
    leader = section.leader_in_charge if section else None
    if leader is not None and leader.is_active and rules.is_office_leader(leader):
        return leader
    return users_with_role(Role.OFFICE_DIRECTOR).first()


def county_head():
    return users_with_role(Role.COUNTY_HEAD).first()


def handlers() -> list:
    """综合科's 科长 and line staff [6]."""
    people = {}
    for role in rules.HANDLER_ROLES:
        for user in users_with_role(role).filter(profile__section__code=Section.Code.GENERAL):
            people.setdefault(user.pk, user)
    return list(people.values())


# --- time limits ------------------------------------------------------------------------------------------------


def approval_due(now: datetime, calendar: WorkCalendar | None = None) -> datetime:
    """The approver is reminded after ``RECEPTION_APPROVAL_DAYS`` (1) working day [6]."""
    calendar = calendar or WorkCalendar.load()
    for _ in range(rules.approval_days()):
        now = calendar.working_day_after(now)
    return now


def record_due(leave_on: date, calendar: WorkCalendar | None = None) -> datetime:
    """The 清单 within ``RECEPTION_RECORD_DAYS`` (5) working days after the visit ends: the end of that day [6]."""
    calendar = calendar or WorkCalendar.load()
    day = leave_on
    for _ in range(rules.record_days()):
        day = calendar.next_working_day(day)
    return end_of_day(day)


# --- checks -----------------------------------------------------------------------------------------------------


def _clean(text) -> str:
    return (text or "").strip()


def _money(value, label: str, problems: list) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except Exception:
        problems.append(f"{label}不是有效的金额。")
        return Decimal("0")
    if amount < 0 or amount > MONEY_MAX:
        problems.append(f"{label}应在0至99999999元之间。")
    return amount.quantize(Decimal("0.01"))


def request_problems(data: RequestData) -> list[str]:
    problems = []
    if data.kind not in Kind.values:
        problems.append("类型不正确。")
    if not _clean(data.title):
        problems.append("请填写名称（来访单位及事由，或活动名称）。")
    if not _clean(data.purpose):
        problems.append("请填写事由（活动内容）。")
    if not isinstance(data.visitor_count, int) or data.visitor_count < 1:
        problems.append("人数至少为1。")
    if not isinstance(data.arrive_on, date) or not isinstance(data.leave_on, date):
        problems.append("请填写到达和离开（活动开始和结束）日期。")
    elif data.leave_on < data.arrive_on:
        problems.append("离开日期不能早于到达日期。")
    _money(data.meal_standard, "用餐标准", problems)
    _money(data.estimated_cost, "预计费用", problems)
    if data.kind == Kind.RECEPTION:
        if not _clean(data.visiting_unit):
            problems.append("公务接待须填写来访单位 [6]。")
        if data.receiving_leader is None:
            problems.append("公务接待须确定接待领导 [6]。")
        if isinstance(data.visitor_count, int) and data.visitor_count >= 1:
            limit = accompany_limit(data.visitor_count)
            if data.accompany_count > limit:
                problems.append(
                    f"陪同人数超过规定：来访{data.visitor_count}人，陪同不得超过{limit}人"
                    "（10人以内不超过3人，超过10人的不超过三分之一）[6]。"
                )
    leader = data.receiving_leader
    if leader is not None and not (rules.is_county_leader(leader) or rules.is_office_leader(leader)):
        problems.append("接待领导应为县领导或办公室领导 [6]。")
    return problems


def _check_letter(letter):
    return check_upload(letter, allowed=LETTER_TYPES) if letter else None


def _apply(obj: Reception, data: RequestData) -> None:
    obj.kind = data.kind
    obj.title = _clean(data.title)[:200]
    obj.purpose = data.purpose.strip()
    obj.visiting_unit = _clean(data.visiting_unit)[:100]
    if _clean(data.letter_number):
        obj.letter_number = _clean(data.letter_number)[:60]
    obj.visitors = (data.visitors or "").strip()
    obj.visitor_count = data.visitor_count
    obj.arrive_on, obj.leave_on = data.arrive_on, data.leave_on
    obj.place = _clean(data.place)[:200]
    obj.receiving_leader = data.receiving_leader
    obj.leaders_attending = _clean(data.leaders_attending)[:300]
    obj.accompany_count = data.accompany_count or 0
    obj.meal_standard = Decimal(str(data.meal_standard or 0)).quantize(Decimal("0.01"))
    obj.lodging = bool(data.lodging)
    obj.estimated_cost = Decimal(str(data.estimated_cost or 0)).quantize(Decimal("0.01"))
    obj.needs_head = obj.estimated_cost > rules.leader_approval_above()


def _store_letter(obj: Reception, letter, info) -> None:
    if letter is not None and info is not None:
        obj.letter_file.save(info.name, letter, save=False)
        obj.letter_name = info.name


def _wait_for(obj: Reception, person, now: datetime) -> None:
    obj.waiting_for = person
    obj.approval_due_at = approval_due(now) if person is not None else None


# --- 申请 ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_request(*, actor, data: RequestData, letter=None) -> Reception:
    """登记接待申请 or a 重大活动 [6]: 综合科 registers it; it waits for the office approver (1 working day). A
    reception may be registered before its 公函 arrives, but is not approved without one."""
    if not rules.can_register(actor):
        raise ActionRefused("只有综合科工作人员可以登记接待申请 [6]。")
    problems = request_problems(data)
    if problems:
        raise ValidationError(problems)
    info = _check_letter(letter)
    now = timezone.now()
    obj = Reception(handler=actor, registered_at=now, state=State.SUBMITTED)
    _apply(obj, data)
    _store_letter(obj, letter, info)
    approver = office_approver()
    _wait_for(obj, approver, now)
    obj.save()
    FLOW.log(obj, actor, "submit", "登记申请", "", comment="" if obj.has_letter else "尚缺公函")
    FLOW.notify([approver], title=f"接待申请待您审批：{obj.title}", obj=obj)
    return obj


@transaction.atomic
def resubmit_request(*, actor, pk, seen_version=None, data: RequestData, letter=None) -> Reception:
    """A returned request, corrected, goes back to the office approver [6]."""
    obj = FLOW.begin(pk, seen_version)
    FLOW.check(obj.resubmit, actor, "只有综合科工作人员可以重新报批退回的申请 [6]。")
    problems = request_problems(data)
    if problems:
        raise ValidationError(problems)
    info = _check_letter(letter)
    from_state = obj.state
    _apply(obj, data)
    _store_letter(obj, letter, info)
    obj.resubmit()
    approver = office_approver()
    _wait_for(obj, approver, timezone.now())
    FLOW.save(obj)
    FLOW.log(obj, actor, "resubmit", "修改后重新报批", from_state)
    FLOW.notify([approver], title=f"接待申请（修改后）待您审批：{obj.title}", obj=obj)
    return obj


@transaction.atomic
def attach_letter(*, actor, pk, seen_version=None, letter_number: str = "", letter=None) -> Reception:
    """The 公函 (its number, its scan or both) added to a request not yet decided [6]."""
    obj = FLOW.begin(pk, seen_version)
    if not rules.can_attach_letter(obj, actor):
        raise ActionRefused("只有综合科工作人员可以在审批前补充公函 [6]。")
    number = _clean(letter_number)[:60]
    if not number and letter is None:
        raise ValidationError("请填写公函文号或上传公函 [6]。")
    info = _check_letter(letter)
    if number:
        obj.letter_number = number
    _store_letter(obj, letter, info)
    FLOW.save(obj)
    FLOW.log(obj, actor, "letter", "补充公函", obj.state, comment=number)
    return obj


# --- 审批 ----------------------------------------------------------------------------------------------------------


def _approval_refusal(obj: Reception) -> str | None:
    if not obj.has_letter:
        return "没有公函，不予审批：公务接待须凭来访单位公函 [6]。请先补充公函。"
    if obj.kind == Kind.RECEPTION and obj.accompany_count > obj.accompany_limit:
        return (
            f"陪同人数{obj.accompany_count}人超过规定（来访{obj.visitor_count}人，最多{obj.accompany_limit}人）[6]，"
            "请退回修改。"
        )
    return None


@transaction.atomic
def approve_request(*, actor, pk, seen_version=None, comment: str = "") -> Reception:
    """审批 by the office director or the deputy director in charge of 综合科 [6]: 已批准; above
    ``RECEPTION_LEADER_APPROVAL_ABOVE`` it goes on to the county head. Refused without a 公函 or when the
    accompanying staff exceed the limit."""
    obj = FLOW.begin(pk, seen_version)
    if obj.state == State.SUBMITTED and not rules.is_office_approver(actor):
        raise ActionRefused("接待申请由办公室主任或分管综合科的副主任审批 [6]。")
    refusal = _approval_refusal(obj) if obj.state == State.SUBMITTED else None
    if refusal:
        raise ActionRefused(refusal)
    transition = obj.approve_to_head if obj.needs_head else obj.approve
    FLOW.check(transition, actor, "该申请现在不能由您审批 [6]。")
    from_state = obj.state
    transition()
    now = timezone.now()
    obj.approved_by, obj.approved_at = actor, now
    obj.decision_comment = _clean(comment)[:500]
    if obj.needs_head:
        head = county_head()
        _wait_for(obj, head, now)
        FLOW.save(obj)
        FLOW.log(obj, actor, "approve_to_head", "同意并报县长审批", from_state, comment=obj.decision_comment)
        FLOW.notify([head], title=f"接待申请（预计{obj.estimated_cost}元）待您审批：{obj.title}", obj=obj)
        return obj
    _approved(obj, now)
    FLOW.save(obj)
    FLOW.log(obj, actor, "approve", "批准", from_state, comment=obj.decision_comment)
    _tell_approved(obj)
    return obj


def _approved(obj: Reception, now: datetime) -> None:
    obj.waiting_for, obj.approval_due_at = None, None
    obj.record_due_at = record_due(obj.leave_on)


def _tell_approved(obj: Reception) -> None:
    FLOW.notify([obj.handler], title=f"接待申请已批准：{obj.title}", obj=obj)
    if obj.receiving_leader_id:
        FLOW.notify(
            [obj.receiving_leader],
            title=f"请您接待：{obj.title}（{obj.arrive_on:%m月%d日}到达）",
            obj=obj,
        )


@transaction.atomic
def head_approve_request(*, actor, pk, seen_version=None, comment: str = "") -> Reception:
    """The county head approves a request above the threshold [6]."""
    obj = FLOW.begin(pk, seen_version)
    FLOW.check(obj.head_approve, actor, "预计费用超过限额的接待须县长审批 [6]。")
    refusal = _approval_refusal(obj)
    if refusal:
        raise ActionRefused(refusal)
    from_state = obj.state
    obj.head_approve()
    now = timezone.now()
    obj.head_approved_by, obj.head_approved_at = actor, now
    if _clean(comment):
        obj.decision_comment = _clean(comment)[:500]
    _approved(obj, now)
    FLOW.save(obj)
    FLOW.log(obj, actor, "head_approve", "县长批准", from_state, comment=_clean(comment))
    _tell_approved(obj)
    return obj


def _decide(obj, actor, transition, refusal: str, comment: str) -> str:
    FLOW.check(transition, actor, refusal)
    comment = _clean(comment)
    if not comment:
        raise ValidationError("请写明理由 [6]。")
    from_state = obj.state
    transition()
    obj.decision_comment = comment[:500]
    obj.waiting_for, obj.approval_due_at = None, None
    return from_state


@transaction.atomic
def return_request(*, actor, pk, seen_version=None, comment: str) -> Reception:
    """退回 with the reason: 综合科 corrects it and resubmits [6]."""
    obj = FLOW.begin(pk, seen_version)
    from_state = _decide(obj, actor, obj.send_back, "只有审批人可以退回接待申请 [6]。", comment)
    FLOW.save(obj)
    FLOW.log(obj, actor, "return", "退回", from_state, comment=obj.decision_comment)
    FLOW.notify([obj.handler], title=f"接待申请退回：{obj.title}", obj=obj, body=obj.decision_comment)
    return obj


@transaction.atomic
def reject_request(*, actor, pk, seen_version=None, comment: str) -> Reception:
    """不予接待 with the reason; kept [6]."""
    obj = FLOW.begin(pk, seen_version)
    from_state = _decide(obj, actor, obj.reject, "只有审批人可以决定不予接待 [6]。", comment)
    FLOW.save(obj)
    FLOW.log(obj, actor, "reject", "不予接待", from_state, comment=obj.decision_comment)
    FLOW.notify([obj.handler], title=f"不予接待：{obj.title}", obj=obj, body=obj.decision_comment)
    return obj


# --- 日程 ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def add_schedule_item(
    *, actor, pk, seen_version=None, day: date, start: time, item: str, place: str = "", accompanied_by: str = ""
) -> ScheduleItem:
    """One line of the schedule, made after approval, within the visit's dates [6]."""
    obj = FLOW.begin(pk, seen_version)
    if not rules.can_edit_schedule(obj, actor):
        raise ActionRefused("日程在申请批准后、接待完成前由综合科安排 [6]。")
    problems = []
    if not isinstance(day, date) or not isinstance(start, time):
        problems.append("请填写日程的日期和时间。")
    elif not (obj.arrive_on <= day <= obj.leave_on):
        problems.append(f"日程日期应在{obj.arrive_on:%m月%d日}至{obj.leave_on:%m月%d日}之间。")
    if not _clean(item):
        problems.append("请填写日程事项。")
    if problems:
        raise ValidationError(problems)
    line = ScheduleItem.objects.create(
        reception=obj,
        day=day,
        start=start,
        item=_clean(item)[:200],
        place=_clean(place)[:200],
        accompanied_by=_clean(accompanied_by)[:200],
        added_by=actor,
    )
    FLOW.save(obj)
    FLOW.log(obj, actor, "schedule", "安排日程", obj.state, comment=str(line))
    return line


@transaction.atomic
def remove_schedule_item(*, actor, pk, line_id, seen_version=None) -> ScheduleItem:
    """A line taken off the schedule (kept, marked) [6]."""
    obj = FLOW.begin(pk, seen_version)
    if not rules.can_edit_schedule(obj, actor):
        raise ActionRefused("日程在申请批准后、接待完成前由综合科安排 [6]。")
    line = obj.schedule.filter(pk=line_id, removed_at__isnull=True).first()
    if line is None:
        raise ValidationError("没有这条日程。")
    line.removed_at = timezone.now()
    line.save(update_fields=["removed_at"])
    FLOW.save(obj)
    FLOW.log(obj, actor, "unschedule", "撤下日程", obj.state, comment=str(line))
    return line


# --- 接待、清单、取消 ------------------------------------------------------------------------------------------------


@transaction.atomic
def mark_held(*, actor, pk, seen_version=None) -> Reception:
    """已接待: only an approved request, and not before the visit began [6]. A reception without approval cannot
    be recorded as held."""
    obj = FLOW.begin(pk, seen_version)
    if obj.state != State.APPROVED:
        raise ActionRefused(f"该接待{obj.get_state_display()}，未经批准的接待不能登记为已接待 [6]。")
    FLOW.check(obj.mark_held, actor, "只有综合科工作人员可以登记接待完成 [6]。")
    if obj.arrive_on > timezone.localdate():
        raise ValidationError(f"接待尚未开始（{obj.arrive_on:%Y年%m月%d日}到达），不能登记为已接待。")
    from_state = obj.state
    obj.mark_held()
    obj.held_at = timezone.now()
    FLOW.save(obj)
    FLOW.log(obj, actor, "held", "接待完成", from_state)
    return obj


def record_problems(obj: Reception, data: RecordData) -> tuple[list[str], list[Meal], dict]:
    problems: list[str] = []
    if not _clean(data.actual_visitors):
        problems.append("请填写实际来访人员 [6]。")
    if not isinstance(data.actual_visitor_count, int) or data.actual_visitor_count < 1:
        problems.append("实际来访人数至少为1 [6]。")
    elif obj.kind == Kind.RECEPTION and data.actual_accompany_count > accompany_limit(data.actual_visitor_count):
        problems.append(
            f"实际陪同人数{data.actual_accompany_count}人超过规定（来访{data.actual_visitor_count}人，最多"
            f"{accompany_limit(data.actual_visitor_count)}人）[6]。"
        )
    meals = []
    for index, meal in enumerate(data.meals, start=1):
        if meal.meal not in MealLine.Meal.values:
            problems.append(f"第{index}餐的餐次不正确。")
        if not isinstance(meal.diners, int) or meal.diners < 1:
            problems.append(f"第{index}餐的就餐人数至少为1。")
        if not isinstance(meal.served_on, date):
            problems.append(f"请填写第{index}餐的日期。")
        cost = _money(meal.cost, f"第{index}餐的费用", problems)
        meals.append(Meal(served_on=meal.served_on, meal=meal.meal, diners=meal.diners, cost=cost))
    money = {
        "lodging_cost": _money(data.lodging_cost, "住宿费用", problems),
        "other_cost": _money(data.other_cost, "其他费用", problems),
    }
    return problems, meals, money


@transaction.atomic
def record_reception(*, actor, pk, seen_version=None, data: RecordData) -> ReceptionRecord:
    """公务接待清单 [6]: who came, the accompanying staff, each meal, lodging, other costs; the total is the sum of
    its lines; signed by the handler who fills it in."""
    obj = FLOW.begin(pk, seen_version)
    if obj.state != State.HELD:
        raise ActionRefused(f"该接待{obj.get_state_display()}，接待完成后方可填报公务接待清单 [6]。")
    FLOW.check(obj.mark_recorded, actor, "公务接待清单由综合科经办人填报并签字 [6]。")
    problems, meals, money = record_problems(obj, data)
    if problems:
        raise ValidationError(problems)
    total = sum((m.cost for m in meals), Decimal("0")) + money["lodging_cost"] + money["other_cost"]
    now = timezone.now()
    record = ReceptionRecord.objects.create(
        reception=obj,
        actual_visitors=data.actual_visitors.strip(),
        actual_visitor_count=data.actual_visitor_count,
        actual_accompany_count=data.actual_accompany_count,
        lodging_note=_clean(data.lodging_note)[:300],
        lodging_cost=money["lodging_cost"],
        other_note=_clean(data.other_note)[:300],
        other_cost=money["other_cost"],
        total=total,
        signed_by=actor,
        signed_at=now,
    )
    MealLine.objects.bulk_create(
        [MealLine(record=record, served_on=m.served_on, meal=m.meal, diners=m.diners, cost=m.cost) for m in meals]
    )
    from_state = obj.state
    obj.mark_recorded()
    FLOW.save(obj)
    FLOW.log(obj, actor, "record", "填报公务接待清单", from_state, comment=f"合计{total}元，{display_name(actor)}签字")
    return record


@transaction.atomic
def cancel_request(*, actor, pk, seen_version=None, reason: str) -> Reception:
    """取消 before it is held, with the reason; kept, never deleted [6]."""
    obj = FLOW.begin(pk, seen_version)
    FLOW.check(obj.cancel, actor, "该接待现在不能取消，或您无权取消 [6]。")
    reason = _clean(reason)
    if not reason:
        raise ValidationError("请写明取消原因。")
    from_state = obj.state
    obj.cancel()
    obj.cancelled_at, obj.cancel_reason = timezone.now(), reason[:300]
    obj.waiting_for, obj.approval_due_at = None, None
    FLOW.save(obj)
    FLOW.log(obj, actor, "cancel", "取消", from_state, comment=obj.cancel_reason)
    people = [p for p in (obj.receiving_leader, obj.handler) if p is not None and p.pk != actor.pk]
    FLOW.notify(people, title=f"接待已取消：{obj.title}", obj=obj, body=obj.cancel_reason)
    return obj
