"""A 2027 deadline over 春节, through the real engine, with the holidays the ``holidays`` package computes for
the year ``chinesecalendar`` 1.11.0 does not know [26(6)7]."""

from __future__ import annotations

import pytest

from deadlines.models import Reminder, Stage
from documents.incoming.models import Category

from .conftest import local, told

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chinesecalendar_stops_at_2026")]

CIRCULATION = "incoming.circulation"


def test_circulation_due_on_the_third_day_of_spring_festival_is_warned_before_new_years_eve(clock, docs, scan):
    """[26(6)7] 传阅件一般在一周内传阅完毕: distributed Monday 1 February 2027, due Monday 8 February (初三).
    The working day before it is Thursday 4 February — 除夕 (Friday 5) is a holiday — not Friday 5 as a
    Monday-to-Friday count would have it."""
    clock(local(2027, 2, 1, 10, 0))
    doc = docs.distributed(category=Category.READ)
    assert doc.due_at == local(2027, 2, 8, 10, 0)

    scan(clock(local(2027, 2, 4, 9, 59)))
    assert told(rule=CIRCULATION) == {}
    scan(clock(local(2027, 2, 4, 10, 0)))
    assert told(rule=CIRCULATION, stage=Stage.WARNING) == {
        "shoufa": [f"{CIRCULATION}:warning"],
        "xianzhang": [f"{CIRCULATION}:warning"],
    }
    scan(clock(local(2027, 2, 5, 10, 0)))
    assert Reminder.objects.filter(rule=CIRCULATION, stage=Stage.WARNING).count() == 2  # nothing more on 除夕


def test_no_overdue_digest_during_spring_festival_the_first_goes_out_on_the_first_working_day(clock, docs, digest):
    """[26(6)7] Overdue since 8 February: the daily digest waits for Thursday 11 February, the first working day
    after the holiday and the days given in lieu (9 and 10 February)."""
    clock(local(2027, 2, 1, 10, 0))
    docs.distributed(category=Category.READ)
    for day in (8, 9, 10):
        assert digest(clock(local(2027, 2, day, 8, 30))) is None, f"a digest on 2027-02-{day:02d}, a day off"
    assert digest(clock(local(2027, 2, 11, 8, 30))).recorded > 0
    assert "xianzhang" in told(stage=Stage.DIGEST)
