"""Who sees which meetings — the one place that decides it — and the reads built on it.

A meeting is seen by the people on it (attendees, chair, organiser: rows of its guardian table, written by
``services``) and, when unclassified, by the office's organisers (their role's ``view_meeting``). A classified
meeting needs the clearance, being on it and this year's pledge [31], [32] — ``core.visibility``. Topics,
materials and decisions are seen through their meeting; a topic not yet on a meeting by its proposer and by
whoever decides topics of its kind.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.visibility import Visibility, secret_covers
from org.confidentiality import has_pledged
from org.selectors import clearance_of

from . import rules
from .kinds import SPECS
from .models import (
    BOOKED_STATES,
    Attendee,
    Decision,
    DecisionState,
    Material,
    Meeting,
    MeetingUserObjectPermission,
    Topic,
    TopicState,
)

VISIBILITY = Visibility(model=Meeting, grant_model=MeetingUserObjectPermission)


def meetings_visible_to(user, *, ignore_pledge: bool = False) -> QuerySet[Meeting]:
    return VISIBILITY.queryset(user, ignore_pledge=ignore_pledge)


def get_meeting_for(user, pk) -> Meeting:
    """404 for "missing" and for "not yours" alike [31], [32]."""
    return VISIBILITY.get_for(
        user, pk, select_related=("chair__profile", "organiser__profile", "room", "entrusted_by__profile")
    )


needs_pledge_for = VISIBILITY.needs_pledge_for


def list_rows(qs: QuerySet) -> QuerySet:
    """What every list of meetings shows, in the same query."""
    return qs.select_related("chair__profile", "room").only(
        "id",
        "kind",
        "title",
        "year",
        "serial",
        "starts_at",
        "ends_at",
        "state",
        "secret_level",
        "place",
        "version",
        "chair__id",
        "chair__username",
        "chair__profile__full_name",
        "room__name",
        "room__location",
    )


def in_window(qs: QuerySet, start: datetime, end: datetime) -> QuerySet:
    """Meetings that share a moment with [start, end): the calendar's week and month."""
    return qs.filter(starts_at__lt=end, ends_at__gt=start)


def my_seats(user) -> QuerySet[Attendee]:
    """The person's places on meetings (active), soonest first: 我的会议 — one index (attendee_person_time)."""
    return Attendee.objects.filter(person=user, active=True)


def my_meetings(user, *, start: datetime | None = None, end: datetime | None = None) -> QuerySet[Meeting]:
    """Meetings the person attends or chairs, within a window if given."""
    seats = my_seats(user)
    if start is not None:
        seats = seats.filter(ends_at__gt=start)
    if end is not None:
        seats = seats.filter(starts_at__lt=end)
    qs = meetings_visible_to(user).filter(Q(pk__in=seats.values("meeting_id")) | Q(chair=user))
    if start is not None and end is not None:
        qs = in_window(qs, start, end)
    return qs.filter(state__in=BOOKED_STATES)


def week_bounds(day: date) -> tuple[datetime, datetime]:
    monday = day - timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    return start, start + timedelta(days=7)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(year, month, 1))
    nxt = timezone.make_aware(datetime(year + (month == 12), month % 12 + 1, 1))
    return start, nxt


# --- topics ---------------------------------------------------------------------------------------------------


def topics_visible_to(user) -> QuerySet[Topic]:
    """Organisers see every topic; the director and county leaders those of kinds they decide; the proposer
    their own; everyone the topics on meetings they may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Topic.objects.none()
    on_visible_meeting = Q(meeting__in=meetings_visible_to(user).values("pk"))
    # A topic on a classified meeting goes with that meeting only (and stays with its proposer) [31], [32]:
    # being an organiser or deciding topics of its kind does not open a meeting one is not on.
    not_classified = Q(meeting__isnull=True) | Q(meeting__secret_level=0)
    if rules.is_organiser(user) and user.has_perm("meetings.view_all_meeting"):
        return Topic.objects.filter(not_classified | Q(proposer=user) | on_visible_meeting)
    kinds = [kind for kind in SPECS if rules.decides_topics_of(user, kind)]
    return Topic.objects.filter(Q(proposer=user) | (Q(kind__in=kinds) & not_classified) | on_visible_meeting)


def topics_to_decide(user) -> QuerySet[Topic]:
    """Topics waiting for this person's decision (列入议程 / 暂缓 / 不予上会)."""
    kinds = [kind for kind in SPECS if rules.decides_topics_of(user, kind)]
    if not kinds:
        return Topic.objects.none()
    return Topic.objects.filter(kind__in=kinds, state=TopicState.PROPOSED)


def open_topics(kind: str) -> QuerySet[Topic]:
    """Topics that may be put on a meeting of ``kind``: accepted or waiting, not on a meeting."""
    return Topic.objects.filter(
        kind=kind, meeting__isnull=True, state__in=[TopicState.PROPOSED, TopicState.ACCEPTED, TopicState.DEFERRED]
    )


# --- materials --------------------------------------------------------------------------------------------------


def material_visible(user, material: Material, *, on_meeting: bool) -> bool:
    """An unclassified material goes with its meeting; a classified one only to people on the meeting whose
    clearance covers its level and who pledged this year [31], [32]. Superusers are not exempt."""
    if material.withdrawn_at is not None:
        return False
    if material.secret_level <= 0:
        return True
    return on_meeting and secret_covers(clearance_of(user), material.secret_level) and has_pledged(user)


def is_on(user, meeting: Meeting) -> bool:
    return VISIBILITY.granted_ids(user).filter(content_object_id=meeting.pk).exists()


def materials_for(user, meeting: Meeting) -> list[Material]:
    on_meeting = is_on(user, meeting)
    rows = meeting.materials.filter(withdrawn_at__isnull=True).select_related("topic", "uploaded_by__profile")
    return [m for m in rows if material_visible(user, m, on_meeting=on_meeting)]


# --- decisions ----------------------------------------------------------------------------------------------------


OPEN_DECISION_STATES = (DecisionState.OPEN, DecisionState.TRACKED)


def decisions_visible_to(user) -> QuerySet[Decision]:
    """Decisions of meetings the person may see, and those they are the responsible leader of."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Decision.objects.none()
    # The meeting's own rule, as a condition on the decision's meeting (a join, not a subquery per row);
    # and the responsible leader sees their decision — unless its meeting is classified: then the rule alone.
    condition = VISIBILITY.condition(user, prefix="meeting__")
    own = Q(leader=user, meeting__secret_level=0)
    return Decision.objects.filter(own if condition is None else condition | own)


def decision_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related("meeting", "leader__profile").prefetch_related("units", "sections")
