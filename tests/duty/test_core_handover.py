"""交接班 [41], [42]: the outgoing person writes, the incoming person confirms, both timed; a handover not confirmed
in time and a shift with nobody on post are told once to the roster's office leader."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.workflow import ActionRefused
from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from duty import services
from duty.models import HandoverState, Shift

from .factories import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(duty_office):
    """Weekday nights 14–18 September (Mon–Fri) and the weekend after."""
    return published(duty_office, date(2026, 9, 14), date(2026, 9, 20))


def _nights(roster):
    return list(roster.shifts.select_related("person").order_by("starts_at"))


def test_handover_is_written_and_confirmed_with_times(duty_office, week, clock):
    """[41] the outgoing writes the open matters, the incoming confirms; both recorded with times."""
    monday, tuesday = _nights(week)[:2]
    clock.move_to(monday.ends_at - timedelta(minutes=5))
    handover = services.handover_write(actor=monday.person, shift_pk=monday.pk, open_matters="扎青乡停电，待回复")
    assert handover.incoming_person == tuesday.person and handover.written_at is not None
    with pytest.raises(ActionRefused):
        services.handover_confirm(actor=duty_office["guikou1"], pk=handover.pk)
    clock.move_to(tuesday.starts_at + timedelta(minutes=5))
    services.handover_confirm(actor=tuesday.person, pk=handover.pk)
    handover.refresh_from_db()
    assert handover.state == HandoverState.CONFIRMED and handover.confirmed_at == tuesday.starts_at + timedelta(
        minutes=5
    )


def _reminders(rule):
    return list(Reminder.objects.filter(rule=rule).values_list("item_id", "recipient_id", "stage"))


def test_a_missed_handover_is_flagged_exactly_once(duty_office, week, clock):
    """[42] 未按时交接班: no confirmation within the set time (30 minutes) — the roster's office leader is told, once,
    however many scans run."""
    monday, tuesday = _nights(week)[:2]
    clock.move_to(monday.ends_at)
    services.handover_write(actor=monday.person, shift_pk=monday.pk, open_matters="")
    clock.move_to(tuesday.starts_at + timedelta(minutes=29))
    deadlines_scan(via="test", deliver="inline")
    assert _reminders("duty.handover") == []  # still within the 30 minutes

    clock.move_to(tuesday.starts_at + timedelta(minutes=31))
    deadlines_scan(via="test", deliver="inline")
    clock.move_to(tuesday.starts_at + timedelta(hours=2))
    deadlines_scan(via="test", deliver="inline")
    told = [row for row in _reminders("duty.handover") if row[0] == monday.pk]
    leader = duty_office["fuzhuren"].pk
    assert [r for r in told if r[1] == leader] == [(monday.pk, leader, "overdue")]
    assert len(told) == len(set(told))  # nobody told twice


def test_a_handover_confirmed_in_time_is_not_flagged(duty_office, week, clock):
    monday, tuesday = _nights(week)[:2]
    clock.move_to(monday.ends_at)
    handover = services.handover_write(actor=monday.person, shift_pk=monday.pk, open_matters="无")
    clock.move_to(tuesday.starts_at + timedelta(minutes=10))
    services.handover_confirm(actor=tuesday.person, pk=handover.pk)
    clock.move_to(tuesday.starts_at + timedelta(hours=1))
    deadlines_scan(via="test", deliver="inline")
    assert [row for row in _reminders("duty.handover") if row[0] == monday.pk] == []


def test_a_shift_with_nobody_on_post_is_flagged_once(duty_office, week, clock):
    """[41][42] a shift with no one on post (here: the person on it went away after publishing) is told once."""
    from .factories import away

    wednesday = _nights(week)[2]
    away(wednesday.person, wednesday.day, wednesday.day + timedelta(days=1))
    for minutes in (1, 60, 120):
        clock.move_to(wednesday.starts_at + timedelta(minutes=minutes))
        deadlines_scan(via="test", deliver="inline")
    rows = [row for row in _reminders("duty.unmanned") if row[0] == wednesday.pk]
    leader = duty_office["fuzhuren"].pk
    assert [r for r in rows if r[1] == leader] == [(wednesday.pk, leader, "overdue")]
    assert len(rows) == len(set(rows))  # nobody told twice
    assert Shift.objects.filter(pk=wednesday.pk).exists()


def test_a_lapse_is_not_listed_again_in_the_next_days_digest(duty_office, week, clock):
    """[42] exactly once: the daily digest of the following working day does not list last night's lapse again."""
    from deadlines.services import deadlines_digest

    monday, tuesday = _nights(week)[:2]
    clock.move_to(tuesday.starts_at + timedelta(hours=1))
    deadlines_scan(via="test", deliver="inline")
    assert any(row[0] == monday.pk for row in _reminders("duty.handover"))
    clock.move_to(tuesday.ends_at + timedelta(minutes=30))  # Wednesday 09:00
    deadlines_digest(via="test", deliver="inline")
    digests = Reminder.objects.filter(stage="digest", recipient=duty_office["fuzhuren"])
    assert not any("未按时交接班" in d.body for d in digests)
