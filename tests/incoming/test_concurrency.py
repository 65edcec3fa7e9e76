"""Concurrency on PostgreSQL: serials stay gapless and unique; of two simultaneous actions one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from core.workflow import StaleAction
from documents.incoming.models import IncomingDocument, State
from tests import requires

from .factories import act, distribute, register

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires.postgresql,  # row locks
]


def _run_in_threads(n: int, target) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = target(i)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_serials_are_gapless_and_unique_under_concurrent_registration(office):
    """[26(1)] 编收文流水号: eight clerks' registrations at the same moment get 1…8, no gap, no repeat."""
    results = _run_in_threads(8, lambda i: register(office, title=f"并发登记{i}").serial)
    assert all(isinstance(r, int) for r in results), results
    assert sorted(results) == list(range(1, 9))
    assert sorted(IncomingDocument.objects.values_list("serial", flat=True)) == list(range(1, 9))


def test_two_people_distributing_at_once_one_wins_the_other_is_told(office):
    """The deputy and the clerk distribute the same document at the same moment from the same page."""
    doc = register(office)
    seen = doc.version

    def attempt(i: int):
        actor = ["fuzhuren_wenmi", "shoufa"][i]
        reader = ["fuxianzhang1", "fuxianzhang2"][i]
        distribute(office, doc, readers=[act(office, reader)], actor=actor, seen_version=seen)
        return "won"

    results = _run_in_threads(2, attempt)
    assert results.count("won") == 1, results
    (lost,) = [r for r in results if r != "won"]
    assert isinstance(lost, StaleAction)
    assert "已被" in lost.message and "请刷新页面" in lost.message
    doc.refresh_from_db()
    assert doc.state == State.CIRCULATING and doc.readers.count() == 1
