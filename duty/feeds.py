"""A person's duty shifts (and, for a leader, the holiday days they lead, 带班) as an ICS feed behind a secret
address that can be reset (``core.feeds``, as leave and meetings do) [41], [42].

The address is ``/duty/feed/<person id>-<HMAC>.ics``; 重置 draws a new salt and every older address answers 404.
Calendar programs cannot sign in, so the feed is login-exempt and shows the least it can: the shift, its times
and the duty room — nothing from the log or the emergency reports."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from core.feeds import FeedTokens

from . import rules
from .models import CalendarFeed, RosterState, Shift

HISTORY_DAYS = 400  # a year back and everything ahead
MAX_EVENTS = 800

# The people who may be on a roster or lead on it: the chapter's (office staff, county leaders).
TOKENS = FeedTokens(model=CalendarFeed, key_salt="duty.feeds.ics", allowed=rules.can_open_duty)
token_for, reset, person_for = TOKENS.token_for, TOKENS.reset, TOKENS.person_for


def shifts_of(person):
    """The person's active shifts of published rosters, on duty or leading, a year back and everything ahead."""
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    return (
        Shift.objects.filter(
            Q(person=person) | Q(county_leader=person) | Q(office_leader=person),
            active=True,
            roster__state=RosterState.PUBLISHED,
            ends_at__gte=since,
        )
        .select_related("kind")
        .order_by("starts_at", "seat", "id")[:MAX_EVENTS]
    )


def ics_for(person) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Zaduo County Government Office//duty//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "我的值班")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    leading_days: dict = {}
    for shift in shifts_of(person):
        if shift.person_id == person.pk:
            event = Event()
            event.add("uid", f"duty-shift-{shift.pk}-{person.pk}@zaduo-office")
            event.add("dtstamp", stamp)
            event.add("dtstart", shift.starts_at)
            event.add("dtend", shift.ends_at)
            event.add(
                "summary", f"值班：{shift.kind.name}" + (f"（{shift.holiday_name}）" if shift.holiday_name else "")
            )
            event.add("location", "县政府值班室")
            event.add("description", "值班人员坚守岗位，按时交接班 [41][42]。")
            cal.add_component(event)
        if person.pk in (shift.county_leader_id, shift.office_leader_id):
            first, last, name = leading_days.get(shift.day, (shift.starts_at, shift.ends_at, shift.holiday_name))
            leading_days[shift.day] = (min(first, shift.starts_at), max(last, shift.ends_at), name)
    for day, (first, last, name) in sorted(leading_days.items()):
        event = Event()
        event.add("uid", f"duty-lead-{day:%Y%m%d}-{person.pk}@zaduo-office")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", last)
        event.add("summary", f"带班：{name or '节假日'}")
        event.add("description", "法定节假日由县政府领导和办公室领导带班 [41]。")
        cal.add_component(event)
    return cal.to_ical()
