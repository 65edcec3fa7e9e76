"""Duty data for tests: people on the rota, rosters through the services, absences, emergency reports."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from duty import services
from duty.models import Roster, Shift
from org.models import Absence
from org.roles import Role
from tests.factories import person


def local(y, m, d, hh=0, mm=0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def duty_people(n: int) -> list:
    return [person(Role.DUTY_OFFICER, full_name=f"值班员{i}") for i in range(1, n + 1)]


def away(user, starts: date, ends: date, reason=Absence.Reason.LEAVE) -> Absence:
    """An approved absence as the leave chapter writes it (``org.Absence``), whole days."""
    return Absence.objects.create(
        person=user,
        starts_at=timezone.make_aware(datetime.combine(starts, time.min)),
        ends_at=timezone.make_aware(datetime.combine(ends, time.max)),
        reason=reason,
        source="leave",
    )


def roster(office, starts_on: date, ends_on: date, *, period=Roster.Period.MONTH, by="fuzhuren") -> Roster:
    return services.roster_generate(actor=office[by], period=period, starts_on=starts_on, ends_on=ends_on)


def holiday_roster(office, starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 3), *, by="fuzhuren") -> Roster:
    return roster(office, starts_on, ends_on, period=Roster.Period.HOLIDAY, by=by)


def lead_every_day(office, r: Roster, county="changwu", office_leader="zhuren") -> Roster:
    for day in sorted(set(r.shifts.filter(day_type="holiday").values_list("day", flat=True))):
        services.roster_set_leaders(
            actor=r.made_by,
            roster_pk=r.pk,
            day=day,
            county_leader_pk=office[county].pk if county else None,
            office_leader_pk=office[office_leader].pk if office_leader else None,
        )
    r.refresh_from_db()
    return r


def fill(r: Roster, people) -> None:
    """Put someone on each empty shift (test set-up only)."""
    for i, shift in enumerate(r.shifts.filter(person__isnull=True)):
        Shift.objects.filter(pk=shift.pk).update(person=people[i % len(people)])


def published(office, starts_on, ends_on, *, period=Roster.Period.MONTH) -> Roster:
    r = roster(office, starts_on, ends_on, period=period)
    fill(r, office.rota)
    lead_every_day(office, r)
    return services.roster_publish(actor=r.made_by, pk=r.pk)


def report(office, by="zhiban", **extra):
    data = {
        "title": "山体滑坡",
        "received_at": timezone.now(),
        "place": "昂赛乡",
        "description": "昂赛乡某村发生山体滑坡，阻断道路。",
        "source": "昂赛乡人民政府值班室",
        "casualties": "暂无",
        **extra,
    }
    return services.report_record(actor=office[by], **data)
