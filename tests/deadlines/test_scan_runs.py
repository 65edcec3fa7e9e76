"""Scan runs a worker never finished (killed, the machine lost) are closed by the next run [26(4)]."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from deadlines import services
from deadlines.models import ScanRun

from .conftest import local

pytestmark = pytest.mark.django_db


def _unfinished(kind, started_ago: timedelta, now) -> ScanRun:
    started = now - started_ago
    return ScanRun.objects.create(kind=kind, via="beat", as_of=started, started_at=started)


def test_a_killed_scan_is_marked_abandoned_when_the_next_one_starts(clock, scan):
    """[26(4)] A scan whose worker was killed stays unfinished; the next scan closes it as 已中止 (failed,
    with the reason), and leaves alone a scan that may still be running (started within its time limit)."""
    now = clock(local(2026, 10, 12, 10, 0))
    killed = _unfinished(ScanRun.Kind.SCAN, timedelta(minutes=30), now)
    running = _unfinished(ScanRun.Kind.SCAN, timedelta(minutes=1), now)
    digest_killed = _unfinished(ScanRun.Kind.DIGEST, timedelta(hours=2), now)

    run = scan()

    killed.refresh_from_db()
    assert killed.ok is False and killed.abandoned
    assert killed.finished_at == timezone.now()
    assert "已中止" in killed.error
    assert killed.duration_ms is None  # the time it took is unknown
    running.refresh_from_db()
    assert running.finished_at is None and running.ok is None  # another worker may still be at it
    digest_killed.refresh_from_db()
    assert digest_killed.finished_at is None  # the digest's own next run closes it
    assert run.ok and not run.abandoned


def test_a_killed_digest_is_marked_abandoned_by_the_next_digest(clock, digest):
    now = clock(local(2026, 10, 12, 8, 30))  # a Monday
    killed = _unfinished(ScanRun.Kind.DIGEST, timedelta(days=3), now)
    digest()
    killed.refresh_from_db()
    assert killed.abandoned and killed.finished_at is not None


def test_abandonment_waits_out_the_tasks_time_limit():
    from deadlines import tasks

    assert services.ABANDONED_AFTER[ScanRun.Kind.SCAN] > timedelta(seconds=tasks.scan.time_limit)
    assert services.ABANDONED_AFTER[ScanRun.Kind.DIGEST] > timedelta(seconds=tasks.digest.time_limit)
