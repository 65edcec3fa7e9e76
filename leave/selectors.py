"""Who sees which requests — the one place that decides it — and the reads the pages are built on [51], [54].

Every list, count, export, PDF, file, calendar, work-queue item and admin page starts from
``leave_visible_to(user)``; one request comes through ``get_leave_for(user, pk)``, which answers 404 both for
"missing" and for "not yours". Each read below costs a fixed number of queries however many rows it returns
(tests/leave/test_selectors.py counts them at 2 and 20 rows).
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from deadlines.calendar import WorkCalendar, start_of_day
from org.models import Absence, Profile
from org.selectors import display_name

from . import rules
from .models import ABSENCE_SOURCE, ACTIVE_STATES, TAKEN_STATES, LeaveRequest, State
from .periods import MAX_SPAN_DAYS, Half, Period, back_at_work, half_of, label

ZERO = Decimal(0)

# --- visibility --------------------------------------------------------------------------------------------------


def leave_visible_to(user) -> QuerySet[LeaveRequest]:
    """A person sees their own requests (drafts included) and those they approve or approved — with the
    request a 续假 continues. Office leaders and the 收发秘书 see every submitted request: the leaders manage
    the office's people [15], [51], [54], the clerk checks who is away before distributing [26(6)3]. Nobody
    sees another person's draft."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return LeaveRequest.objects.none()
    own = Q(person=user)
    if rules.sees_all(user):
        return LeaveRequest.objects.filter(own | ~Q(state=State.DRAFT))
    approving = Q(approver=user) & ~Q(state=State.DRAFT)
    # The director approving a 续假 sees the request it continues (its approver may have been another leader).
    continued = Q(pk__in=LeaveRequest.objects.filter(approver=user).exclude(extends=None).values("extends_id"))
    return LeaveRequest.objects.filter(own | approving | continued)


def get_leave_for(user, pk) -> LeaveRequest:
    """One request, or 404 for both "missing" and "not yours"."""
    try:
        return list_rows(leave_visible_to(user)).select_related("extends__kind", "returned_by__profile").get(pk=pk)
    except (LeaveRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("该请假单不存在，或您无权查看。") from None


def list_rows(qs: QuerySet) -> QuerySet[LeaveRequest]:
    """The columns every list shows, fetched in the same query (no per-row queries)."""
    return qs.select_related("person__profile__section", "kind", "approver__profile", "cover__profile")


# --- lists -----------------------------------------------------------------------------------------------------


def my_requests(user) -> QuerySet[LeaveRequest]:
    """我的请假: the person's own requests in every state, newest first (index leave_person_created)."""
    return list_rows(leave_visible_to(user).filter(person=user)).order_by("-created_at", "-id")


def awaiting_decision(user) -> QuerySet[LeaveRequest]:
    """The approver's queue: requests waiting for this person's decision, oldest first [51], [54]
    (index leave_approver_pending). 事后补办 ones carry ``retroactive``."""
    return (
        list_rows(leave_visible_to(user).filter(approver=user, state=State.PENDING))
        .select_related("extends")
        .order_by("submitted_at", "id")
    )


def drafts_of(user) -> QuerySet[LeaveRequest]:
    return leave_visible_to(user).filter(person=user, state=State.DRAFT).select_related("kind").order_by("-created_at")


def to_report_return(user, *, today: date | None = None) -> QuerySet[LeaveRequest]:
    """The person's approved absences whose end has come and that wait for 销假 [54] — the last of a 续假
    chain only (an approved or pending extension carries the chain on)."""
    today = today or timezone.localdate()
    continued = LeaveRequest.objects.filter(extends=OuterRef("pk"), state__in=[State.PENDING, *ACTIVE_STATES])
    return (
        leave_visible_to(user)
        .filter(person=user, state__in=ACTIVE_STATES, end_date__lte=today)
        .exclude(Exists(continued))
        .select_related("kind")
        .order_by("end_date", "id")
    )


def waiting_for(user, *, today: date | None = None) -> QuerySet[LeaveRequest]:
    """Everything of 请销假 waiting for this person, in ONE query for 我的待办 and its badge [51], [54]:
    requests waiting for their decision, their own drafts, and their own absences waiting for 销假 (the last
    of a 续假 chain). Ordered by the moment each is due — decision, then 销假 — drafts (no deadline) last."""
    today = today or timezone.localdate()
    continued = LeaveRequest.objects.filter(extends=OuterRef("pk"), state__in=[State.PENDING, *ACTIVE_STATES])
    mine_to_report = Q(person=user, state__in=ACTIVE_STATES, end_date__lte=today) & ~Exists(continued)
    due = Case(
        When(state=State.PENDING, then=F("decision_due_at")),
        When(state__in=ACTIVE_STATES, then=F("return_due_at")),
        default=None,
    )
    return (
        list_rows(
            leave_visible_to(user).filter(
                Q(approver=user, state=State.PENDING) | Q(person=user, state=State.DRAFT) | mine_to_report
            )
        )
        .select_related("extends")
        .annotate(waiting_due=due)
        .order_by(F("waiting_due").asc(nulls_last=True), "id")
    )


def chain_of(req: LeaveRequest) -> list[LeaveRequest]:
    """The 续假 chain ``req`` belongs to, first request first (a chain is a few requests long)."""
    first = req
    while first.extends_id:
        first = LeaveRequest.objects.select_related("kind").get(pk=first.extends_id)
    chain = [first]
    while True:
        nxt = (
            LeaveRequest.objects.filter(extends=chain[-1])
            .exclude(state__in=[State.WITHDRAWN, State.REJECTED, State.DRAFT])
            .select_related("kind")
            .order_by("-id")
            .first()
        )
        if nxt is None:
            return chain
        chain.append(nxt)


def available_actions(req: LeaveRequest, user) -> list[tuple[str, str]]:
    """The steps this person may take on the request now, as (transition name, Chinese label): the buttons."""
    return [
        (t.name, t.custom.get("label", t.name))
        for t in req.get_available_user_state_transitions(user)
        if t.name not in ("depart", "drop_on_return")  # taken by the schedule or by 销假, never a button
    ]


# --- annual leave (年休假) ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnualBalance:
    """年休假 of one person and year: entitlement from years of service, taken, asked for, remaining."""

    year: int
    work_started_on: date | None
    years_of_service: int
    entitlement: Decimal
    taken: Decimal  # approved, away or back (after 销假: the days really taken)
    pending: Decimal  # waiting for a decision
    remaining: Decimal

    @property
    def known(self) -> bool:
        return self.work_started_on is not None

    def summary(self) -> str:
        if not self.known:
            return "尚未登记参加工作时间，无法核定年休假天数，请联系办公室。"
        return (
            f"{self.year}年：工龄{self.years_of_service}年，应休{_days(self.entitlement)}天，"
            f"已休{_days(self.taken)}天，待审批{_days(self.pending)}天，剩余{_days(self.remaining)}天。"
        )


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def annual_entitlement(work_started_on: date | None, year: int) -> tuple[int, Decimal]:
    """(years of service, days) for ``year`` under 《职工带薪年休假条例》第三条: 累计工作已满1年不满10年 5天,
    已满10年不满20年 10天, 已满20年 15天; under one year none. Years are those completed by 31 December."""
    if work_started_on is None or work_started_on.year >= year:
        return 0, ZERO
    years = year - work_started_on.year
    if years < 1:
        return years, ZERO
    if years < 10:
        return years, Decimal(5)
    if years < 20:
        return years, Decimal(10)
    return years, Decimal(15)


def _annual_sums(person_id: int, year: int, exclude_pk=None) -> tuple[Decimal, Decimal]:
    qs = LeaveRequest.objects.filter(
        person_id=person_id,
        kind__is_annual_leave=True,
        start_date__gte=date(year, 1, 1),
        start_date__lte=date(year, 12, 31),
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    days = Coalesce("actual_days", "working_days")
    out = DecimalField(max_digits=7, decimal_places=1)
    sums = qs.aggregate(
        taken=Sum(Case(When(state__in=TAKEN_STATES, then=days), default=ZERO, output_field=out)),
        pending=Sum(Case(When(state=State.PENDING, then=F("working_days")), default=ZERO, output_field=out)),
    )
    return Decimal(sums["taken"] or 0), Decimal(sums["pending"] or 0)


def annual_leave_balance(person, *, year: int, exclude_pk=None) -> AnnualBalance:
    """Entitlement, taken, pending and remaining 年休假 of ``person`` in ``year`` (two queries).
    ``exclude_pk`` leaves one request out (the one being checked)."""
    started = Profile.objects.filter(user_id=person.pk).values_list("work_started_on", flat=True).first()
    years, entitlement = annual_entitlement(started, year)
    taken, pending = _annual_sums(person.pk, year, exclude_pk)
    return AnnualBalance(
        year=year,
        work_started_on=started,
        years_of_service=years,
        entitlement=entitlement,
        taken=taken,
        pending=pending,
        remaining=entitlement - taken - pending,
    )


# --- the 在岗/外出 board ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    """One person away on the board's day: what, until when, back when, who covers."""

    person: object
    name: str
    section: str
    what: str  # the kind (事假, 出差 …) or, for a clerk-recorded absence, its reason
    period: str
    back: str  # 回岗: the first working half-day after the absence
    cover: str
    destination: str
    leaves_county: bool
    request: LeaveRequest | None  # None for an absence the clerk recorded (county leaders …)
    state: str
    sort_key: tuple = field(default=(), compare=False, repr=False)


def _profile_of(user) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def _sort_key(user) -> tuple:
    profile = _profile_of(user)
    section = profile.section if profile else None
    return (
        section.sort_order if section else 9999,
        section.pk if section else 0,
        profile.sort_order if profile else 9999,
        user.pk,
    )


def _section_name(user) -> str:
    profile = _profile_of(user)
    return profile.section.name if profile and profile.section else ""


def effective_period(req: LeaveRequest) -> Period:
    """The period really away: after an early 销假, up to the half-day before the return."""
    if not req.returned_on:
        return req.period
    day, half = req.returned_on, req.returned_half
    end = (day, Half.AM) if half == Half.PM else (day - timedelta(days=1), Half.PM)
    return Period(req.start_date, req.start_half, *end)


def _absence_period(absence: Absence) -> Period:
    start_day, start_half = half_of(absence.starts_at)
    end_day, end_half = half_of(absence.ends_at - timedelta(microseconds=1))
    return Period(start_day, start_half, end_day, end_half)


def _back_label(calendar: WorkCalendar, period: Period) -> str:
    day, half = back_at_work(calendar, period.end_date, period.end_half)
    return label(day, half)


def board(user, *, day: date | None = None) -> list[BoardRow]:
    """在岗/外出: everyone away on ``day`` (today by default) — the page the clerk opens before distributing
    documents [26(6)3]. Approved and current requests from this chapter, and the absences the clerk recorded
    by hand (county leaders, who do not use this chapter); the latter only for those who see all [54].
    Three queries: the requests, the hand-recorded absences, the calendar's overrides."""
    day = day or timezone.localdate()
    requests = list(
        list_rows(leave_visible_to(user))
        .filter(state__in=ACTIVE_STATES, end_date__gte=day, start_date__lte=day)
        .order_by("start_date", "id")
    )
    absences = []
    if rules.sees_all(user):
        begin, end = start_of_day(day), start_of_day(day + timedelta(days=1))
        absences = list(
            Absence.objects.filter(ends_at__gt=begin, starts_at__lt=end)
            .exclude(source=ABSENCE_SOURCE)
            .select_related("person__profile__section")
            .order_by("starts_at", "id")
        )
    calendar = WorkCalendar.load()
    rows = [
        BoardRow(
            person=req.person,
            name=display_name(req.person),
            section=_section_name(req.person),
            what=req.kind.name,
            period=req.period_label,
            back=_back_label(calendar, req.period),
            cover=display_name(req.cover) if req.cover else "",
            destination=req.destination,
            leaves_county=req.leaves_county,
            request=req,
            state=req.get_state_display(),
            sort_key=_sort_key(req.person),
        )
        for req in requests
    ]
    for absence in absences:
        period = _absence_period(absence)
        rows.append(
            BoardRow(
                person=absence.person,
                name=display_name(absence.person),
                section=_section_name(absence.person),
                what=absence.get_reason_display(),
                period=f"{label(period.start_date, period.start_half)}至{label(period.end_date, period.end_half)}",
                back=_back_label(calendar, period),
                cover="",
                destination=absence.note,
                leaves_county=False,
                request=None,
                state="外出记录",
                sort_key=_sort_key(absence.person),
            )
        )
    return sorted(rows, key=lambda row: row.sort_key)


# --- the month calendar ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarCell:
    day: date
    working: bool
    morning: str = ""  # what the person is away for that morning (事假, 出差 …), "" when at work
    afternoon: str = ""


@dataclass
class CalendarRow:
    person: object
    name: str
    cells: list[CalendarCell]
    days_away: Decimal = ZERO  # working days away within the month


@dataclass
class CalendarSection:
    name: str
    rows: list[CalendarRow]


@dataclass
class MonthCalendar:
    year: int
    month: int
    days: list[tuple[date, bool]]  # each day of the month and whether it is a working day
    sections: list[CalendarSection]


def month_calendar(user, *, year: int, month: int, section_id: int | None = None) -> MonthCalendar:
    """Absences of one month, by section and person: each half-day away marked with its kind. Requests
    approved, away or back (what really happened after 销假), and — for those who see all — the absences the
    clerk recorded by hand. Three queries whatever the number of people."""
    first = date(year, month, 1)
    last = date(year, month, monthrange(year, month)[1])
    qs = list_rows(leave_visible_to(user)).filter(
        state__in=TAKEN_STATES,
        start_date__lte=last,
        start_date__gte=first - timedelta(days=MAX_SPAN_DAYS),  # keeps the range on leave_calendar narrow
        end_date__gte=first,
    )
    absences_qs = Absence.objects.none()
    if rules.sees_all(user):
        absences_qs = (
            Absence.objects.filter(
                ends_at__gt=start_of_day(first), starts_at__lt=start_of_day(last + timedelta(days=1))
            )
            .exclude(source=ABSENCE_SOURCE)
            .select_related("person__profile__section")
        )
    if section_id is not None:
        qs = qs.filter(person__profile__section_id=section_id)
        absences_qs = absences_qs.filter(person__profile__section_id=section_id)
    spans: list[tuple[object, Period, str]] = [
        (req.person, effective_period(req), req.kind.name) for req in qs.order_by("start_date", "id")
    ]
    spans += [(a.person, _absence_period(a), a.get_reason_display()) for a in absences_qs.order_by("starts_at", "id")]
    calendar = WorkCalendar.load()
    days = [(first + timedelta(days=i), False) for i in range((last - first).days + 1)]
    days = [(d, calendar.is_working_day(d)) for d, _ in days]
    by_person: dict[int, CalendarRow] = {}
    for person, period, what in spans:
        row = by_person.get(person.pk)
        if row is None:
            row = by_person[person.pk] = CalendarRow(
                person=person,
                name=display_name(person),
                cells=[CalendarCell(day=d, working=w) for d, w in days],
            )
        for i, (d, working) in enumerate(days):
            morning, afternoon = period.halves_on(d)
            if not (morning or afternoon):
                continue
            cell = row.cells[i]
            row.cells[i] = CalendarCell(
                day=d,
                working=working,
                morning=what if morning else cell.morning,
                afternoon=what if afternoon else cell.afternoon,
            )
    for row in by_person.values():
        row.days_away = sum(
            (
                (Decimal("0.5") if c.morning else ZERO) + (Decimal("0.5") if c.afternoon else ZERO)
                for c in row.cells
                if c.working
            ),
            ZERO,
        )
    grouped: dict[tuple, CalendarSection] = {}
    for row in sorted(by_person.values(), key=lambda r: _sort_key(r.person)):
        key = _sort_key(row.person)[:2]
        grouped.setdefault(key, CalendarSection(name=_section_name(row.person) or "未分科室", rows=[])).rows.append(row)
    return MonthCalendar(year=year, month=month, days=days, sections=list(grouped.values()))


# --- a person's year -------------------------------------------------------------------------------------------


@dataclass
class PersonYear:
    person: object
    year: int
    requests: list[LeaveRequest]  # every visible request starting in the year, in date order
    days_by_kind: list[tuple[str, Decimal]]  # working days taken per kind (after 销假: really taken)
    total_days: Decimal
    retroactive_count: int
    annual: AnnualBalance


def person_year(user, *, person, year: int) -> PersonYear:
    """One person's year: their requests, days per kind, 年休假 balance. 404 unless ``user`` may see that
    person's requests (themself, or someone who sees all) [54]. Four queries."""
    if user.pk != person.pk and not rules.sees_all(user):
        raise Http404("您无权查看该人员的请销假情况。")
    requests = list(
        list_rows(leave_visible_to(user))
        .filter(person=person, start_date__gte=date(year, 1, 1), start_date__lte=date(year, 12, 31))
        .order_by("start_date", "id")
    )
    by_kind: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for req in requests:
        if req.state in TAKEN_STATES:
            by_kind[req.kind.name] += req.actual_days if req.actual_days is not None else req.working_days
    return PersonYear(
        person=person,
        year=year,
        requests=requests,
        days_by_kind=sorted(by_kind.items(), key=lambda item: -item[1]),
        total_days=sum(by_kind.values(), ZERO),
        retroactive_count=sum(1 for r in requests if r.retroactive and r.state != State.DRAFT),
        annual=annual_leave_balance(person, year=year),
    )
