"""A person's meetings as an ICS calendar feed behind a secret address that can be reset (as ``leave.feeds``).

The address is ``/meetings/feed/<person id>-<HMAC>.ics``: the HMAC (SECRET_KEY, ``salted_hmac``) covers the
person and a random salt kept on their ``CalendarFeed``; 重置 draws a new salt and every older address answers
404. Calendar programs cannot sign in, so the feed is login-exempt and shows the least it can: a classified
meeting is only “涉密会议” and its time — no title, place, chair or agenda [31], [32].
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from core.feeds import FeedTokens
from org.selectors import display_name

from .models import BOOKED_STATES, CalendarFeed, Meeting, State
from .selectors import my_seats

HISTORY_DAYS = 400  # a year back and everything ahead
MAX_EVENTS = 500

# The address's secret (core.feeds): every active person may have the feed — county leaders chair and attend.
TOKENS = FeedTokens(model=CalendarFeed, key_salt="meetings.feeds.ics", allowed=lambda person: person.is_active)
token_for, reset, person_for = TOKENS.token_for, TOKENS.reset, TOKENS.person_for


def meetings_of(person):
    """The meetings the person attends or chairs (not cancelled), a year back and everything ahead."""
    since = timezone.now() - timedelta(days=HISTORY_DAYS)
    return (
        Meeting.objects.filter(
            Q(pk__in=my_seats(person).filter(ends_at__gte=since).values("meeting_id")) | Q(chair=person),
            state__in=BOOKED_STATES,
            ends_at__gte=since,
        )
        .select_related("room", "chair__profile")
        .order_by("starts_at", "id")[:MAX_EVENTS]
    )


def ics_for(person) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Zaduo County Government Office//meetings//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "我的会议")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for meeting in meetings_of(person):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@zaduo-office")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("transp", "OPAQUE")
        if meeting.secret_level > 0:
            # Only that there is a meeting, and when [31], [32].
            event.add("summary", "涉密会议")
            event.add("class", "CONFIDENTIAL")
        else:
            event.add("summary", meeting.title)
            event.add("location", meeting.where)
            state = "（已通知）" if meeting.state == State.NOTIFIED else ""
            event.add("description", f"{meeting.get_kind_display()}{state}；主持人：{display_name(meeting.chair)}")
        cal.add_component(event)
    return cal.to_ical()
