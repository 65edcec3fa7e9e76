"""A person's approved absences as an ICS calendar feed behind a secret address that can be reset.

The address is ``/leave/feed/<person id>-<HMAC>.ics``: the HMAC (SECRET_KEY, ``salted_hmac``) covers the person
and a random salt kept on their ``CalendarFeed``. Nothing secret is stored that would let someone rebuild the
address without SECRET_KEY; 重置 draws a new salt, and every address made with the old one answers 404.
Calendar programs cannot sign in, so the feed is login-exempt and shows the least it can: the kind and the
period of each approved absence — never the reason, the destination or the approver's opinion [54].
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from core.feeds import FeedTokens

from . import rules
from .models import TAKEN_STATES, CalendarFeed, State
from .selectors import effective_period, leave_visible_to

HISTORY_DAYS = 400  # a year back and everything ahead
MAX_EVENTS = 500

# The address's secret (core.feeds): the office's staff, while they are (county leaders do not use leave).
TOKENS = FeedTokens(model=CalendarFeed, key_salt="leave.feeds.ics", allowed=rules.can_request)
token_for, reset, person_for = TOKENS.token_for, TOKENS.reset, TOKENS.person_for


def ics_for(person) -> bytes:
    """The person's approved absences (批准、外出中、已销假 as really taken) — kind and period only."""
    since = timezone.localdate() - timedelta(days=HISTORY_DAYS)
    requests = (
        leave_visible_to(person)
        .filter(person=person, state__in=TAKEN_STATES, end_date__gte=since)
        .select_related("kind")
        .order_by("start_date", "id")[:MAX_EVENTS]
    )
    cal = Calendar()
    cal.add("prodid", "-//Zaduo County Government Office//leave//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "请销假")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for req in requests:
        period = effective_period(req)
        event = Event()
        event.add("uid", f"leave-{req.pk}@zaduo-office")
        event.add("dtstamp", stamp)
        event.add("dtstart", period.starts_at)
        event.add("dtend", period.ends_at)
        status = "已销假" if req.state == State.RETURNED else "已批准"
        event.add("summary", f"{req.kind.name}（{status}）")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()
