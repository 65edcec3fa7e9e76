"""Every write of the duty chapter (值班) [41], [42], [43], [8]: one function per step, keyword-only, atomic,
permission-checked (``ActionRefused`` → 403, ``StaleAction`` → 409, ``ValidationError`` → a Chinese message),
logged through ``core.workflow.Flow`` and notifying on commit. ``seen_version`` is the version of the item the
page showed (for shifts: their roster's); None skips the stale-page check.

The roster (值班表) [41], [42]
    roster_generate(*, actor, period: str, starts_on: date, ends_on: date, title: str = "", note: str = "") -> Roster
        A draft for a month (``Roster.Period.MONTH``) or a holiday period (``HOLIDAY``): one shift per active
        ``ShiftKind`` of each day's type (``duty.calendar``), filled by fair rotation among the 值班人员 (fewest
        past duties first, counting every active shift before), skipping anyone away (``org.Absence``: the leave
        chapter's approved absences) and anyone whose last shift ended less than ``DUTY_MIN_REST_HOURS`` before.
        A shift no one can take stays empty (shown as incomplete).
    shift_assign(*, actor, shift_pk: int, person_pk: int | None, seen_version: int | None = None) -> Shift
        Hand edit of who is on duty; refused for someone on approved leave or out at that time [42], for
        someone without the 值班人员 role, and for a rest shorter than the setting. Empty (None) is allowed on a
        draft. On a published roster the two people are told.
    roster_set_leaders(*, actor, roster_pk: int, day: date, county_leader_pk: int | None,
                       office_leader_pk: int | None, seen_version: int | None = None) -> Roster
        The 带班 leaders of a statutory holiday day (every shift of that day) [41].
    roster_publish(*, actor, pk: int, seen_version: int | None = None) -> Roster
        Refused while a statutory holiday day lacks a county-government leader and an office leader as 带班
        [41], or a shift has no one on it [42]; tells everyone on it.
    roster_cancel(*, actor, pk: int, reason: str, seen_version: int | None = None) -> Roster
        作废 (its shifts become inactive; nothing is deleted).

Swaps (换班) [42]
    swap_request(*, actor, shift_pk: int, other_person_pk: int, reason: str,
                 other_shift_pk: int | None = None) -> Swap
    swap_accept(*, actor, pk: int, seen_version: int | None = None) -> Swap          # the other person
    swap_decline(*, actor, pk: int, comment: str = "", seen_version: int | None = None) -> Swap
    swap_approve(*, actor, pk: int, comment: str = "", seen_version: int | None = None) -> Swap
        The office leader who made the roster; the shift(s) change hands, the roster's log keeps both names.
    swap_refuse(*, actor, pk: int, comment: str, seen_version: int | None = None) -> Swap
    swap_withdraw(*, actor, pk: int, seen_version: int | None = None) -> Swap       # the one who asked

Handover (交接班) [41], [42]
    handover_write(*, actor, shift_pk: int, open_matters: str) -> Handover
        The outgoing person (or an office leader) writes it; the incoming person is the next shift's.
    handover_confirm(*, actor, pk: int, note: str = "", seen_version: int | None = None) -> Handover
    A handover not confirmed within ``DUTY_HANDOVER_GRACE_MINUTES`` of the shift's end, and a shift with no
    one on post when it starts, are told to the roster's office leader exactly once by the reminder engine
    (``duty.deadline_sources``) [42].

The duty log (值班日志) [41]
    log_add(*, actor, caller: str, content: str, action_taken: str = "", phone: str = "",
            at: datetime | None = None, corrects_pk: int | None = None) -> LogEntry
        Append-only; filed under the shift on post at ``at``; a correction names the entry it corrects.

Emergency reports (突发事件报告) [43], [8]
    report_record(*, actor, title: str, received_at: datetime, place: str, description: str, source: str,
                  casualties: str = "", category: str = "other", level: str = "0",
                  occurred_at: datetime | None = None, source_unit_pk: int | None = None,
                  source_phone: str = "", from_entry_pk: int | None = None) -> EmergencyReport
        The 首报; the county-government and office leaders are told at once (the 带班 leaders of the shift first).
    report_follow_up(*, actor, pk: int, stage: str, content: str, casualties: str = "",
                     seen_version: int | None = None) -> FollowUp
        续报 or 终报 (``FollowUp.Stage``); a 终报 closes the report.
    report_acknowledge(*, actor, pk: int) -> LeaderNotice                 # a leader has read it (phone page)
    report_instruct(*, actor, pk: int, text: str, leader_pk: int | None = None) -> Instruction
        A leader writes it, or the duty room records it on a leader's word (``leader_pk``).
    report_agree(*, actor, pk: int, note: str = "", seen_version: int | None = None) -> Agreement
        A county-government or office leader, in person; the level is theirs. When both levels have agreed the
        report moves to 领导同意上报.
    report_send_to_prefecture(*, actor, pk: int, method: str, receiver: str = "",
                              seen_version: int | None = None) -> EmergencyReport
        Refused until a county-government leader AND an office leader have agreed — two agreements of one level
        are not both [43], [8]; numbers the 值班信息专报.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.serials import next_serial
from core.workflow import ActionRefused, Flow
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role
from org.selectors import display_name, users_with_role

from . import calendar as duty_calendar
from . import conf, rules
from .models import (
    OPEN_SWAP_STATES,
    Agreement,
    DayType,
    EmergencyLog,
    EmergencyReport,
    FollowUp,
    Handover,
    HandoverLog,
    Instruction,
    LeaderNotice,
    LogEntry,
    ReportState,
    Roster,
    RosterLog,
    RosterState,
    Shift,
    ShiftKind,
    Swap,
    SwapLog,
)
from .selectors import absences_overlapping, busy_intervals, next_shift_after, shift_on_post

User = get_user_model()


def _url(name: str, pk: int | None = None) -> str:
    """The item's page once the pages exist; the duty page until then."""
    try:
        return reverse(name, args=[pk]) if pk is not None else reverse(name)
    except NoReverseMatch:
        try:
            return reverse("duty:today")
        except NoReverseMatch:
            return ""


ROSTER_FLOW = Flow(model=Roster, log_model=RosterLog, noun="值班表", url=lambda r: _url("duty:roster", r.pk))
SWAP_FLOW = Flow(
    model=Swap,
    log_model=SwapLog,
    noun="换班申请",
    url=lambda s: _url("duty:swap", s.pk),
    select_related=("shift__roster", "shift__kind"),
)
HANDOVER_FLOW = Flow(model=Handover, log_model=HandoverLog, noun="交接班", url=lambda h: _url("duty:handover", h.pk))
REPORT_FLOW = Flow(
    model=EmergencyReport, log_model=EmergencyLog, noun="突发事件报告", url=lambda r: _url("duty:report", r.pk)
)


def _refuse(message: str, obj=None) -> ActionRefused:
    refusal = ActionRefused(message)
    if obj is not None:
        refusal.item = f"{obj._meta.label_lower}:{obj.pk}"
    return refusal


def _person(pk, what: str):
    if pk in (None, ""):
        return None
    try:
        return User.objects.select_related("profile").get(pk=pk, is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise ValidationError(f"所选{what}不存在或已停用。") from None


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%m月%d日%H:%M}"


def _shift_label(shift: Shift) -> str:
    return f"{shift.day:%Y年%m月%d日}{shift.kind.name}（{_when(shift.starts_at)}—{_when(shift.ends_at)}）"


# --- the roster -----------------------------------------------------------------------------------------------


def _overlaps(start: datetime, end: datetime, intervals, rest: timedelta) -> bool:
    """Does [start, end) come within ``rest`` of any interval?"""
    return any(start < b + rest and a < end + rest for a, b in intervals)


def _absent(start: datetime, end: datetime, absences) -> bool:
    return any(start < b and a < end for a, b in absences)


def _candidates():
    return list(users_with_role(Role.DUTY_OFFICER).filter(is_superuser=False))


@transaction.atomic
def roster_generate(*, actor, period: str, starts_on: date, ends_on: date, title: str = "", note: str = "") -> Roster:
    """值班表 for a month or a holiday period, filled by fair rotation [41], [42]."""
    if not rules.can_make_roster(actor):
        raise _refuse("只有办公室领导可以编排值班表 [42]。")
    if period not in Roster.Period.values:
        raise ValidationError("请选择值班表类别。")
    if not starts_on or not ends_on or ends_on < starts_on:
        raise ValidationError("截止日期不能早于起始日期。")
    if (ends_on - starts_on).days > 62:
        raise ValidationError("一张值班表最长两个月。")
    active = Roster.objects.exclude(state=RosterState.CANCELLED).filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    holiday_days: set[date] = set()
    for other in active.select_for_update():
        if period == Roster.Period.HOLIDAY or other.period == Roster.Period.MONTH:
            raise ValidationError(
                f"与“{other.title}”（{other.starts_on:%m月%d日}—{other.ends_on:%m月%d日}）日期重叠；"
                "节假日值班表请在月度值班表之前编排，或先作废重叠的值班表 [42]。"
            )
        day = max(other.starts_on, starts_on)
        while day <= min(other.ends_on, ends_on):
            holiday_days.add(day)  # a month's roster leaves the days of a holiday roster to it
            day += timedelta(days=1)

    calendar = duty_calendar.WorkCalendar.load()
    days = [d for d in duty_calendar.days(starts_on, ends_on, calendar) if d.day not in holiday_days]
    if not title:
        if period == Roster.Period.HOLIDAY:
            names = sorted({d.holiday_name for d in days if d.holiday_name}) or ["节假日"]
            title = f"{starts_on.year}年{'、'.join(names)}值班表"
        else:
            title = f"{starts_on.year}年{starts_on.month}月值班表"
    roster = Roster(
        title=title[:100], period=period, starts_on=starts_on, ends_on=ends_on, made_by=actor, note=note[:300]
    )
    roster.full_clean(exclude=["state"])
    roster.save()

    kinds = defaultdict(list)
    for kind in ShiftKind.objects.filter(is_active=True).order_by("sort_order", "id"):
        kinds[kind.day_type].append(kind)
    slots = []
    for item in days:
        for kind in kinds[item.day_type]:
            starts, ends = duty_calendar.shift_times(item.day, kind)
            for seat in range(1, max(kind.people, 1) + 1):
                slots.append(
                    Shift(
                        roster=roster,
                        kind=kind,
                        day=item.day,
                        day_type=item.day_type,
                        holiday_name=item.holiday_name,
                        starts_at=starts,
                        ends_at=ends,
                        seat=seat,
                    )
                )
    _fill(slots, roster)
    Shift.objects.bulk_create(slots)
    filled = sum(1 for s in slots if s.person_id)
    rest_hours = conf.min_rest().total_seconds() / 3600
    ROSTER_FLOW.log(
        roster,
        actor,
        "generate",
        "生成值班表",
        RosterState.DRAFT,
        comment=f"共{len(slots)}个班次，已安排{filled}个（按值班次数轮换，避开外出人员，最短间隔{rest_hours:g}小时）",
    )
    return roster


def _fill(slots: list[Shift], roster: Roster) -> None:
    """Fair rotation: each shift goes to the person with the fewest duties (past ones counted, this roster's as
    they are given), then the one whose last duty is longest ago; never to someone away during it, nor within
    the minimum rest of another of their shifts [42]. A shift no one can take stays empty."""
    if not slots:
        return
    people = _candidates()
    if not people:
        return
    ids = [p.pk for p in people]
    rest = conf.min_rest()
    first, last = slots[0].starts_at, max(s.ends_at for s in slots)
    counts = dict.fromkeys(ids, 0)
    last_end: dict[int, datetime | None] = dict.fromkeys(ids, None)
    for person, n, latest in (
        Shift.objects.filter(active=True, person_id__in=ids, starts_at__lt=first)
        .exclude(roster__state=RosterState.CANCELLED)
        .values("person_id")
        .annotate(n=Count("id"), latest=Max("ends_at"))
        .values_list("person_id", "n", "latest")
    ):
        counts[person], last_end[person] = n, latest
    away = absences_overlapping(ids, first, last)
    busy = busy_intervals(ids, first - rest, last + rest, exclude_roster=roster)
    order = {pk: i for i, pk in enumerate(ids)}
    epoch = datetime.min.replace(tzinfo=first.tzinfo)
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.seat)):
        free = [
            pk
            for pk in ids
            if not _absent(slot.starts_at, slot.ends_at, away.get(pk, ()))
            and not _overlaps(slot.starts_at, slot.ends_at, busy.get(pk, ()), rest)
        ]
        if not free:
            continue
        pk = min(free, key=lambda p: (counts[p], last_end[p] or epoch, order[p]))
        slot.person_id = pk
        counts[pk] += 1
        last_end[pk] = slot.ends_at
        busy.setdefault(pk, []).append((slot.starts_at, slot.ends_at))


def _editable_roster(roster: Roster, actor) -> None:
    if roster.state == RosterState.CANCELLED:
        raise _refuse("该值班表已作废，不能再修改。", roster)
    if not rules.can_edit_roster(roster, actor):
        raise _refuse("只有编排该值班表的办公室领导（或办公室主任）可以修改 [42]。", roster)


def check_on_duty(person, shift: Shift) -> None:
    """May ``person`` be put on ``shift``? The 值班人员 role, not away during it (approved leave, a trip,
    training), the minimum rest from their other shifts [42]."""
    name = display_name(person)
    if not rules.can_be_rostered(person):
        raise ValidationError(f"{name}不是值班人员，不能排班 [41][42]。")
    away = absences_overlapping([person.pk], shift.starts_at, shift.ends_at).get(person.pk)
    if away:
        a, b = away[0]
        raise ValidationError(f"{name}在{_when(a)}至{_when(b)}外出（已批准的请假、出差或学习），不能安排值班 [42]。")
    rest = conf.min_rest()
    busy = busy_intervals([person.pk], shift.starts_at - rest, shift.ends_at + rest, exclude_shift=shift.pk)
    if busy.get(person.pk):
        a, b = busy[person.pk][0]
        hours = f"{rest.total_seconds() / 3600:g}"
        raise ValidationError(f"{name}在{_when(a)}—{_when(b)}另有值班，与本班次间隔不足{hours}小时 [42]。")


@transaction.atomic
def shift_assign(*, actor, shift_pk: int, person_pk: int | None, seen_version: int | None = None) -> Shift:
    """Hand edit of who is on duty [42]."""
    try:
        roster_pk = Shift.objects.values_list("roster_id", flat=True).get(pk=shift_pk)
    except (Shift.DoesNotExist, ValueError, TypeError):
        raise _refuse("该班次不存在。") from None
    roster = ROSTER_FLOW.begin(roster_pk, seen_version)
    _editable_roster(roster, actor)
    shift = Shift.objects.select_for_update(of=("self",)).select_related("kind", "person__profile").get(pk=shift_pk)
    person = _person(person_pk, "值班人员")
    if person is None and roster.state == RosterState.PUBLISHED:
        raise ValidationError("已发布的值班表每个班次都须有人值班；请改为安排其他人员 [42]。")
    if shift.ends_at <= timezone.now():
        raise ValidationError("该班次已结束，不能再调整。")
    previous = shift.person
    if person is not None:
        if previous is not None and previous.pk == person.pk:
            return shift
        check_on_duty(person, shift)
    shift.person = person
    shift.save(update_fields=["person"])
    ROSTER_FLOW.save(roster)
    before = display_name(previous) if previous else "（空）"
    after = display_name(person) if person else "（空）"
    ROSTER_FLOW.log(
        roster, actor, "assign", "调整值班人员", roster.state, comment=f"{_shift_label(shift)}：{before} → {after}"
    )
    if roster.state == RosterState.PUBLISHED:
        ROSTER_FLOW.notify(
            [previous, person],
            title="值班安排有调整",
            obj=roster,
            body=f"{_shift_label(shift)}：{before} → {after}",
        )
    return shift


@transaction.atomic
def roster_set_leaders(
    *,
    actor,
    roster_pk: int,
    day: date,
    county_leader_pk: int | None,
    office_leader_pk: int | None,
    seen_version: int | None = None,
) -> Roster:
    """带班领导 of a statutory holiday day: a county-government leader and an office leader [41]."""
    roster = ROSTER_FLOW.begin(roster_pk, seen_version)
    _editable_roster(roster, actor)
    shifts = list(roster.shifts.select_for_update().filter(active=True, day=day))
    if not shifts:
        raise ValidationError("该日没有班次。")
    if all(s.day_type != DayType.HOLIDAY for s in shifts):
        raise ValidationError("带班领导只在法定节假日安排 [41]。")
    county = _person(county_leader_pk, "县政府领导")
    office = _person(office_leader_pk, "办公室领导")
    if county is not None and not rules.is_county_leader(county):
        raise ValidationError(f"{display_name(county)}不是县政府领导 [41]。")
    if office is not None and not rules.is_office_leader(office):
        raise ValidationError(f"{display_name(office)}不是办公室领导 [41]。")
    starts, ends = min(s.starts_at for s in shifts), max(s.ends_at for s in shifts)
    away = absences_overlapping([p.pk for p in (county, office) if p], starts, ends)
    for leader in (county, office):
        if leader is not None and away.get(leader.pk):
            raise ValidationError(f"{display_name(leader)}当日外出，不能安排带班 [41][42]。")
    for shift in shifts:
        shift.county_leader, shift.office_leader = county, office
    Shift.objects.bulk_update(shifts, ["county_leader", "office_leader"])
    ROSTER_FLOW.save(roster)
    names = "、".join(display_name(p) for p in (county, office) if p) or "（空）"
    ROSTER_FLOW.log(roster, actor, "leaders", "安排带班领导", roster.state, comment=f"{day:%Y年%m月%d日}：{names}")
    if roster.state == RosterState.PUBLISHED:
        ROSTER_FLOW.notify(
            [county, office], title="节假日带班安排", obj=roster, body=f"{day:%Y年%m月%d日}带班：{names} [41]"
        )
    return roster


@transaction.atomic
def roster_publish(*, actor, pk: int, seen_version: int | None = None) -> Roster:
    """发布 [42]; refused while a statutory holiday day lacks its two 带班 leaders [41] or a shift is empty."""
    from .selectors import roster_gaps

    roster = ROSTER_FLOW.begin(pk, seen_version)
    ROSTER_FLOW.check(roster.publish, actor, "只有编排该值班表的办公室领导可以发布草稿值班表 [42]。")
    problems = roster_gaps(roster)
    if problems:
        raise ValidationError(["值班表尚不完整，不能发布：", *problems])
    from_state = roster.state
    roster.publish()
    roster.published_at, roster.published_by = timezone.now(), actor
    ROSTER_FLOW.save(roster)
    ROSTER_FLOW.log(roster, actor, "publish", "发布", from_state)
    on_it = set()
    for row in roster.shifts.filter(active=True).values_list("person_id", "county_leader_id", "office_leader_id"):
        on_it.update(pk for pk in row if pk)
    ROSTER_FLOW.notify(
        User.objects.filter(pk__in=on_it, is_active=True),
        title=f"值班表已发布：{roster.title}",
        obj=roster,
        body=f"{roster.title}（{roster.starts_on:%m月%d日}—{roster.ends_on:%m月%d日}）已发布，"
        "请查看您的值班安排 [41][42]。",
    )
    return roster


@transaction.atomic
def roster_cancel(*, actor, pk: int, reason: str, seen_version: int | None = None) -> Roster:
    roster = ROSTER_FLOW.begin(pk, seen_version)
    ROSTER_FLOW.check(roster.cancel, actor, "只有编排该值班表的办公室领导可以作废 [42]。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因。")
    from_state = roster.state
    roster.cancel()
    roster.cancelled_at, roster.cancel_reason = timezone.now(), reason[:300]
    ROSTER_FLOW.save(roster)
    roster.shifts.update(active=False)
    ROSTER_FLOW.log(roster, actor, "cancel", "作废", from_state, comment=reason)
    if from_state == RosterState.PUBLISHED:
        people = set(roster.shifts.exclude(person=None).values_list("person_id", flat=True))
        ROSTER_FLOW.notify(
            User.objects.filter(pk__in=people), title=f"值班表已作废：{roster.title}", obj=roster, body=reason
        )
    return roster


# --- swaps ------------------------------------------------------------------------------------------------------


def _future_shift(pk, what: str) -> Shift:
    try:
        shift = Shift.objects.select_related("roster", "kind", "person__profile").get(pk=pk, active=True)
    except (Shift.DoesNotExist, ValueError, TypeError):
        raise ValidationError(f"{what}不存在。") from None
    if shift.roster.state != RosterState.PUBLISHED:
        raise ValidationError("只有已发布值班表的班次可以换班 [42]。")
    if shift.starts_at <= timezone.now():
        raise ValidationError(f"{what}已开始，不能再换班 [41]。")
    return shift


@transaction.atomic
def swap_request(*, actor, shift_pk: int, other_person_pk: int, reason: str, other_shift_pk: int | None = None) -> Swap:
    """换班 asked by the person on duty [42]."""
    shift = _future_shift(shift_pk, "该班次")
    if shift.person_id != actor.pk:
        raise _refuse("只有该班次的值班人员本人可以申请换班 [42]。", shift)
    other = _person(other_person_pk, "替班人")
    if other is None:
        raise ValidationError("请选择替班人。")
    if other.pk == actor.pk:
        raise ValidationError("替班人不能是本人。")
    if not rules.can_be_rostered(other):
        raise ValidationError(f"{display_name(other)}不是值班人员 [41][42]。")
    other_shift = None
    if other_shift_pk not in (None, ""):
        other_shift = _future_shift(other_shift_pk, "对调班次")
        if other_shift.person_id != other.pk:
            raise ValidationError("对调班次须是替班人本人的班次。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写换班理由。")
    if Swap.objects.filter(shift=shift, state__in=OPEN_SWAP_STATES).exists():
        raise ValidationError("该班次已有一份待办的换班申请。")
    swap = Swap(shift=shift, requested_by=actor, other_person=other, other_shift=other_shift, reason=reason[:300])
    swap.full_clean(exclude=["state"])
    swap.save()
    SWAP_FLOW.log(swap, actor, "request", "申请换班", "", comment=reason)
    SWAP_FLOW.notify(
        [other],
        title=f"{display_name(actor)}请您替班",
        obj=swap,
        body=f"{_shift_label(shift)}"
        + (f"，对调您的{_shift_label(other_shift)}" if other_shift else "")
        + f"。理由：{reason}",
    )
    return swap


def _swap_step(actor, pk, seen_version, transition: str, refusal: str):
    swap = SWAP_FLOW.begin(pk, seen_version)
    SWAP_FLOW.check(getattr(swap, transition), actor, refusal)
    return swap, swap.state


@transaction.atomic
def swap_accept(*, actor, pk: int, seen_version: int | None = None) -> Swap:
    swap, from_state = _swap_step(actor, pk, seen_version, "accept", "只有被请求替班的人可以同意换班 [42]。")
    if swap.other_shift_id is None:  # an exchange is checked once both shifts have moved (``swap_approve``)
        check_on_duty(actor, swap.shift)
    swap.accept()
    swap.answered_at = timezone.now()
    SWAP_FLOW.save(swap)
    SWAP_FLOW.log(swap, actor, "accept", "同意换班", from_state)
    SWAP_FLOW.notify(
        [swap.shift.roster.made_by, swap.requested_by],
        title="换班待批准",
        obj=swap,
        body=f"{display_name(swap.requested_by)}与{display_name(actor)}换班：{_shift_label(swap.shift)} [42]",
    )
    return swap


@transaction.atomic
def swap_decline(*, actor, pk: int, comment: str = "", seen_version: int | None = None) -> Swap:
    swap, from_state = _swap_step(actor, pk, seen_version, "decline", "只有被请求替班的人可以答复 [42]。")
    swap.decline()
    swap.answered_at, swap.comment = timezone.now(), (comment or "")[:300]
    SWAP_FLOW.save(swap)
    SWAP_FLOW.log(swap, actor, "decline", "不同意", from_state, comment=comment)
    SWAP_FLOW.notify([swap.requested_by], title="对方不同意换班", obj=swap, body=_shift_label(swap.shift))
    return swap


@transaction.atomic
def swap_approve(*, actor, pk: int, comment: str = "", seen_version: int | None = None) -> Swap:
    """The office leader who made the roster approves; the shifts change hands; the roster keeps both names [42]."""
    swap, from_state = _swap_step(actor, pk, seen_version, "approve", "只有编排值班表的办公室领导可以批准换班 [42]。")
    roster = Roster.objects.select_for_update().get(pk=swap.shift.roster_id)
    shift = Shift.objects.select_for_update().select_related("kind").get(pk=swap.shift_id)
    if shift.person_id != swap.requested_by_id:
        raise ValidationError("该班次的值班人员已变动，换班申请不再适用。")
    if shift.starts_at <= timezone.now():
        raise ValidationError("该班次已开始，不能再换班 [41]。")
    other_shift = None
    if swap.other_shift_id:
        other_shift = Shift.objects.select_for_update().select_related("kind").get(pk=swap.other_shift_id)
        if other_shift.person_id != swap.other_person_id or not other_shift.active:
            raise ValidationError("对调班次的值班人员已变动，换班申请不再适用。")
    # Swap first, then check each person against their new shift with the other's already moved.
    shift.person_id = swap.other_person_id
    shift.save(update_fields=["person"])
    if other_shift is not None:
        other_shift.person_id = swap.requested_by_id
        other_shift.save(update_fields=["person"])
    check_on_duty(swap.other_person, shift)
    if other_shift is not None:
        check_on_duty(swap.requested_by, other_shift)
    swap.approve()
    swap.decided_by, swap.decided_at, swap.comment = actor, timezone.now(), (comment or "")[:300]
    SWAP_FLOW.save(swap)
    SWAP_FLOW.log(swap, actor, "approve", "批准", from_state, comment=comment)
    a, b = display_name(swap.requested_by), display_name(swap.other_person)
    text = f"{_shift_label(shift)}：{a} → {b}"
    if other_shift is not None:
        text += f"；{_shift_label(other_shift)}：{b} → {a}"
    ROSTER_FLOW.save(roster)
    ROSTER_FLOW.log(
        roster, actor, "swap", "换班", roster.state, comment=f"{text}（换班申请{swap.pk}，{display_name(actor)}批准）"
    )
    SWAP_FLOW.notify([swap.requested_by, swap.other_person], title="换班已批准", obj=swap, body=text)
    return swap


@transaction.atomic
def swap_refuse(*, actor, pk: int, comment: str, seen_version: int | None = None) -> Swap:
    swap, from_state = _swap_step(actor, pk, seen_version, "refuse", "只有编排值班表的办公室领导可以审批换班 [42]。")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("请填写不批准的理由。")
    swap.refuse()
    swap.decided_by, swap.decided_at, swap.comment = actor, timezone.now(), comment[:300]
    SWAP_FLOW.save(swap)
    SWAP_FLOW.log(swap, actor, "refuse", "不批准", from_state, comment=comment)
    SWAP_FLOW.notify([swap.requested_by, swap.other_person], title="换班未获批准", obj=swap, body=comment)
    return swap


@transaction.atomic
def swap_withdraw(*, actor, pk: int, seen_version: int | None = None) -> Swap:
    swap, from_state = _swap_step(actor, pk, seen_version, "withdraw", "只有申请人本人可以撤回换班申请。")
    swap.withdraw()
    SWAP_FLOW.save(swap)
    SWAP_FLOW.log(swap, actor, "withdraw", "撤回", from_state)
    SWAP_FLOW.notify([swap.other_person], title="换班申请已撤回", obj=swap, body=_shift_label(swap.shift))
    return swap


# --- handover ---------------------------------------------------------------------------------------------------


@transaction.atomic
def handover_write(*, actor, shift_pk: int, open_matters: str) -> Handover:
    """交班: the outgoing person writes what is still open [41]."""
    try:
        shift = Shift.objects.select_for_update().select_related("kind", "roster").get(pk=shift_pk, active=True)
    except (Shift.DoesNotExist, ValueError, TypeError):
        raise ValidationError("该班次不存在。") from None
    if not (actor.pk == shift.person_id or rules.is_office_leader(actor)):
        raise _refuse("只有该班次的值班人员可以交班 [41]。", shift)
    if shift.roster.state != RosterState.PUBLISHED:
        raise ValidationError("值班表尚未发布。")
    if timezone.now() < shift.starts_at:
        raise ValidationError("该班次尚未开始，不能交班。")
    if Handover.objects.filter(shift=shift).exists():
        raise ValidationError("该班次已交班。")
    if shift.person_id is None:
        raise ValidationError("该班次无人值班，不能交班。")
    following = next_shift_after(shift)
    handover = Handover(
        shift=shift,
        next_shift=following,
        outgoing_person_id=shift.person_id,
        incoming_person_id=following.person_id if following else None,
        open_matters=(open_matters or "").strip(),
        written_at=timezone.now(),
    )
    handover.save()
    HANDOVER_FLOW.log(handover, actor, "write", "交班", "", comment=handover.open_matters[:500])
    if following is not None and following.person_id:
        HANDOVER_FLOW.notify(
            [following.person],
            title="请确认接班",
            obj=handover,
            body=f"{display_name(shift.person)}已交班（{_shift_label(shift)}），请核对交接事项后确认接班 [41]。",
        )
    return handover


@transaction.atomic
def handover_confirm(*, actor, pk: int, note: str = "", seen_version: int | None = None) -> Handover:
    """接班: the incoming person confirms; timed [41]."""
    handover = HANDOVER_FLOW.begin(pk, seen_version)
    HANDOVER_FLOW.check(handover.confirm, actor, "只有接班人可以确认接班 [41]。")
    from_state = handover.state
    handover.confirm()
    handover.confirmed_by, handover.confirmed_at, handover.confirm_note = actor, timezone.now(), (note or "")[:300]
    HANDOVER_FLOW.save(handover)
    HANDOVER_FLOW.log(handover, actor, "confirm", "确认接班", from_state, comment=note)
    return handover


# --- the duty log -------------------------------------------------------------------------------------------------


@transaction.atomic
def log_add(
    *,
    actor,
    caller: str,
    content: str,
    action_taken: str = "",
    phone: str = "",
    at: datetime | None = None,
    corrects_pk: int | None = None,
) -> LogEntry:
    """值班日志: one call or event [41]."""
    if not rules.can_record(actor):
        raise _refuse("只有值班人员可以记录值班日志 [41]。")
    caller, content = (caller or "").strip(), (content or "").strip()
    if not caller or not content:
        raise ValidationError("请填写来电（来人）和内容。")
    now = timezone.now()
    at = at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError("记录时间不能晚于现在。")
    corrects = None
    if corrects_pk not in (None, ""):
        corrects = LogEntry.objects.filter(pk=corrects_pk).first()
        if corrects is None:
            raise ValidationError("要更正的记录不存在。")
    entry = LogEntry(
        at=at,
        shift=shift_on_post(at),
        caller=caller[:100],
        phone=(phone or "").strip()[:40],
        content=content,
        action_taken=(action_taken or "").strip(),
        recorded_by=actor,
        corrects=corrects,
    )
    entry.full_clean()
    entry.save()
    return entry


# --- emergency reports -------------------------------------------------------------------------------------------


def _leaders_to_tell(shift: Shift | None) -> list[tuple[object, str, bool]]:
    """(leader, level, on duty): the 带班 leaders of the shift first, then every county-government and office
    leader [43]."""
    out: list[tuple[object, str, bool]] = []
    seen: set[int] = set()
    if shift is not None:
        for leader, level in ((shift.county_leader, rules.COUNTY_LEVEL), (shift.office_leader, rules.OFFICE_LEVEL)):
            if leader is not None and leader.is_active:
                out.append((leader, level, True))
                seen.add(leader.pk)
    names = [r.value for r in (*COUNTY_LEADERS, *OFFICE_LEADERS)]
    for leader in (
        User.objects.filter(is_active=True, groups__name__in=names).distinct().select_related("profile").order_by("id")
    ):
        if leader.pk not in seen:
            seen.add(leader.pk)
            out.append((leader, rules.leader_level(leader), False))
    return [row for row in out if row[1]]


@transaction.atomic
def report_record(
    *,
    actor,
    title: str,
    received_at: datetime,
    place: str,
    description: str,
    source: str,
    casualties: str = "",
    category: str = EmergencyReport.Category.OTHER,
    level: str = EmergencyReport.Level.UNKNOWN,
    occurred_at: datetime | None = None,
    source_unit_pk: int | None = None,
    source_phone: str = "",
    from_entry_pk: int | None = None,
) -> EmergencyReport:
    """首报: recorded by the person on duty; the leaders are told at once [43]."""
    if not rules.can_record(actor):
        raise _refuse("只有值班人员可以登记突发事件 [43]。")
    now = timezone.now()
    if received_at is None:
        raise ValidationError("请填写接报时间。")
    if received_at > now + timedelta(minutes=5):
        raise ValidationError("接报时间不能晚于现在。")
    shift = shift_on_post(received_at)
    report = EmergencyReport(
        title=(title or "").strip()[:200],
        category=category,
        level=level,
        received_at=received_at,
        occurred_at=occurred_at,
        place=(place or "").strip()[:200],
        description=(description or "").strip(),
        casualties=(casualties or "").strip()[:300],
        source=(source or "").strip()[:200],
        source_unit_id=source_unit_pk or None,
        source_phone=(source_phone or "").strip()[:40],
        shift=shift,
        recorded_by=actor,
        year=timezone.localtime(received_at).year,
    )
    report.full_clean(exclude=["state"])
    report.save()
    FollowUp.objects.create(
        report=report,
        stage=FollowUp.Stage.FIRST,
        at=received_at,
        content=report.description,
        casualties=report.casualties,
        recorded_by=actor,
    )
    leaders = _leaders_to_tell(shift)
    LeaderNotice.objects.bulk_create(
        [LeaderNotice(report=report, leader=u, level=lv, on_duty=d, told_at=now) for u, lv, d in leaders]
    )
    if from_entry_pk not in (None, ""):
        LogEntry.objects.filter(pk=from_entry_pk, report__isnull=True).update(report=report)
    REPORT_FLOW.log(report, actor, "record", "接报（首报）", "", comment=f"已报告领导{len(leaders)}人")
    REPORT_FLOW.notify(
        [u for u, _, _ in leaders],
        title=f"【紧急】{report.title}",
        obj=report,
        body=(
            f"{_when(received_at)}接报：{report.place}，{report.description[:200]}"
            + (f"；伤亡：{report.casualties}" if report.casualties else "")
            + f"。来源：{report.source}。请阅示；报州政府值班室须经县政府领导和办公室领导同意 [43][8]。"
        ),
        kind="duty.emergency",
    )
    return report


@transaction.atomic
def report_follow_up(
    *, actor, pk: int, stage: str, content: str, casualties: str = "", seen_version: int | None = None
) -> FollowUp:
    """续报 / 终报 [43]; a 终报 closes the report."""
    report = REPORT_FLOW.begin(pk, seen_version)
    if not rules.can_handle_report(report, actor):
        raise _refuse("只有值班人员或领导可以续报 [43]。", report)
    if report.state == ReportState.CLOSED:
        raise ValidationError("该报告已终报。")
    if stage not in (FollowUp.Stage.FURTHER, FollowUp.Stage.FINAL):
        raise ValidationError("请选择续报或终报。")
    content = (content or "").strip()
    if not content:
        raise ValidationError("请填写内容。")
    follow = FollowUp.objects.create(
        report=report, stage=stage, content=content, casualties=(casualties or "")[:300], recorded_by=actor
    )
    from_state = report.state
    if casualties:
        report.casualties = casualties[:300]
    if stage == FollowUp.Stage.FINAL:
        REPORT_FLOW.check(report.close, actor, "不能终报。")
        report.close()
        report.closed_at = follow.at
    REPORT_FLOW.save(report)
    REPORT_FLOW.log(report, actor, stage, follow.get_stage_display(), from_state, comment=content[:500])
    leaders = User.objects.filter(pk__in=report.notices.values("leader_id"))
    REPORT_FLOW.notify(
        leaders,
        title=f"{follow.get_stage_display()}：{report.title}",
        obj=report,
        body=content[:300],
        kind="duty.emergency",
    )
    return follow


@transaction.atomic
def report_acknowledge(*, actor, pk: int) -> LeaderNotice:
    """A leader has read the report (the phone page's 已阅) [43]."""
    notice = LeaderNotice.objects.select_for_update().filter(report_id=pk, leader=actor).first()
    if notice is None:
        raise _refuse("该报告未报送您。")
    if notice.acknowledged_at is None:
        notice.acknowledged_at = timezone.now()
        notice.save(update_fields=["acknowledged_at"])
    return notice


@transaction.atomic
def report_instruct(*, actor, pk: int, text: str, leader_pk: int | None = None) -> Instruction:
    """领导批示, written by the leader, or recorded by the duty room on a leader's word [43]."""
    report = REPORT_FLOW.begin(pk)
    if rules.is_leader(actor) and leader_pk in (None, "", actor.pk):
        leader = actor
    else:
        if not rules.can_record(actor):
            raise _refuse("只有领导或值班人员可以记录领导批示 [43]。", report)
        leader = _person(leader_pk, "批示领导")
        if leader is None or not rules.is_leader(leader):
            raise ValidationError("请选择作出批示的县政府领导或办公室领导 [43]。")
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写批示内容。")
    instruction = Instruction.objects.create(report=report, leader=leader, text=text, recorded_by=actor)
    REPORT_FLOW.save(report, bump=False)
    REPORT_FLOW.log(
        report, actor, "instruct", "领导批示", report.state, comment=f"{display_name(leader)}：{text[:500]}"
    )
    REPORT_FLOW.notify(
        [report.recorded_by],
        title=f"领导批示：{report.title}",
        obj=report,
        body=f"{display_name(leader)}：{text[:300]}",
    )
    return instruction


@transaction.atomic
def report_agree(*, actor, pk: int, note: str = "", seen_version: int | None = None) -> Agreement:
    """A county-government or office leader agrees, in person, to the report to the prefecture [43], [8]."""
    report = REPORT_FLOW.begin(pk, seen_version)
    level = rules.leader_level(actor)
    if not level:
        raise _refuse("只有县政府领导或办公室领导可以同意上报州政府值班室 [43][8]。", report)
    if report.state not in (ReportState.RECEIVED, ReportState.AGREED):
        raise ValidationError(f"该报告{report.get_state_display()}，无需再同意上报。")
    if report.agreements.filter(leader=actor).exists():
        raise ValidationError("您已同意上报。")
    agreement = Agreement.objects.create(
        report=report, leader=actor, level=level, recorded_by=actor, note=(note or "")[:300]
    )
    from_state = report.state
    levels = set(report.agreements.values_list("level", flat=True))
    if report.state == ReportState.RECEIVED and {rules.COUNTY_LEVEL, rules.OFFICE_LEVEL} <= levels:
        REPORT_FLOW.check(report.mark_agreed, actor, "不能同意上报。")
        report.mark_agreed()
    REPORT_FLOW.save(report)
    REPORT_FLOW.log(report, actor, "agree", f"{rules.LEVEL_LABELS[level]}同意上报", from_state, comment=note or "")
    REPORT_FLOW.notify(
        [report.recorded_by],
        title=f"{display_name(actor)}同意上报：{report.title}",
        obj=report,
        body="县政府领导和办公室领导均已同意，可报州政府值班室 [43][8]。"
        if report.state == ReportState.AGREED
        else f"尚待{_missing_levels(levels)}同意 [43][8]。",
    )
    return agreement


def _missing_levels(levels: set[str]) -> str:
    return "和".join(rules.LEVEL_LABELS[lv] for lv in (rules.COUNTY_LEVEL, rules.OFFICE_LEVEL) if lv not in levels)


@transaction.atomic
def report_send_to_prefecture(
    *, actor, pk: int, method: str, receiver: str = "", seen_version: int | None = None
) -> EmergencyReport:
    """报州政府值班室 — only after a county-government leader AND an office leader agreed [43], [8]."""
    report = REPORT_FLOW.begin(pk, seen_version)
    if not rules.can_handle_report(report, actor):
        raise _refuse("只有值班人员可以报送州政府值班室 [43]。", report)
    levels = set(report.agreements.values_list("level", flat=True))
    if not {rules.COUNTY_LEVEL, rules.OFFICE_LEVEL} <= levels:
        raise _refuse(
            f"报州政府值班室须经县政府领导和办公室领导同意；尚待{_missing_levels(levels)}同意 [43][8]。", report
        )
    REPORT_FLOW.check(report.send, actor, f"该报告{report.get_state_display()}，不能报送。")
    method = (method or "").strip()
    if not method:
        raise ValidationError("请填写报送方式（电话、传真、值班系统等）。")
    from_state = report.state
    report.send()
    report.prefecture_sent_at, report.prefecture_sent_by = timezone.now(), actor
    report.prefecture_method, report.prefecture_receiver = method[:30], (receiver or "").strip()[:50]
    report.special_serial = next_serial("duty.special_report", report.year)
    REPORT_FLOW.save(report)
    REPORT_FLOW.log(report, actor, "send", "报州政府值班室", from_state, comment=f"{report.special_label}，{method}")
    REPORT_FLOW.notify(
        User.objects.filter(pk__in=report.notices.values("leader_id")),
        title=f"已报州政府值班室：{report.title}",
        obj=report,
        body=report.special_label,
        kind="duty.emergency",
    )
    return report


__all__ = [
    "HANDOVER_FLOW",
    "REPORT_FLOW",
    "ROSTER_FLOW",
    "SWAP_FLOW",
    "check_on_duty",
    "handover_confirm",
    "handover_write",
    "log_add",
    "report_acknowledge",
    "report_agree",
    "report_follow_up",
    "report_instruct",
    "report_record",
    "report_send_to_prefecture",
    "roster_cancel",
    "roster_generate",
    "roster_publish",
    "roster_set_leaders",
    "shift_assign",
    "swap_accept",
    "swap_approve",
    "swap_decline",
    "swap_refuse",
    "swap_request",
    "swap_withdraw",
]
