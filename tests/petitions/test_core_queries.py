"""Reads that run on every page or at every registration stay flat in queries as cases grow (PERFORMANCE.md)."""

from __future__ import annotations

import pytest

from core import workqueue
from petitions import services

from . import factories as f

pytestmark = pytest.mark.django_db


def _grow(office, n, start):
    for i in range(n):
        case = f.referred(office, people=[f.person(start + i)], title=f"草场纠纷{start + i}")
        services.request_extension(actor=office["xinfang"], pk=case.pk, reason="复杂", days=5)
        f.registered(office, people=[f.person(500 + start + i)], title=f"道路损毁{start + i}")


def _todo_queries(user, count_queries):
    provider = next(p for p in workqueue.providers() if p.key == "petitions")
    with count_queries() as ctx:
        provider.items(user, 50)
        provider.count(user)
    return len(ctx)


@pytest.mark.parametrize("key", ["xinfang", "zhuren", "lianluo"])
def test_todo_queries_flat_in_the_number_of_cases(office, count_queries, key):
    """我的待办's queues: the same number of queries for 2 and for 8 waiting cases."""
    user = office[key]
    _grow(office, 2, 1)
    _todo_queries(user, count_queries)  # the person's roles and profile, read once per request
    small = _todo_queries(user, count_queries)
    _grow(office, 6, 10)
    assert _todo_queries(user, count_queries) == small


def test_repeat_detection_queries_flat(office, count_queries):
    """[48] Finding repeats costs the same few queries whatever the history."""
    f.registered(office, people=[f.person(1)], title="草场纠纷")

    def cost():
        with count_queries() as ctx:
            services.find_repeats(
                id_number=f.id_number(1), phone=f.phone(1), title="草场纠纷", township=office.units["township"]
            )
        return len(ctx)

    small = cost()
    for i in range(2, 8):
        f.registered(office, people=[f.person(1, phone=f.phone(i))], title="草场纠纷")
    assert cost() == small <= 3
