"""seed_demo for duty: a published month, a 春节 roster with its 带班 leaders, log entries and an emergency report
in each state — through the services; a second run adds nothing."""

from __future__ import annotations

import pytest

from duty.demo import build_demo_duty
from duty.models import EmergencyReport, LogEntry, ReportState, Roster, RosterState
from duty.selectors import roster_gaps

pytestmark = pytest.mark.django_db


def test_the_demo_builds_every_state_once(office):
    made = build_demo_duty(office)
    assert made > 0
    month = Roster.objects.get(period=Roster.Period.MONTH)
    assert month.state == RosterState.PUBLISHED
    spring = Roster.objects.get(period=Roster.Period.HOLIDAY)
    assert "春节" in spring.title and spring.state == RosterState.DRAFT
    assert not any("带班" in gap for gap in roster_gaps(spring))  # its leaders are set [41]
    assert set(EmergencyReport.objects.values_list("state", flat=True)) == set(ReportState.values)
    assert LogEntry.objects.count() == 3
    assert build_demo_duty(office) == 0
