"""公务接待 pages [6]: the list with its filters and a flat query count, the request form, the steps from the
detail page (a stale page is a 409), and people who may not open a reception."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reception.models import Kind, Reception, State

from .factories import ARRIVE, TODAY, approved, submitted

LIST = reverse("reception:list")
# The session, the user, their roles and section, the count, the page, the nav and badge: not one per row.
MAX_LIST_QUERIES = 30


def _bulk(office, n: int, *, start: int = 0):
    now = timezone.now()
    Reception.objects.bulk_create(
        [
            Reception(
                kind=Kind.RECEPTION,
                title=f"州直部门调研{start + i}",
                visiting_unit=f"玉树州第{start + i}局",
                letter_number=f"玉函〔2026〕{start + i}号",
                visitor_count=3,
                purpose="调研",
                arrive_on=TODAY + timedelta(days=i % 20),
                leave_on=TODAY + timedelta(days=i % 20),
                receiving_leader=office["fuxianzhang1"],
                accompany_count=1,
                estimated_cost=Decimal("900"),
                handler=office["guikou1"],
                registered_at=now - timedelta(minutes=start + i),
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("who", ["guikou1", "zhuren", "fuxianzhang1"])
def test_the_list_costs_the_same_for_3_and_30_rows_6(
    client_as, office, count_queries, django_assert_max_num_queries, who
):
    """PERFORMANCE.md: the receiving leader comes in the page's few queries, not one per row [6]."""
    client = client_as(who)
    _bulk(office, 3)
    client.get(LIST)
    with count_queries() as few:
        text = client.get(LIST).content.decode()
    assert text.count("data-reception=") == 3
    _bulk(office, 27, start=100)
    with django_assert_max_num_queries(MAX_LIST_QUERIES), count_queries() as many:
        text = client.get(LIST).content.decode()
    assert text.count("data-reception=") == 30
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_list_filters_by_state_month_unit_kind_and_search_6(client_as, office):
    a = submitted(office, title="州农牧局调研虫草采挖", visiting_unit="玉树州农牧局")
    b = approved(office, title="州教育局督导", visiting_unit="玉树州教育局", arrive_on=TODAY + timedelta(days=20))
    c = submitted(
        office, kind=Kind.ACTIVITY, title="县运动会", visiting_unit="", letter_number="", receiving_leader="changwu"
    )
    client = client_as("kezhang")

    def shown(query):
        text = client.get(LIST, query).content.decode()
        return {pk for pk in (a.pk, b.pk, c.pk) if f'data-reception="{pk}"' in text}

    assert shown({}) == {a.pk, b.pk, c.pk}
    assert shown({"state": State.APPROVED}) == {b.pk}
    assert shown({"kind": Kind.ACTIVITY}) == {c.pk}
    assert shown({"month": "2026-10"}) == {b.pk}
    assert shown({"unit": "农牧"}) == {a.pk}
    assert shown({"q": "虫草"}) == {a.pk}
    assert client.get(LIST, {"month": "2026-13"}).status_code == 400


def test_a_request_is_registered_through_the_form_and_bad_input_is_a_400_6(client_as, office):
    """[6]: 综合科 registers a request; a broken accompanying limit comes back on the form, not a 500."""
    client = client_as("guikou1")
    assert client.get(reverse("reception:create")).status_code == 200
    form = {
        "kind": "reception",
        "title": "州审计局审计进点",
        "visiting_unit": "玉树州审计局",
        "letter_number": "玉审函〔2026〕5号",
        "visitors": "张三 处长",
        "visitor_count": "2",
        "purpose": "专项审计",
        "arrive_on": ARRIVE.isoformat(),
        "leave_on": ARRIVE.isoformat(),
        "receiving_leader": str(office["fuxianzhang1"].pk),
        "accompany_count": "4",
        "meal_standard": "60",
        "estimated_cost": "600",
    }
    bad = client.post(reverse("reception:create"), form)
    assert bad.status_code == 400 and "陪同人数超过规定" in bad.content.decode()
    form["accompany_count"] = "2"
    ok = client.post(reverse("reception:create"), form)
    obj = Reception.objects.get(title="州审计局审计进点")
    assert ok.status_code == 302 and ok["Location"] == reverse("reception:detail", args=[obj.pk])
    assert obj.state == State.SUBMITTED and obj.handler == office["guikou1"]
    assert client_as("fazhi").get(reverse("reception:create")).status_code == 403


def test_the_approver_decides_on_the_page_and_a_stale_page_is_a_409_6(client_as, office):
    obj = submitted(office)
    url = reverse("reception:act", args=[obj.pk, "decide"])
    page = client_as("fuzhuren_wenmi").get(reverse("reception:detail", args=[obj.pk])).content.decode()
    assert "data-decide-form" in page
    director = client_as("zhuren")
    assert director.post(url, {"decision": "approve", "version": obj.version}).status_code == 302
    stale = client_as("fuzhuren_wenmi").post(url, {"decision": "reject", "comment": "不同意", "version": obj.version})
    assert stale.status_code == 409 and "已被" in stale.content.decode()
    assert Reception.objects.get(pk=obj.pk).state == State.APPROVED


def test_held_without_approval_is_refused_on_the_page_too_6(client_as, office):
    """[6]: a POST to 接待完成 for a request not approved is a 403 with the reason."""
    obj = submitted(office, arrive_on=TODAY)
    answer = client_as("guikou1").post(reverse("reception:act", args=[obj.pk, "held"]), {"version": obj.version})
    assert answer.status_code == 403 and "未经批准" in answer.content.decode()


def test_people_who_may_not_see_a_reception_get_a_404_6(client_as, office):
    obj = submitted(office)
    for who in ("fuxianzhang2", "xinxi"):
        assert client_as(who).get(reverse("reception:detail", args=[obj.pk])).status_code == 404, who
    assert client_as("xinxi").get(LIST).status_code == 403
    assert client_as("guikou1").get(reverse("reception:lifecycle")).status_code == 200
