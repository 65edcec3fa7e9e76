"""The leave pages cost the same number of queries with 2 requests as with 20 (no per-row queries) [54].
The rows are bulk-created in the states each page shows: only the query counts matter here."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from leave.models import LeaveRequest, State

from .conftest import TODAY

STAFF = ["guikou1", "guikou2", "guikou3", "kezhang", "jiyao", "fazhi", "dazi", "zhiban", "xinfang", "dangan"]


def _fill(office, kinds, n: int, start: int = 0) -> None:
    """``n`` requests of each shape: the person's own in every state, pending for the 分管 leader, and approved
    absences of the office's staff covering today (the board) and this month (the calendar)."""
    now = timezone.now()
    rows = []
    for i in range(start, start + n):
        day = date(2026, 1, 5) + timedelta(days=i)
        state = [State.DRAFT, State.PENDING, State.APPROVED, State.RETURNED, State.REJECTED][i % 5]
        rows.append(
            LeaveRequest(
                person=office["guikou1"],
                kind=kinds["事假"],
                start_date=day,
                end_date=day,
                working_days=Decimal(1),
                chain_days=Decimal(1),
                reason="因事",
                state=state,
                approver=None if state == State.DRAFT else office["fuzhuren_wenmi"],
                submitted_at=None if state == State.DRAFT else now,
                cover=office["guikou2"],
            )
        )
        someone = office[STAFF[i % len(STAFF)]]
        rows.append(
            LeaveRequest(
                person=someone,
                kind=kinds["病假"],
                start_date=TODAY - timedelta(days=i % 3),
                end_date=TODAY + timedelta(days=1 + i % 4),
                working_days=Decimal(3),
                chain_days=Decimal(3),
                state=State.APPROVED if i % 2 else State.AWAY,
                approver=office["zhuren"],
                submitted_at=now,
                decided_at=now,
                decision_due_at=now,
                cover=office["guikou3"],
                destination="玉树市",
            )
        )
        rows.append(
            LeaveRequest(
                person=office[STAFF[(i + 3) % len(STAFF)]],
                kind=kinds["事假"],
                start_date=date(2026, 10, 10),
                end_date=date(2026, 10, 12),
                working_days=Decimal(1),
                state=State.PENDING,
                approver=office["fuzhuren_wenmi"],
                submitted_at=now,
                decision_due_at=now,
                retroactive=bool(i % 2),
            )
        )
    LeaveRequest.objects.bulk_create(rows)


PAGES = [
    ("guikou1", reverse("leave:list")),
    ("fuzhuren_wenmi", reverse("leave:list")),
    ("shoufa", reverse("leave:board")),
    ("guikou1", reverse("leave:board")),
    ("zhuren", reverse("leave:month") + "?year=2026&month=9"),
    ("shoufa", reverse("leave:month") + "?year=2026&month=9"),
    ("zhuren", reverse("leave:stats") + "?year=2026"),
]


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_leave_pages_cost_the_same_with_2_and_20_rows(client, office, kinds, count_queries, username, url):
    client.force_login(office[username])
    _fill(office, kinds, 2)
    client.get(url)  # warm the session and caches
    with count_queries() as small:
        assert client.get(url).status_code == 200
    _fill(office, kinds, 18, start=2)
    with count_queries() as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
    # 26: the work-queue badge counts issue 22's queues too (one UNION per chapter a person can have work in).
    assert len(small) <= 26, "\n".join(q["sql"] for q in small.captured_queries)


def test_a_persons_year_costs_the_same_with_2_and_20_rows(client, office, kinds, count_queries):
    url = reverse("leave:person_year", args=[office["guikou1"].pk]) + "?year=2026"
    client.force_login(office["zhuren"])
    _fill(office, kinds, 2)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    _fill(office, kinds, 18, start=2)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
