"""Reminders [7] (the office's time limits, docs/decisions.md): an approved request not stamped within 30 days
is warned to its applicant and the clerk and lapses; an application waiting over 5 working days reminds the
director; an approved application not made within 30 days reminds the clerk — each reminder once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from seals import services

from . import factories as f
from .factories import CLERK, DIRECTOR, STAFF

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def _scan(clock, *moments):
    for moment in moments:
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")


def test_an_unstamped_approval_is_warned_then_lapses_once_7(office, clock):
    """[7] Approved Tuesday 10 November: last day Thursday 10 December; warned Monday 7 December (three working
    days before) to the applicant and the clerk; told once on 11 December that it lapsed."""
    approved = f.approved_request(office)
    rows = Reminder.objects.filter(rule="seals.request_expiry", item_id=approved.pk)
    _scan(clock, _at(2026, 12, 4, 10))
    assert not rows.exists()
    _scan(clock, _at(2026, 12, 7, 10), _at(2026, 12, 8, 10))
    warned = rows.filter(stage="warning")
    assert set(warned.values_list("recipient_id", flat=True)) == {office[STAFF].pk, office[CLERK].pk}
    assert warned.count() == 2
    _scan(clock, _at(2026, 12, 11, 9), _at(2026, 12, 11, 9, 30), _at(2026, 12, 14, 9))
    overdue = rows.filter(stage="overdue")
    recipients = list(overdue.values_list("recipient_id", flat=True))
    assert {office[STAFF].pk, office[CLERK].pk} <= set(recipients)
    assert len(recipients) == len(set(recipients))  # once each, however many scans
    assert services.is_lapsed(approved)


def test_a_stamped_request_is_not_reminded_7(office, clock):
    f.use(office)
    _scan(clock, _at(2026, 12, 7, 10), _at(2026, 12, 11, 10))
    assert not Reminder.objects.filter(rule="seals.request_expiry").exists()


def test_an_application_waiting_over_five_working_days_reminds_the_director_once_7(office, clock):
    """[7] Submitted Tuesday 10 November 09:00: due Tuesday 17 November 09:00; the director is reminded once."""
    waiting = f.application(office)
    rows = Reminder.objects.filter(rule="seals.application_decision", item_id=waiting.pk)
    _scan(clock, _at(2026, 11, 17, 8))
    assert not rows.exists()
    _scan(clock, _at(2026, 11, 17, 10), _at(2026, 11, 17, 11), _at(2026, 11, 18, 10))
    recipients = list(rows.values_list("recipient_id", flat=True))
    assert office[DIRECTOR].pk in recipients
    assert len(recipients) == len(set(recipients))


def test_a_decided_application_is_not_reminded_for_its_decision_7(office, clock):
    waiting = f.application(office)
    services.application_approve(actor=office[DIRECTOR], pk=waiting.pk)
    _scan(clock, _at(2026, 11, 18, 10))
    assert not Reminder.objects.filter(rule="seals.application_decision").exists()


def test_an_approved_application_not_made_in_thirty_days_reminds_the_clerk_once_7(office, clock):
    approved = f.approved_application(office)
    rows = Reminder.objects.filter(rule="seals.application_making", item_id=approved.pk, stage="overdue")
    _scan(clock, _at(2026, 12, 10, 10))
    assert not rows.exists()
    _scan(clock, _at(2026, 12, 11, 9), _at(2026, 12, 11, 10), _at(2026, 12, 14, 9))
    recipients = list(rows.values_list("recipient_id", flat=True))
    assert office[CLERK].pk in recipients
    assert len(recipients) == len(set(recipients))


def test_a_made_application_is_not_reminded_7(office, clock):
    f.made_application(office)
    _scan(clock, _at(2026, 12, 11, 10))
    assert not Reminder.objects.filter(rule="seals.application_making").exists()
