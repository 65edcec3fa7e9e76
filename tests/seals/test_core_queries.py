"""The selectors' lists and 我的待办 ask a fixed number of queries whatever the number of rows [7]
(PERFORMANCE.md): checked with 3 rows and with 30."""

from __future__ import annotations

import pytest

from seals import selectors, services
from seals.todo import SealsWork

from . import factories as f
from .factories import CLERK, DIRECTOR

MAX_QUERIES = 4


def _fill(office, n: int) -> None:
    seal = f.default_seal(office)
    for i in range(n):
        approved = f.approved_request(office, seal, subject=f"证明材料{i}")
        if i % 2 == 0:
            data = services.UseData(seal_id=seal.pk, copies=1, request_id=approved.pk)
            services.use_record(actor=office[CLERK], data=data)
        f.request(office, seal, subject=f"待审批{i}")
        f.application(office, seal_name=f"杂多县测试乡专用章{i}")
        f.approved_application(office, seal_name=f"杂多县测试乡业务章{i}")


def _read(user) -> int:
    seen = 0
    for s in selectors.seal_list(user):
        seen += len(f"{s.name}{s.unit}{s.keeper and s.keeper.profile.full_name}")
    for r in selectors.request_list(user):
        seen += len(f"{r.seal.name}{r.applicant.profile.full_name}{r.decided_by and r.decided_by.profile.full_name}")
    for u in selectors.use_list(user):
        seen += len(f"{u.seal.name}{u.request and u.request.number}{u.stamped_by.profile.full_name}")
    for a in selectors.application_list(user):
        seen += len(f"{a.unit.name}{a.applicant.profile.full_name}{a.seal}")
    return seen


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", [CLERK, DIRECTOR, "lianluo", "guikou1"])
def test_the_lists_are_flat_in_queries_7(office, django_assert_max_num_queries, rows, who):
    """[7] Each list is one query (plus the person's roles), with 3 rows as with 30."""
    _fill(office, rows)
    user = type(office[who]).objects.get(pk=office[who].pk)
    with django_assert_max_num_queries(MAX_QUERIES + 3):
        _read(user)


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", [CLERK, DIRECTOR, "lianluo"])
def test_my_todo_is_flat_in_queries_7(office, django_assert_max_num_queries, rows, who):
    """[7] 我的待办's seals queues: a fixed number of queries for the items and one for the badge count."""
    _fill(office, rows)
    user = type(office[who]).objects.get(pk=office[who].pk)
    work = SealsWork()
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        items = work.items(user, 50)
    with django_assert_max_num_queries(3):
        count = work.count(user)
    assert count >= len(items) > 0 or who == "lianluo"
