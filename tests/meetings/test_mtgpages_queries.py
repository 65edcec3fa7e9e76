"""The meeting pages cost the same number of queries with 3 meetings as with 30: the calendar's week and month
(the office's and 我的会议), the list, a meeting's page and the attendance page (PERFORMANCE.md) [17]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings import services
from meetings.kinds import Kind
from meetings.models import Meeting

from .factories import at, meeting

pytestmark = pytest.mark.django_db

KINDS = [Kind.DIRECTOR_OFFICE, Kind.OFFICE_AFFAIRS, Kind.OFFICE_PLENARY]


def _fill(office, n: int, start: int = 0) -> None:
    """``n`` meetings this week and month, of the office's three kinds, all with the deputy director on them."""
    for i in range(start, start + n):
        meeting(office, KINDS[i % 3], title=f"第{i}次测试会议", starts=at(i % 5, 8 + i % 9), hours=1)


PAGES = [
    ("shoufa", reverse("meetings:calendar")),
    ("shoufa", reverse("meetings:calendar") + "?view=month"),
    ("fuzhuren", reverse("meetings:calendar") + "?scope=mine"),
    ("fuzhuren", reverse("meetings:calendar") + "?scope=mine&view=month"),
    ("kezhang", reverse("meetings:calendar")),  # 室务会议 and 全体会议 only: 我的会议 of a section chief
    ("shoufa", reverse("meetings:list")),
    ("shoufa", reverse("meetings:list") + "?kind=director_office&q=测试&year=2026"),
    ("guikou1", reverse("meetings:list")),
]


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_meeting_pages_cost_the_same_with_3_and_30_meetings(client, office, count_queries, username, url):
    client.force_login(office[username])
    _fill(office, 3)
    client.get(url)  # warm the session and caches
    with count_queries() as small:
        assert client.get(url).status_code == 200
    _fill(office, 27, start=3)
    assert Meeting.objects.count() == 30
    with count_queries() as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) <= 25, "\n".join(q["sql"] for q in small.captured_queries)


def test_a_meetings_page_and_its_attendance_do_not_grow_with_its_people(client, office, count_queries):
    """The detail and the clerk's page: the same queries with 3 attendees as with 17 [17]."""
    few = meeting(office, attendees=[office["fuzhuren"], office["fuzhuren_wenmi"]])
    many = meeting(office, Kind.OFFICE_PLENARY, starts=at(2))  # everyone [25]
    for m in (few, many):
        services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    client.force_login(office["shoufa"])
    counts = {}
    for name in ("detail", "attendance"):
        for m in (few, many):
            url = reverse(f"meetings:{name}", args=[m.pk])
            client.get(url)
            with count_queries() as ctx:
                assert client.get(url).status_code == 200
            counts[(name, m.pk)] = len(ctx)
        assert counts[(name, few.pk)] == counts[(name, many.pk)], counts
    assert many.attendees.count() > 10


def test_the_form_lists_default_attendees_without_a_query_each(client, office, count_queries):
    """筹备: 主任办公会议 invites three by default [18], 全体会议 everyone [25] — the same queries for both."""
    client.force_login(office["shoufa"])
    counts = []
    for kind in ("director_office", "office_plenary"):
        url = reverse("meetings:create") + f"?kind={kind}"
        client.get(url)
        with count_queries() as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
