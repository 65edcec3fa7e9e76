"""What people do with leave and trips: one function per step of 第五十一条、第五十四条.

Every step is atomic: it locks the request (``FLOW.begin``, refusing a page loaded before someone else
acted), checks the transition's permission (``rules``), changes state through django-fsm, writes the log
entry, keeps the person's ``org.Absence`` exact, and notifies people once the transaction commits.

The API the pages call (all keyword-only; refusals are ``ValidationError`` → 400, ``ActionRefused`` → 403,
``StaleAction`` → 409, each with a Chinese message citing the article):

- ``approval_plan(person=, kind=, start_date=, start_half=, end_date=, end_half=, …)`` — before sending: who
  will approve and why, the days, 事后补办, the 年休假 balance, and every problem submission would refuse.
- ``leave_create`` / ``leave_update`` (草稿), ``leave_submit`` (报告审批), ``leave_withdraw`` (撤回),
  ``leave_approve`` / ``leave_reject`` (审批), ``leave_extend`` (续假), ``leave_return`` (销假),
  ``leave_start_due`` (外出: the schedule's step when an approved start arrives).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.uploads import validate_upload
from core.workflow import ActionRefused, Flow
from deadlines.calendar import WorkCalendar, at, parse_clock
from org.selectors import away_user_ids, display_name
from org.services import absence_record

from . import rules
from .models import (
    ABSENCE_REASONS,
    ABSENCE_SOURCE,
    ACTIVE_STATES,
    HELD_STATES,
    LeaveKind,
    LeaveRequest,
    State,
    TransitionLog,
)
from .periods import Half, Period, half_of, label, next_half, start_moment
from .selectors import AnnualBalance, annual_leave_balance, chain_of, effective_period

ZERO = Decimal(0)


def _url(req: LeaveRequest) -> str:
    return reverse("leave:detail", args=[req.pk])


class LeaveFlow(Flow):
    def name(self, obj) -> str:
        """请假单 as others read it: who, what, when — never the reason (a sick note's details stay private)."""
        return f"{display_name(obj.person)}的{obj.kind.name}（{obj.period_label}，{obj.days_label}）"


# Lock, stale-page check, log and notifications for every step below.
FLOW = LeaveFlow(
    model=LeaveRequest,
    log_model=TransitionLog,
    noun="请假单",
    url=_url,
    select_related=("person", "kind"),  # inner joins only: FOR UPDATE cannot lock an outer join (PostgreSQL)
    kind="leave",
)


# --- what the person fills in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaveData:
    """The request form: kind, period with half days, where, why, who covers [51], [54]."""

    kind: LeaveKind
    start_date: date
    end_date: date
    start_half: str = Half.AM
    end_half: str = Half.PM
    reason: str = ""
    destination: str = ""
    leaves_county: bool = False  # 离县 [51]
    cover: object | None = None  # 工作交接人

    @property
    def period(self) -> Period:
        return Period(self.start_date, self.start_half, self.end_date, self.end_half)


def _check_draft(actor, data: LeaveData) -> None:
    problems = data.period.problems()
    if not data.kind.active:
        problems.append(f"请假类别“{data.kind.name}”已停用，请选择其他类别。")
    if data.cover is not None and (data.cover.pk == actor.pk or not data.cover.is_active):
        problems.append("工作交接人应为本人以外的在职人员。")
    if len(data.destination) > 100:
        problems.append("去向不能超过100个字。")
    if problems:
        raise ValidationError(problems)


def _fill(req: LeaveRequest, data: LeaveData, calendar: WorkCalendar) -> None:
    req.kind = data.kind
    req.start_date, req.start_half = data.start_date, data.start_half
    req.end_date, req.end_half = data.end_date, data.end_half
    req.reason = data.reason.strip()
    req.destination = data.destination.strip()
    req.leaves_county = bool(data.leaves_county)
    req.cover = data.cover
    req.working_days = data.period.working_days(calendar)


def _attach(req: LeaveRequest, upload) -> None:
    """A supporting paper (病假证明 …): PDF, JPG or PNG, checked by its first bytes (``core.uploads``)."""
    content_type = validate_upload(upload)
    name = (upload.name or "file")[-200:]
    suffix = name[name.rfind(".") :] if "." in name else ""
    req.attachment.save(f"{req.pk}-{timezone.localtime():%Y%m%d%H%M%S}{suffix}", upload, save=False)
    req.attachment_name = name
    req.attachment_type = content_type


# --- the plan: who approves and why, before sending [51], [54] -------------------------------------------------


@dataclass(frozen=True)
class ApprovalPlan:
    """What the form shows before sending (and what ``leave_submit`` enforces)."""

    approver: object | None
    approver_name: str
    post: str  # 办公室分管领导 / 办公室主任 / 常务副县长 …
    rule: str  # the regulation's words
    article: str  # [54], [51] …
    days: Decimal  # working days of this request
    total_days: Decimal  # with the requests a 续假 continues
    retroactive: bool  # 事后补办
    approver_away: bool  # the approver is away now (the request waits for them)
    annual: AnnualBalance | None  # for 年休假
    problems: list[str] = field(default_factory=list)  # what submission would refuse; empty = may be sent

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def explanation(self) -> str:
        """审批人：张三（办公室主任）— 请(休)假两天以上（超过一天）报主任审批 [54]"""
        if self.approver is None:
            return self.problems[-1] if self.problems else ""
        days = f"共{_days(self.total_days)}个工作日" if self.total_days != self.days else f"{_days(self.days)}个工作日"
        return f"审批人：{self.approver_name}（{self.post}）。{days}，{self.rule} {self.article}。"


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _chain_days_before(extends: LeaveRequest | None) -> Decimal:
    """Working days of the requests a 续假 continues: the approver counts the whole chain [54]."""
    total = ZERO
    link = extends
    while link is not None:
        if link.state in (*ACTIVE_STATES, State.RETURNED):
            total += link.working_days
        link = link.extends
    return total


def _retroactive(period: Period, now: datetime) -> bool:
    """事后补办: sent after the first half-day of the absence was over. A report on the morning itself, before
    going, is still 事前 [54]."""
    first_half_ends = start_moment(*next_half(period.start_date, period.start_half))
    return now >= first_half_ends


def _overlapping(person, period: Period, exclude_pk=None) -> list[LeaveRequest]:
    """The person's other requests (sent and not withdrawn or refused) that share a moment with ``period``."""
    qs = LeaveRequest.objects.filter(
        person=person, state__in=HELD_STATES, start_date__lte=period.end_date, end_date__gte=period.start_date
    ).select_related("kind")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return [r for r in qs if period.overlaps(r.starts_at, r.ends_at)]


def _plan(
    *,
    person,
    kind: LeaveKind,
    period: Period,
    destination: str,
    leaves_county: bool,
    reason: str | None,
    extends: LeaveRequest | None,
    exclude_pk,
    now: datetime,
    calendar: WorkCalendar,
) -> ApprovalPlan:
    problems = period.problems()
    days = ZERO if problems else period.working_days(calendar)
    total = _chain_days_before(extends) + days
    retro = False if problems else _retroactive(period, now)
    if not kind.active:
        problems.append(f"请假类别“{kind.name}”已停用，请选择其他类别。")
    if not problems and days == ZERO:
        problems.append(f"所选期间（{period_text(period)}）没有工作日：周末和法定节假日不计请假天数，无需请假 [54]。")
    if (kind.needs_destination or leaves_county) and not destination.strip():
        what = "离开县境" if leaves_county and not kind.needs_destination else kind.name
        problems.append(f"{what}须写明去向 [51][54]。")
    if reason is not None and not reason.strip():
        problems.append("请填写事由 [54]。")
    if retro and not kind.allows_retroactive:
        problems.append(
            f"“{kind.name}”须事前报告、经批准后方可外出 [54]；开始时间（{label(period.start_date, period.start_half)}）"
            "已过，只有允许事后补办的类别（如病假）可以补办。"
        )
    if not period.problems():
        clashes = _overlapping(person, period, exclude_pk)
        if clashes:
            listed = "；".join(f"{c.kind.name} {c.period_label}（{c.get_state_display()}）" for c in clashes)
            problems.append(f"与已有的请假重叠：{listed}。同一时间只能有一份请假 [54]。")
    annual = None
    if kind.is_annual_leave and not period.problems():
        if period.start_date.year != period.end_date.year:
            problems.append("年休假按年度核定，跨年度的请按年度分别申请 [54]。")
        else:
            annual = annual_leave_balance(person, year=period.start_date.year, exclude_pk=exclude_pk)
            if not annual.known:
                problems.append(annual.summary())
            elif days > annual.remaining:
                problems.append(f"年休假余额不足：{annual.summary()}本次申请{_days(days)}天 [54]。")
    rule = rules.approval_rule(person, total)
    if rule.refusal:
        problems.append(rule.refusal)
    approver = rule.approver
    return ApprovalPlan(
        approver=approver,
        approver_name=display_name(approver) if approver else "",
        post=rule.post,
        rule=rule.text,
        article=rule.article,
        days=days,
        total_days=total,
        retroactive=retro,
        approver_away=bool(approver and approver.pk in away_user_ids(now, among=[approver.pk])),
        annual=annual,
        problems=problems,
    )


def period_text(period: Period) -> str:
    return f"{label(period.start_date, period.start_half)}至{label(period.end_date, period.end_half)}"


def approval_plan(
    *,
    person,
    kind: LeaveKind,
    start_date: date,
    start_half: str,
    end_date: date,
    end_half: str,
    destination: str = "",
    leaves_county: bool = False,
    extends: LeaveRequest | None = None,
    exclude_pk=None,
    now: datetime | None = None,
) -> ApprovalPlan:
    """Who will approve this request and why, before it is sent [51], [54] — for the form to show, as the
    outgoing signing table does. ``problems`` lists what ``leave_submit`` would refuse (the reason is not
    asked here: the form checks it). ``exclude_pk`` is the draft being edited (not an overlap with itself)."""
    return _plan(
        person=person,
        kind=kind,
        period=Period(start_date, start_half, end_date, end_half),
        destination=destination,
        leaves_county=leaves_county,
        reason=None,
        extends=extends,
        exclude_pk=exclude_pk,
        now=now or timezone.now(),
        calendar=WorkCalendar.load(),
    )


# --- 草稿 ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def leave_create(*, actor, data: LeaveData, attachment=None) -> LeaveRequest:
    """填写请假单 (草稿): the person's own request for a trip, study or leave [51], [54]."""
    if not rules.can_request(actor):
        raise ActionRefused(
            "只有办公室工作人员可以在此报告出差、学习(培训)、请(休)假 [51][54]；县政府领导的外出由收发秘书登记。"
        )
    _check_draft(actor, data)
    req = LeaveRequest(person=actor)
    _fill(req, data, WorkCalendar.load())
    req.full_clean(exclude=["state", "attachment"])  # the state is the state machine's: never set by cleaning
    req.save()
    if attachment is not None:
        _attach(req, attachment)
        req.save(update_fields=["attachment", "attachment_name", "attachment_type"])
    FLOW.log(req, actor, "create", "填写请假单", "")
    return req


@transaction.atomic
def leave_update(
    *, actor, pk, seen_version=None, data: LeaveData, attachment=None, remove_attachment: bool = False
) -> LeaveRequest:
    """修改草稿: only the person, only before it is sent [54]."""
    req = FLOW.begin(pk, seen_version)
    if req.person_id != actor.pk or req.state != State.DRAFT:
        raise ActionRefused("只有请假人本人可以修改尚未报告的请假单 [54]。")
    _check_draft(actor, data)
    _fill(req, data, WorkCalendar.load())
    if remove_attachment and req.attachment:
        req.attachment = ""
        req.attachment_name = req.attachment_type = ""
    if attachment is not None:
        _attach(req, attachment)
    req.full_clean(exclude=["state", "attachment"])
    FLOW.save(req)
    FLOW.log(req, actor, "update", "修改草稿", req.state)
    return req


# --- 报告审批 [51], [54] ---------------------------------------------------------------------------------------


def _decision_due(calendar: WorkCalendar, req: LeaveRequest, now: datetime) -> datetime:
    """One working day to decide — and, for a request sent beforehand, no later than its start [54]."""
    due = calendar.working_day_after(now)
    return min(due, req.starts_at) if req.starts_at > now else due


def _send(req: LeaveRequest, actor, *, now: datetime, calendar: WorkCalendar, action: str, label_: str) -> None:
    plan = _plan(
        person=req.person,
        kind=req.kind,
        period=req.period,
        destination=req.destination,
        leaves_county=req.leaves_county,
        reason=req.reason,
        extends=req.extends,
        exclude_pk=req.pk,
        now=now,
        calendar=calendar,
    )
    if plan.problems:
        raise ValidationError(plan.problems)
    from_state = req.state
    req.submit()
    req.working_days = plan.days
    req.chain_days = plan.total_days
    req.retroactive = plan.retroactive
    req.approver = plan.approver
    req.approval_rule = plan.rule[:200]
    req.approval_article = plan.article
    req.submitted_at = now
    req.decision_due_at = _decision_due(calendar, req, now)
    FLOW.save(req)
    retro = "（事后补办）" if plan.retroactive else ""
    note = plan.explanation + retro
    FLOW.log(req, actor, action, label_, from_state, comment=note)
    FLOW.notify(
        [plan.approver],
        title=f"{'续假' if req.extends_id else '请假'}待审批：{FLOW.name(req)}{retro}",
        obj=req,
        body=f"{plan.rule} {plan.article}",
    )


@transaction.atomic
def leave_submit(*, actor, pk, seen_version=None) -> LeaveRequest:
    """报告审批: the person reports beforehand, in writing [51], [54]. Fixes the working days (holiday calendar),
    the approver (≤ 1 day: 分管领导; more: 主任; deputy directors: 主任; the director: 常务副县长) and 事后补办;
    refuses a bad period, no working days, an overlap, a retroactive kind that must be asked beforehand, 年休假
    beyond the balance."""
    req = FLOW.begin(pk, seen_version)
    FLOW.check(req.submit, actor, "只有请假人本人可以报告尚未报告的请假单 [54]。")
    _send(req, actor, now=timezone.now(), calendar=WorkCalendar.load(), action="submit", label_="报告审批")
    return req


# --- 撤回 -----------------------------------------------------------------------------------------------------------


def _drop_absence(req: LeaveRequest) -> None:
    """The absence never happened: the record routing reads goes (the request's log keeps the history)."""
    absence = req.absence
    if absence is not None:
        req.absence = None
        req.save(update_fields=["absence"])
        absence.delete()


def _restore_return_due(extension: LeaveRequest, calendar: WorkCalendar) -> None:
    """A 续假 gone: the request it continued is again the one to 销假."""
    original = extension.extends
    if original is not None and original.state in ACTIVE_STATES:
        original.return_due_at = _return_due(calendar, original, timezone.now())
        original.save(update_fields=["return_due_at"])


@transaction.atomic
def leave_withdraw(*, actor, pk, seen_version=None, reason: str = "") -> LeaveRequest:
    """撤回: the person takes back a request before its decision — or an approved one before it begins (the
    absence is removed); once it has begun, the way back is 销假 [54]. A 续假 of it goes with it."""
    req = FLOW.begin(pk, seen_version)
    FLOW.check(
        req.withdraw, actor, "只有请假人本人可以撤回尚未审批、或已批准但尚未开始的请假；已开始的请办理销假 [54]。"
    )
    calendar = WorkCalendar.load()
    _withdraw(req, actor, reason.strip(), calendar)
    for later in req.extensions.select_for_update().filter(state__in=[State.DRAFT, State.PENDING, *ACTIVE_STATES]):
        _withdraw(later, actor, "原请假已撤回，续假随之撤回", calendar)
    return req


def _withdraw(req: LeaveRequest, actor, reason: str, calendar: WorkCalendar) -> None:
    from_state = req.state
    req.withdraw()
    req.return_due_at = None
    FLOW.save(req)
    _drop_absence(req)
    if req.extends_id:
        _restore_return_due(req, calendar)
    FLOW.log(req, actor, "withdraw", "撤回", from_state, comment=reason)
    if from_state in (State.PENDING, State.APPROVED):
        FLOW.notify([req.approver], title=f"请假已撤回：{FLOW.name(req)}", obj=req, body=reason or FLOW.name(req))


# --- 审批 [51], [54] -----------------------------------------------------------------------------------------------


def _return_due(calendar: WorkCalendar, req: LeaveRequest, now: datetime) -> datetime:
    """销假 by the end of the first working day after the approved end (or after the approval, for a request
    approved once its end had passed)."""
    last = max(req.end_date, timezone.localtime(now).date())
    return at(calendar.next_working_day(last), parse_clock(settings.DEADLINES_END_OF_WORKDAY))


def _refuse_decision(req: LeaveRequest, actor) -> None:
    if req.state != State.PENDING:
        raise ActionRefused(f"该请假单当前为“{req.get_state_display()}”，不在待审批状态。")
    if not rules.can_decide(req, actor):
        who = display_name(req.approver) if req.approver else "审批人"
        raise ActionRefused(f"该请假单应由{who}审批（{req.approval_rule} {req.approval_article}），您不能审批。")


@transaction.atomic
def leave_approve(*, actor, pk, seen_version=None, comment: str = "") -> LeaveRequest:
    """批准: only the approver fixed at submission [51], [54]. Writes the person's ``org.Absence`` (circulation
    then passes them over [26(6)3]); a request whose start has passed goes straight to 外出中."""
    req = FLOW.begin(pk, seen_version)
    _refuse_decision(req, actor)
    FLOW.check(req.approve, actor, "您不能审批该请假单 [51][54]。")
    now = timezone.now()
    calendar = WorkCalendar.load()
    from_state = req.state
    req.approve()
    req.decided_at = now
    req.decision_comment = comment.strip()
    # The person's absence, through org's own service (the absence is theirs: they are its actor there).
    req.absence = absence_record(
        actor=req.person,
        person=req.person,
        starts_at=req.starts_at,
        ends_at=req.period.ends_at,
        reason=ABSENCE_REASONS[req.kind.category],
        note=f"{req.kind.name}{('：' + req.destination) if req.destination else ''}"[:200],
        source=ABSENCE_SOURCE,
    )
    req.return_due_at = _return_due(calendar, req, now)
    FLOW.save(req)
    FLOW.log(req, actor, "approve", "批准", from_state, comment=req.decision_comment)
    if req.extends_id:
        # The chain goes on: 销假 is owed at the end of the extension, not of the request it continues.
        LeaveRequest.objects.filter(pk=req.extends_id).update(return_due_at=None)
    if req.has_started:
        _depart(req, now=now)
    FLOW.notify(
        [req.person],
        title=f"请假已批准：{FLOW.name(req)}",
        obj=req,
        body=req.decision_comment or f"{display_name(actor)}已批准。返回后请及时销假 [54]。",
    )
    if req.cover_id:
        FLOW.notify(
            [req.cover],
            title=f"工作交接：{display_name(req.person)}{req.period_label}外出",
            obj=req,
            body=f"您是{display_name(req.person)}外出期间的工作交接人。",
        )
    return req


@transaction.atomic
def leave_reject(*, actor, pk, seen_version=None, reason: str) -> LeaveRequest:
    """不批准, with the reason the person reads [51], [54]."""
    req = FLOW.begin(pk, seen_version)
    _refuse_decision(req, actor)
    FLOW.check(req.reject, actor, "您不能审批该请假单 [51][54]。")
    if not (reason or "").strip():
        raise ValidationError("请填写不批准的理由 [54]。")
    from_state = req.state
    req.reject()
    req.decided_at = timezone.now()
    req.decision_comment = reason.strip()
    FLOW.save(req)
    FLOW.log(req, actor, "reject", "不批准", from_state, comment=req.decision_comment)
    FLOW.notify([req.person], title=f"请假未批准：{FLOW.name(req)}", obj=req, body=req.decision_comment)
    return req


# --- 外出 ------------------------------------------------------------------------------------------------------------


def _depart(req: LeaveRequest, *, now: datetime) -> None:
    """已批准 → 外出中 once the approved start has come. Recorded in the person's name: they went."""
    if req.state != State.APPROVED or req.starts_at > now:
        return
    req.depart()
    req.departed_at = now
    FLOW.save(req, bump=False)
    FLOW.log(req, req.person, "depart", "外出", State.APPROVED, comment="到达批准的开始时间，转为外出中")


def leave_start_due(*, now: datetime | None = None) -> int:
    """外出中 for every approved request whose start has come (the schedule runs it; running it twice does
    nothing twice). Each request in its own transaction. Returns how many it moved."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    # Approved requests are few (the partial index leave_active_window holds only approved and away ones).
    ids = list(
        LeaveRequest.objects.filter(state=State.APPROVED, start_date__lte=today)
        .order_by("start_date", "id")
        .values_list("pk", flat=True)
    )
    moved = 0
    for pk in ids:
        with transaction.atomic():
            req = FLOW.lock(pk)
            if req.state == State.APPROVED and req.starts_at <= now:
                _depart(req, now=now)
                moved += 1
    return moved


# --- 续假 [54] ----------------------------------------------------------------------------------------------------


@transaction.atomic
def leave_extend(
    *, actor, pk, seen_version=None, end_date: date, end_half: str, reason: str, attachment=None
) -> LeaveRequest:
    """续假: a new request continuing an approved one from the half-day after its end, sent at once. Its
    approver counts the whole chain: a one-day leave extended by a day goes to the director [54]."""
    original = FLOW.begin(pk, seen_version)
    if not rules.can_extend(original, actor):
        raise ActionRefused("只有请假人本人可以续假 [54]。")
    if original.state not in ACTIVE_STATES:
        raise ActionRefused(
            f"只有已批准、尚未销假的请假可以续假（该请假单当前为“{original.get_state_display()}”）[54]。"
        )
    if original.extensions.filter(state__in=[State.DRAFT, State.PENDING, *ACTIVE_STATES]).exists():
        raise ActionRefused("该请假已有续假，请在最后一次续假上继续办理 [54]。")
    start_date, start_half = next_half(original.end_date, original.end_half)
    data = LeaveData(
        kind=original.kind,
        start_date=start_date,
        start_half=start_half,
        end_date=end_date,
        end_half=end_half,
        reason=reason,
        destination=original.destination,
        leaves_county=original.leaves_county,
        cover=original.cover,
    )
    _check_draft(actor, data)
    calendar = WorkCalendar.load()
    req = LeaveRequest(person=actor, extends=original)
    _fill(req, data, calendar)
    req.full_clean(exclude=["state", "attachment"])
    req.save()
    if attachment is not None:
        _attach(req, attachment)
        req.save(update_fields=["attachment", "attachment_name", "attachment_type"])
    FLOW.log(req, actor, "create", "续假", "", comment=f"续{original.kind.name} {original.period_label}")
    _send(req, actor, now=timezone.now(), calendar=calendar, action="submit", label_="报告审批")
    FLOW.save(original, bump=True)  # pages showing the original are stale: it has a 续假 now
    return req


# --- 销假 [54] ----------------------------------------------------------------------------------------------------


@transaction.atomic
def leave_return(
    *, actor, pk, seen_version=None, returned_on: date | None = None, returned_half: str | None = None
) -> LeaveRequest:
    """销假: the person (or the 收发秘书 on their word) reports the half-day they are back at work [54].

    Early return shortens the absence: the ``org.Absence`` ends at the return, the days really taken are
    counted, a 续假 not begun is withdrawn. A later return than approved (超假) is recorded as it happened and
    the absence runs to it. Acts on the whole 续假 chain whichever of its requests is named.
    """
    req = FLOW.begin(pk, seen_version)
    if not rules.can_report_return(req, actor):
        raise ActionRefused("只有请假人本人或收发秘书可以办理销假 [54]。")
    now = timezone.now()
    if returned_on is None:
        returned_on, returned_half = half_of(now)
    returned_half = returned_half or Half.AM
    if returned_half not in Half.values:
        raise ValidationError("请选择回岗是上午还是下午。")
    back = start_moment(returned_on, returned_half)
    chain = [FLOW.lock(r.pk) for r in chain_of(req)]
    live = [r for r in chain if r.state in (State.PENDING, *ACTIVE_STATES)]
    if req.state not in ACTIVE_STATES or not any(r.state in ACTIVE_STATES for r in live):
        raise ActionRefused(f"该请假单当前为“{req.get_state_display()}”，不能销假；只有已批准的请假可以销假 [54]。")
    first = next(r for r in live if r.state in ACTIVE_STATES)
    if first.starts_at > now:
        raise ActionRefused("请假尚未开始，不能销假；不再需要的请撤回 [54]。")
    if back <= first.starts_at:
        raise ValidationError(
            f"回岗时间（{label(returned_on, returned_half)}）不能早于或等于外出开始时间"
            f"（{label(first.start_date, first.start_half)}）；未外出的请撤回 [54]。"
        )
    if back > now:
        raise ValidationError(f"回岗时间（{label(returned_on, returned_half)}）还没到，请回岗后再销假 [54]。")
    calendar = WorkCalendar.load()
    by_clerk = actor.pk != req.person_id
    note = f"{display_name(actor)}（收发秘书）代为销假" if by_clerk else ""
    returned_link = None
    for link in live:
        if link.state == State.PENDING or link.starts_at >= back:
            # Not begun by the return (or never decided): no longer needed.
            _auto_withdraw(link, actor, "已销假，该续假不再需要")
            continue
        _depart(link, now=now)
        from_state = link.state
        ends = link.period.ends_at
        is_last = not any(r.state in ACTIVE_STATES and r.pk != link.pk and r.starts_at >= ends for r in live)
        if is_last or back < ends:
            link.returned_on, link.returned_half = returned_on, returned_half
            returned_link = link
        else:
            link.returned_on, link.returned_half = next_half(link.end_date, link.end_half)  # used in full
        link.report_return()
        link.returned_at = now
        link.returned_by = actor
        link.return_due_at = None
        link.actual_days = effective_period(link).working_days(calendar)
        FLOW.save(link)
        _fit_absence(link)
        comment = f"回岗：{label(link.returned_on, link.returned_half)}，实际{_days(link.actual_days)}个工作日"
        if link.returned_early:
            comment += "（提前返回）"
        elif link is returned_link and back > ends:
            comment += "（超过批准期限返回）"
        FLOW.log(link, actor, "return", "销假", from_state, comment="；".join(filter(None, [comment, note])))
    req.refresh_from_db()
    if returned_link is not None:
        FLOW.notify([returned_link.approver], title=f"已销假：{FLOW.name(returned_link)}", obj=returned_link)
        if by_clerk:
            FLOW.notify([req.person], title=f"已代为销假：{FLOW.name(returned_link)}", obj=returned_link, body=note)
    return req


def _auto_withdraw(link: LeaveRequest, actor, reason: str) -> None:
    from_state = link.state
    link.drop_on_return()
    link.return_due_at = None
    FLOW.save(link)
    _drop_absence(link)
    FLOW.log(link, actor, "drop_on_return", "销假时撤销未开始的续假", from_state, comment=reason)
    FLOW.notify([link.approver], title=f"续假已撤回：{FLOW.name(link)}", obj=link, body=reason)


def _fit_absence(link: LeaveRequest) -> None:
    """The absence runs from the start to the return, exactly [26(6)3]."""
    absence = link.absence
    if absence is None:
        return
    ends = link.ends_at
    if ends <= absence.starts_at:
        _drop_absence(link)
    elif ends != absence.ends_at:
        absence.ends_at = ends
        absence.save(update_fields=["ends_at"])
