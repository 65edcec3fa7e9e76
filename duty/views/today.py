"""今日值班: who is on duty now and next, the 带班 leaders on a holiday, the handover waiting, today's log [41], [42].

A fixed number of queries whatever the number of rosters and log entries (each read is an index range)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from .. import rules
from ..forms import LogForm
from ..models import Handover, HandoverState, RosterState, Shift
from ..selectors import log_visible_to, rosters_visible_to, shifts_at, shifts_visible_to
from .common import chapter, with_incomplete

TODAY_LOG = 30


def _next_shifts(now: datetime, on_post: list[Shift]) -> list[Shift]:
    """The shift(s) that start next after the ones on post end (or after now when nobody is on post)."""
    after = max((s.ends_at for s in on_post), default=now)
    qs = (
        Shift.objects.filter(active=True, roster__state=RosterState.PUBLISHED, starts_at__gte=after)
        .select_related("kind", "person__profile", "county_leader__profile", "office_leader__profile")
        .order_by("starts_at", "seat", "id")
    )
    first = list(qs[:4])
    return [s for s in first if s.starts_at == first[0].starts_at] if first else []


def today(request):
    """今日值班 [41], [42]."""
    chapter(request.user)
    now = timezone.now()
    on_post = [s for s in shifts_at(now)[:6] if s.roster.state == RosterState.PUBLISHED]
    upcoming = _next_shifts(now, on_post)
    # The handover waiting: of the shift that ended into the one on post, and any waiting for this person.
    waiting = list(
        Handover.objects.filter(state=HandoverState.WRITTEN, written_at__gte=now - timedelta(days=3))
        .select_related("shift__kind", "outgoing_person__profile", "incoming_person__profile")
        .order_by("-written_at", "-id")[:5]
    )
    # My shifts in their last hour, or ended within a day, not handed over yet: 交班 [41].
    to_hand_over = list(
        shifts_visible_to(request.user)
        .filter(
            person=request.user,
            roster__state=RosterState.PUBLISHED,
            starts_at__lte=now,
            ends_at__lte=now + timedelta(hours=1),
            ends_at__gte=now - timedelta(days=1),
            handover__isnull=True,
        )
        .order_by("starts_at")[:3]
    )
    # Today's log reaches back to the start of the shift before this one: a night shift runs over midnight.
    day_start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    previous = (
        Shift.objects.filter(active=True, roster__state=RosterState.PUBLISHED, ends_at__lte=now)
        .order_by("-ends_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    since = min([day_start, *(s.starts_at for s in on_post), *([previous] if previous else [])])
    entries = list(log_visible_to(request.user).filter(at__gte=since).order_by("-at", "-id")[:TODAY_LOG])
    rosters = list(
        with_incomplete(rosters_visible_to(request.user))
        .exclude(state=RosterState.CANCELLED)
        .filter(ends_on__gte=timezone.localdate(now))
        .order_by("starts_on", "id")[:4]
    )
    can_record = rules.can_record(request.user)
    return render(
        request,
        "duty/today.html",
        {
            "title": "今日值班",
            "nav": "today",
            "now": now,
            "on_post": on_post,
            "upcoming": upcoming,
            "waiting": waiting,
            "to_hand_over": to_hand_over,
            "entries": entries,
            "since": since,
            "entries_more": len(entries) == TODAY_LOG,
            "rosters": rosters,
            "can_record": can_record,
            "can_make": rules.can_make_roster(request.user),
            "log_form": LogForm() if can_record else None,
        },
    )


urlpatterns: list = [
    path("", today, name="today"),
]
