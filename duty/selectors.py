"""What people may see of duty, and the reads the services and pages share [41], [42], [43].

Visibility: nothing on duty is classified — a secret matter is not written into the duty log or an emergency
report (it goes by the confidential channels of [31], [32]) — so the chapter has no ``core.visibility``
selector with clearances. The one rule, ``visible`` below: everyone who may open the chapter
(``rules.can_open_duty``: the office's staff and the county's leaders) sees every roster, shift, log entry and
report; anyone else sees nothing (404). Every list, search, count, export, PDF and queue item reads through it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from org.models import Absence

from . import rules
from .models import (
    DayType,
    EmergencyReport,
    Handover,
    HandoverState,
    LogEntry,
    Roster,
    RosterState,
    Shift,
    Swap,
)


def visible(user, qs: QuerySet) -> QuerySet:
    """THE visibility rule of the chapter (see the module's docstring)."""
    return qs if rules.sees_everything(user) else qs.none()


def get_for(user, qs: QuerySet, pk):
    """One item, or 404 for both missing and not-yours."""
    try:
        return visible(user, qs).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该记录。") from None


def rosters_visible_to(user) -> QuerySet:
    return visible(user, Roster.objects.select_related("made_by__profile"))


def shifts_visible_to(user) -> QuerySet:
    return visible(
        user,
        Shift.objects.filter(active=True).select_related(
            "kind", "person__profile", "county_leader__profile", "office_leader__profile"
        ),
    )


def log_visible_to(user) -> QuerySet:
    return visible(user, LogEntry.objects.select_related("recorded_by__profile"))


def reports_visible_to(user) -> QuerySet:
    return visible(user, EmergencyReport.objects.select_related("recorded_by__profile"))


def swaps_visible_to(user) -> QuerySet:
    return visible(
        user,
        Swap.objects.select_related(
            "shift__kind", "shift__roster", "requested_by__profile", "other_person__profile", "other_shift__kind"
        ),
    )


# --- duty now -----------------------------------------------------------------------------------------------------


def shifts_at(moment: datetime | None = None) -> QuerySet:
    """The active shifts on post at ``moment`` (of published rosters first)."""
    moment = moment or timezone.now()
    return (
        Shift.objects.filter(active=True, starts_at__lte=moment, ends_at__gt=moment)
        .select_related("kind", "roster", "person__profile", "county_leader__profile", "office_leader__profile")
        .order_by("-roster__state", "seat", "id")
    )


def shift_on_post(moment: datetime | None = None) -> Shift | None:
    """The shift on post at ``moment``, preferring a published roster's."""
    moment = moment or timezone.now()
    published = shifts_at(moment).filter(roster__state=RosterState.PUBLISHED).first()
    return published or shifts_at(moment).first()


def next_shift_after(shift: Shift) -> Shift | None:
    """The active shift of a published or draft roster that starts next at or after ``shift``'s end."""
    return (
        Shift.objects.filter(active=True, starts_at__gte=shift.ends_at)
        .exclude(pk=shift.pk)
        .select_related("person")
        .order_by("starts_at", "seat", "id")
        .first()
    )


# --- the roster's gaps -------------------------------------------------------------------------------------------


def roster_gaps(roster: Roster) -> list[str]:
    """Why the roster is incomplete (shown on its page; publishing is refused while any remains) [41], [42]:
    shifts with no one on them, and statutory holiday days lacking a county-government leader and an office
    leader as 带班. Two queries."""
    problems: list[str] = []
    empty = list(
        roster.shifts.filter(active=True, person__isnull=True).select_related("kind").order_by("starts_at", "seat")
    )
    if empty:
        listed = "、".join(f"{s.day:%m月%d日}{s.kind.name}" for s in empty[:10])
        more = f"等{len(empty)}个班次" if len(empty) > 10 else ""
        problems.append(f"尚未安排值班人员：{listed}{more} [42]。")
    days: dict[date, list[str]] = {}
    holiday = roster.shifts.filter(active=True, day_type=DayType.HOLIDAY).filter(
        Q(county_leader__isnull=True) | Q(office_leader__isnull=True)
    )
    for day, county, office, name in holiday.values_list(
        "day", "county_leader_id", "office_leader_id", "holiday_name"
    ).order_by("day"):
        missing = days.setdefault(day, [name])
        if county is None and "县政府领导" not in missing:
            missing.append("县政府领导")
        if office is None and "办公室领导" not in missing:
            missing.append("办公室领导")
    for day, (name, *missing) in days.items():
        problems.append(f"{day:%m月%d日}（{name}）缺少带班的{'和'.join(missing)} [41]。")
    return problems


# --- people's time ------------------------------------------------------------------------------------------------


def absences_overlapping(person_ids, starts: datetime, ends: datetime) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each person's absences (``org.Absence``: the leave chapter's approved leave, trips, training) that overlap
    [starts, ends). One query."""
    out: dict[int, list[tuple[datetime, datetime]]] = {}
    rows = Absence.objects.filter(person_id__in=list(person_ids), starts_at__lt=ends, ends_at__gt=starts)
    for person, a, b in rows.values_list("person_id", "starts_at", "ends_at"):
        out.setdefault(person, []).append((a, b))
    return out


def busy_intervals(person_ids, starts: datetime, ends: datetime, *, exclude_roster=None, exclude_shift=None):
    """Each person's active shifts overlapping [starts, ends) — of other rosters, or of this one but another
    shift. One query."""
    qs = Shift.objects.filter(
        active=True, person_id__in=list(person_ids), starts_at__lt=ends, ends_at__gt=starts
    ).exclude(roster__state=RosterState.CANCELLED)
    if exclude_roster is not None:
        qs = qs.exclude(roster=exclude_roster)
    if exclude_shift is not None:
        qs = qs.exclude(pk=exclude_shift)
    out: dict[int, list[tuple[datetime, datetime]]] = {}
    for person, a, b in qs.values_list("person_id", "starts_at", "ends_at"):
        out.setdefault(person, []).append((a, b))
    return out


def away_during(shift_starts: datetime, shift_ends: datetime) -> Exists:
    """An ``Exists`` for the person on a shift being away at some moment of it."""
    return Exists(
        Absence.objects.filter(person_id=OuterRef("person_id"), starts_at__lt=shift_ends, ends_at__gt=shift_starts)
    )


# --- handovers ----------------------------------------------------------------------------------------------------


def handovers_to_confirm(user) -> QuerySet:
    return Handover.objects.filter(state=HandoverState.WRITTEN, incoming_person=user).select_related(
        "shift__kind", "outgoing_person__profile"
    )


def agreement_levels(report: EmergencyReport) -> set[str]:
    """The levels (县政府领导, 办公室领导) that have agreed to the report to the prefecture [43], [8]."""
    return set(report.agreements.values_list("level", flat=True))


def search_log(user, text: str = "", *, since: datetime | None = None, until: datetime | None = None) -> QuerySet:
    """值班日志 search: words in who called, what and what was done (pg_trgm indexes on PostgreSQL), newest
    first; the page pages it by (at, id)."""
    qs = log_visible_to(user)
    for word in (text or "").split()[:5]:
        qs = qs.filter(Q(content__icontains=word) | Q(caller__icontains=word) | Q(action_taken__icontains=word))
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    return qs.order_by("-at", "-id")
