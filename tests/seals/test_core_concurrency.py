"""Concurrency on PostgreSQL [7]: of two leaders deciding the same request at the same moment one wins and the
other is told (StaleAction, 409); two stampings of one request at once record one use; seal numbers stay
gapless."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from core.workflow import ActionRefused, StaleAction
from seals import services
from seals.models import RequestState, SealRequest, SealUse
from tests import requires

from . import factories as f
from .factories import CLERK, DEPUTY, DIRECTOR

pytestmark = [pytest.mark.django_db(transaction=True), requires.postgresql]


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


def test_two_leaders_approving_at_once_one_wins_the_other_gets_stale_action_7(office):
    """[7] The director approves and a deputy director returns from the same page at the same moment."""
    waiting = f.request(office)
    seen = waiting.version

    def attempt(i: int):
        if i == 0:
            services.request_approve(actor=office[DIRECTOR], pk=waiting.pk, seen_version=seen, comment="同意")
        else:
            services.request_return(actor=office[DEPUTY], pk=waiting.pk, seen_version=seen, comment="不同意")
        return "won"

    results = _run_in_threads(2, attempt)
    assert results.count("won") == 1, results
    (lost,) = [r for r in results if r != "won"]
    assert isinstance(lost, StaleAction) and "请刷新页面" in lost.message
    waiting.refresh_from_db()
    assert waiting.state in (RequestState.APPROVED, RequestState.RETURNED)
    assert waiting.log.filter(action__in=["approve", "return"]).count() == 1


def test_one_request_stamped_twice_at_once_records_one_use_7(office):
    """[7] A request is used once even when the clerk's form is sent twice at the same moment."""
    approved = f.approved_request(office)

    def attempt(i: int):
        data = services.UseData(seal_id=approved.seal_id, copies=1, request_id=approved.pk)
        return services.use_record(actor=office[CLERK], data=data)

    results = _run_in_threads(2, attempt)
    assert sum(isinstance(r, SealUse) for r in results) == 1, results
    assert sum(isinstance(r, ActionRefused) for r in results) == 1, results
    assert SealUse.objects.filter(request=approved).count() == 1
    assert SealRequest.objects.get(pk=approved.pk).state == RequestState.USED


def test_request_numbers_are_gapless_under_concurrent_submission_7(office):
    seal = f.default_seal(office)
    staff = ["guikou1", "guikou2", "guikou3", "dazi"]
    results = _run_in_threads(4, lambda i: f.request(office, seal, actor=staff[i]).serial)
    assert sorted(results) == [1, 2, 3, 4], results
