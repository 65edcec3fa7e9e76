"""政务信息 list: filters (state, kind, unit, target, week, date range), search in title and text, keyset paging,
紧急信息 marked, a unit contact's list their unit's only, the query count flat from 5 to 50 items, and a bad filter
a 400 in Chinese [44]–[46]."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from information.models import InformationItem, Kind, State, Target

from .test_pages_steps import page, sent, submitted

pytestmark = pytest.mark.django_db

LIST = reverse("information:list")


def shown(client, items, **params) -> set[str]:
    text = page(client, LIST, **params)
    return {i.title for i in items if f'data-item="{i.pk}"' in text}


def test_the_list_filters_and_searches_44_46(client_as, office):
    """[44] the office finds an item by state, kind, unit, where it was sent, week or dates, and words."""
    a = submitted(office, title="甲乡虫草采挖秩序良好")
    b = submitted(office, kind=Kind.PROBLEM, unit="department", by="xinxi", title="乙局饲草料短缺")
    c = sent(office, Target.PROVINCE, unit=None, by="xinxi", title="丙办公室自写经验")
    d = submitted(office, kind=Kind.URGENT, title="丁乡突发雪灾")
    items = (a, b, c, d)
    client = client_as("xinxi")
    assert shown(client, items) == {a.title, b.title, c.title, d.title}
    assert shown(client, items, state=State.SUBMITTED) == {a.title, b.title}
    assert shown(client, items, state="open") == {a.title, b.title, c.title, d.title}
    assert shown(client, items, kind=Kind.PROBLEM) == {b.title}
    assert shown(client, items, urgent="on") == {d.title}
    assert shown(client, items, unit=office.units["department"].pk) == {b.title}
    assert shown(client, items, unit="office") == {c.title}
    assert shown(client, items, target=Target.PROVINCE) == {c.title}
    assert shown(client, items, target=Target.PREFECTURE) == set()
    assert shown(client, items, q="雪灾") == {d.title}
    assert shown(client, items, q="虫草") == {a.title}
    assert shown(client, items, q="人均增收") == {a.title, b.title, c.title, d.title}  # the text too
    today = timezone.localdate()
    year, week, _ = today.isocalendar()
    assert shown(client, items, week=f"{year}-W{week:02d}") == {a.title, b.title, c.title, d.title}
    assert shown(client, items, date_from=(today + timedelta(days=1)).isoformat()) == set()
    assert shown(client, items, date_from=today.isoformat(), date_to=today.isoformat()) == {
        a.title,
        b.title,
        c.title,
        d.title,
    }


def test_an_urgent_item_stands_out_on_the_list_46(client_as, office):
    """[46] 急事急报: a red 紧急信息 tag on its row."""
    urgent = submitted(office, kind=Kind.URGENT, title="紧急：道路中断")
    text = page(client_as("xinxi"), LIST)
    row = text[text.index(f'data-item="{urgent.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "data-urgent-tag" in row and "tag-red" in row


def test_a_unit_contact_sees_only_their_units_items_45(client_as, office):
    """[45] through selectors.items_visible_to: the contact's list holds their unit's items, no unit filter."""
    own = submitted(office, title="本乡信息")
    other = submitted(office, unit="department", by="xinxi", title="他局信息")
    office_own = submitted(office, unit=None, by="xinxi", title="办公室信息")
    client = client_as("lianluo")
    text = page(client, LIST)
    assert shown(client, (own, other, office_own)) == {own.title}
    assert 'name="unit"' not in text and "本单位政务信息" in text
    assert shown(client, (own, other, office_own), unit=office.units["department"].pk) == {own.title}


def test_a_bad_filter_is_a_400_with_a_chinese_message_not_a_500(client_as, office):
    client = client_as("xinxi")
    for params in (
        {"unit": "abc"},
        {"unit": "999999"},
        {"state": "nonsense"},
        {"kind": "x"},
        {"target": "moon"},
        {"week": "2026-W99"},
        {"week": "last week"},
        {"date_from": "2026-02-30"},
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"week": "9999-W52"},
        {"date_from": "2026-03-02", "date_to": "2026-03-01"},
        {"before": "garbage"},
        {"date": "yesterday"},
        {"date": "9999-12-31"},
    ):
        response = client.get(LIST, params)
        assert response.status_code == 400, params
        text = response.content.decode()
        assert "筛选条件不正确" in text or "翻页参数无效" in text or "日期格式" in text, params


def test_keyset_paging_reaches_every_item(client_as, office, settings):
    """Newest first, 50 a page; the older pages by cursor, however deep (PERFORMANCE.md)."""
    from information.views import items as views

    now = timezone.now()
    _bulk(office, 60, now)
    client = client_as("xinxi")
    first = page(client, LIST)
    assert first.count("data-item=") == views.PAGE_SIZE and "data-older" in first
    older = first[first.index("data-older") - 300 : first.index("data-older")]
    cursor = older[older.index("before=") + len("before=") :].split('"')[0]
    second = page(client, LIST, before=cursor)
    assert second.count("data-item=") == 10 and "共 60 条" in second


def _bulk(office, n: int, now, *, unit="township") -> None:
    """``n`` items straight into the table, each with a sending (the rows' targets are read per page)."""
    from information.models import Sending

    items = InformationItem.objects.bulk_create(
        [
            InformationItem(
                title=f"批量信息{i}",
                body=f"正文{i}",
                kind=Kind.URGENT if i % 7 == 0 else Kind.DYNAMIC,
                unit=office.units[unit] if i % 3 else office.units["department"],
                author="扎西",
                submitted_by=office["xinxi"],
                submitted_at=now - timedelta(minutes=i),
                waiting_since=now,
                state=State.SENT,
            )
            for i in range(n)
        ]
    )
    Sending.objects.bulk_create(
        [Sending(item=item, target=Target.PREFECTURE, sent_on=now.date(), sent_by=office["xinxi"]) for item in items]
    )


@pytest.mark.parametrize("who", ["xinxi", "lianluo", "zhuren"])
def test_the_list_costs_the_same_for_5_and_50_items(client_as, office, count_queries, who):
    """PERFORMANCE.md: the unit and the targets sent to come in the page's few queries, not one per row."""
    client = client_as(who)
    now = timezone.now()
    _bulk(office, 5, now)
    client.get(LIST)
    with count_queries() as few:
        assert client.get(LIST).status_code == 200
    _bulk(office, 45, now - timedelta(days=1))
    with count_queries() as many:
        text = client.get(LIST).content.decode()
    expected = 50 if who != "lianluo" else InformationItem.objects.filter(unit=office.units["township"]).count()
    assert text.count("data-item=") == expected
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_county_leader_reads_what_the_office_sent_but_nothing_of_its_queue_44(client_as, office):
    """[44] information for the leaders: a county leader's list holds what the office sent (to them, or reported
    upward about the county), nothing in the office's queue; the rest is "not found"."""
    to_county = sent(office, Target.COUNTY, title="报县领导的信息")
    to_prefecture = sent(office, Target.PREFECTURE, title="只报州的信息")
    waiting = submitted(office, title="待筛选的信息")
    client = client_as("xianzhang")
    assert shown(client, (to_county, to_prefecture, waiting)) == {to_county.title, to_prefecture.title}
    assert client.get(reverse("information:detail", args=[waiting.pk])).status_code == 404
    detail = page(client, reverse("information:detail", args=[to_county.pk]))
    assert "data-actions" not in detail and "报送情况" in detail
    assert client.get(reverse("information:submit")).status_code == 403


def test_one_page_of_items_shows_no_paging_and_no_jump_to_a_date_44(client_as, office):
    """[44] a list that fits one page (or an empty search) offers no 跳到日期 form under it; a longer one does."""
    client = client_as("xinxi")
    submitted(office)
    assert "data-keyset" not in page(client, LIST) and "跳到日期" not in page(client, LIST, q="没有这样的标题")
    _bulk(office, 60, timezone.now())
    assert "跳到日期" in page(client, LIST)
