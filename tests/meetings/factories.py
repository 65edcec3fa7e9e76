"""Meetings for tests: a room, a meeting at a given hour, through the services (never by hand)."""

from __future__ import annotations

from datetime import datetime, timedelta

from meetings import services
from meetings.kinds import Kind
from meetings.models import Room

from .conftest import NOW


def room(name: str = "测试第一会议室") -> Room:
    return Room.objects.get_or_create(name=name, defaults={"location": "测试楼三楼"})[0]


def at(days: int = 1, hour: int = 10) -> datetime:
    """``days`` after the test day, at ``hour`` office time."""
    return (NOW + timedelta(days=days)).replace(hour=hour, minute=0)


def data(office, kind=Kind.DIRECTOR_OFFICE, *, chair=None, starts=None, hours=2, where=None, **extra):
    starts = starts or at()
    return services.MeetingData(
        kind=kind,
        title=extra.pop("title", f"测试{Kind(kind).label}"),
        chair=chair or office["zhuren"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        room=where if where is not None else room(),
        **extra,
    )


def meeting(office, kind=Kind.DIRECTOR_OFFICE, *, actor=None, attendees=None, **kwargs):
    return services.meeting_create(
        actor=actor or office["shoufa"], data=data(office, kind, **kwargs), attendees=attendees
    )


def held(office, kind=Kind.DIRECTOR_OFFICE, **kwargs):
    """A meeting announced, opened and closed (the clock is moved by the caller when needed)."""
    m = meeting(office, kind, **kwargs)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    services.meeting_open(actor=office["shoufa"], pk=m.pk)
    services.meeting_close(actor=office["shoufa"], pk=m.pk)
    m.refresh_from_db()
    return m
