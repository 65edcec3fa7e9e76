"""督查事项 pages: the list (filters, search, lateness, capped count, flat query count), registering, the item
page offering only the steps a person may take, and outsiders seeing nothing [37]–[40], [31], [32]."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from core.idempotency import FIELD
from supervision.models import Item, Source, State

from .factories import TODAY, day, item, major, tracked

LIST = reverse("supervision:list")


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


# --- the list -----------------------------------------------------------------------------------------------------


def test_the_list_shows_open_items_by_deadline_with_lateness_40(client_as, office):
    """[40]: open items first due first; a late one is marked with its days late and the reason owed."""
    later = tracked(office, title="后到期事项", days=20)
    late = tracked(office, title="逾期事项", days=-3)
    done = tracked(office, title="已撤销事项")
    from supervision import services

    services.item_cancel(actor=office["zhuren"], pk=done.pk, reason="重复登记")
    page = _page(client_as("zhuren"), LIST)
    assert page.index("逾期事项") < page.index("后到期事项")
    assert "已撤销事项" not in page  # open items by default
    assert "逾期3天" in page and "data-owes-reason" in page
    assert "已撤销事项" in _page(client_as("zhuren"), LIST, state="all")
    assert later.pk and late.pk


def test_the_list_filters_by_source_unit_leader_year_major_overdue_and_searches_37(client_as, office):
    """[37]: the office looks items up by where they came from, who leads, which leader, the year, major, late."""
    township = office.units["township"]
    a = tracked(office, title="甲项道路", unit="township", days=10)
    b = item(office, title="乙项学校", source=Source.MEETING, unit="department", first_responsible=office["zhuren"])
    c = major(office, title="丙项水利", unit="county_unit", assisting_units=(township,))
    d = tracked(office, title="丁项逾期", unit="department", days=-2)
    client = client_as("kezhang")

    def shown(**params):
        page = _page(client, LIST, **params)
        return {x.title for x in (a, b, c, d) if x.title in page}

    assert shown() == {"甲项道路", "乙项学校", "丙项水利", "丁项逾期"}
    assert shown(source=Source.MEETING) == {"乙项学校"}
    assert shown(unit=township.pk) == {"甲项道路", "丙项水利"}  # lead or assisting [40]
    assert shown(leader=office["zhuren"].pk) == {"乙项学校"}
    assert shown(leader=office["fuxianzhang1"].pk) == {"丙项水利"}  # the 分管副县长 [39]
    assert shown(major="on") == {"丙项水利"}
    assert shown(overdue="on") == {"丁项逾期"}
    assert shown(year=TODAY.year + 1) == set()
    assert shown(q="学校") == {"乙项学校"}
    assert shown(q=f"督查〔{c.year}〕{c.serial}号") == {"丙项水利"}


def test_a_bad_filter_is_a_400_with_a_chinese_message_not_a_500(client_as, office):
    client = client_as("kezhang")
    for params in ({"unit": "abc"}, {"year": "二〇二六"}, {"state": "nonsense"}, {"leader": 999999}):
        response = client.get(LIST, params)
        assert response.status_code == 400 and "筛选条件不正确" in response.content.decode()


def test_the_list_costs_the_same_for_a_few_and_many_rows_with_every_mark(client_as, office, count_queries):
    """PERFORMANCE.md: lateness, next report, units and people come in the list's one query."""
    client = client_as("zhuren")
    for offset in (5, -2, 9):
        tracked(office, days=offset, report_cycle="monthly", report_day=5)
    client.get(LIST)
    with count_queries() as few:
        assert client.get(LIST).status_code == 200
    for n in range(30):
        if n % 3 == 0:
            major(office, unit="township")
        else:
            tracked(office, days=n - 10, unit="township", assisting_units=(office.units["department"],))
    with count_queries() as many:
        page = client.get(LIST, {"state": "all"})
    assert page.content.decode().count("data-item=") == 33
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_unit_contacts_list_costs_the_same_for_a_few_and_many_rows_40(client_as, office, count_queries):
    client = client_as("lianluo")
    tracked(office, unit="township")
    client.get(LIST)
    with count_queries() as few:
        client.get(LIST)
        client.get(reverse("supervision:unit"))
    for n in range(25):
        tracked(office, unit="township" if n % 2 else "department", assisting_units=())
    with count_queries() as many:
        client.get(LIST)
        client.get(reverse("supervision:unit"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- registering ----------------------------------------------------------------------------------------------


def _form(office, **extra) -> dict:
    data = {
        "source": Source.COUNTY_LEADER,
        "title": "落实草场补奖资金发放",
        "text": "十月底前将补奖资金发放到户并报送发放清单。",
        "first_responsible": office["fuzhuren"].pk,
        "handler": office["guikou2"].pk,
        "lead_unit": office.units["department"].pk,
        "assisting_units": [office.units["township"].pk],
        "deadline": day(30).isoformat(),
        "report_cycle": "monthly",
        "report_day": 5,
        "secret_level": 0,
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_registering_an_item_from_the_page_37_38(client_as, office):
    """[37], [38]: the office registers an item with its 首办责任人, units and deadline; one per submission."""
    client = client_as("guikou2")
    assert "登记督查事项" in _page(client, reverse("supervision:new"))
    payload = {**_form(office), FIELD: str(uuid.uuid4())}
    response = client.post(reverse("supervision:new"), payload)
    obj = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:detail", args=[obj.pk])
    assert obj.state == State.REGISTERED and obj.first_responsible == office["fuzhuren"]
    assert list(obj.assisting_units.all()) == [office.units["township"]] and obj.next_report_on == day(21)
    client.post(reverse("supervision:new"), payload)  # a double click
    assert Item.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"first_responsible": None}, "首办责任人"),
        ({"is_major": "on"}, "分管副县长"),  # [39]
        ({"deadline": None, "report_cycle": ""}, "办结时限"),  # [40]
        ({"title": ""}, "事项名称"),
    ],
)
def test_registering_refuses_bad_input_with_a_chinese_400_38_39_40(client_as, office, extra, message):
    response = client_as("guikou2").post(reverse("supervision:new"), _form(office, **extra))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Item.objects.exists()


def test_only_the_office_registers_items_37(client_as, office):
    """[37]: a county leader, a unit contact or a typist cannot register."""
    for who in ("fuxianzhang1", "lianluo", "dazi"):
        assert client_as(who).get(reverse("supervision:new")).status_code == 403
        assert client_as(who).post(reverse("supervision:new"), _form(office)).status_code == 403
    assert not Item.objects.exists()


def test_correcting_a_tracked_item_keeps_its_deadline_for_an_extension_40(client_as, office):
    """[40]: while tracked the page does not change the deadline (an extension does)."""
    obj = tracked(office, days=10)
    client = client_as("guikou2")
    assert "督办中的事项不能在此修改" in _page(client, reverse("supervision:edit", args=[obj.pk]))
    payload = {**_form(office, deadline=day(90).isoformat(), title="改过的名称"), "version": obj.version}
    assert client.post(reverse("supervision:edit", args=[obj.pk]), payload).status_code == 302
    obj.refresh_from_db()
    assert obj.title == "改过的名称" and obj.deadline == day(10)


# --- the item page: what it offers ------------------------------------------------------------------------


def test_a_major_item_offers_submission_never_start_and_start_is_refused_39(client_as, office):
    """[39]: the page never offers 开始督办 for a major item, and posting it by hand is refused."""
    obj = major(office)
    client = client_as("guikou2")
    page = _page(client, reverse("supervision:detail", args=[obj.pk]))
    assert "data-submit-approval" in page and "data-start" not in page
    response = client.post(reverse("supervision:act", args=[obj.pk, "start"]), {"version": obj.version})
    assert response.status_code == 403 and "批准立项" in response.content.decode()
    assert Item.objects.get(pk=obj.pk).state == State.REGISTERED
    assert client.post(reverse("supervision:act", args=[obj.pk, "submit_for_approval"])).status_code == 302
    assert Item.objects.get(pk=obj.pk).state == State.PENDING_APPROVAL


def test_an_item_goes_from_registration_to_done_through_its_page_37_38_40(client_as, office):
    """[37], [38], [40]: start, report, ask to close (the 经办人), close (the 首办责任人) — each a form on the page."""
    obj = item(office)
    clerk = client_as("guikou2")
    assert clerk.post(reverse("supervision:act", args=[obj.pk, "start"])).status_code == 302
    assert clerk.post(reverse("supervision:act", args=[obj.pk, "submit_close"]), {"text": ""}).status_code == 400
    response = clerk.post(reverse("supervision:act", args=[obj.pk, "submit_close"]), {"text": "三条村道已完工验收。"})
    assert response.status_code == 302
    assert "data-close" not in _page(clerk, reverse("supervision:detail", args=[obj.pk]))  # not the clerk's [38]
    assert clerk.post(reverse("supervision:act", args=[obj.pk, "close"])).status_code == 403
    leader = client_as("fuzhuren")
    assert "data-close" in _page(leader, reverse("supervision:detail", args=[obj.pk]))
    assert leader.post(reverse("supervision:act", args=[obj.pk, "close"]), {"comment": "同意"}).status_code == 302
    obj.refresh_from_db()
    assert obj.state == State.DONE and obj.on_time is True
    page = _page(leader, reverse("supervision:detail", args=[obj.pk]))
    assert "三条村道已完工验收" in page and "data-actions" not in page


def test_cancelling_needs_a_reason_and_the_first_responsible_38(client_as, office):
    obj = tracked(office)
    assert (
        client_as("guikou2").post(reverse("supervision:act", args=[obj.pk, "cancel"]), {"reason": "x"}).status_code
        == 403
    )
    leader = client_as("fuzhuren")
    assert leader.post(reverse("supervision:act", args=[obj.pk, "cancel"]), {"reason": ""}).status_code == 400
    assert (
        leader.post(reverse("supervision:act", args=[obj.pk, "cancel"]), {"reason": "已并入另一事项"}).status_code
        == 302
    )
    obj.refresh_from_db()
    assert obj.state == State.CANCELLED and obj.cancel_reason == "已并入另一事项"
    assert obj.log.filter(action="cancel").exists()  # never deleted: cancelled with who and why


def test_an_unknown_step_is_a_404_and_a_get_is_refused(client_as, office):
    obj = tracked(office)
    client = client_as("guikou2")
    assert client.post(reverse("supervision:act", args=[obj.pk, "destroy"])).status_code == 404
    assert client.get(reverse("supervision:act", args=[obj.pk, "start"])).status_code == 405


def test_a_stale_page_is_told_someone_acted_first_409(client_as, office):
    obj = item(office)
    seen = obj.version
    client = client_as("guikou2")
    assert client.post(reverse("supervision:act", args=[obj.pk, "start"]), {"version": seen}).status_code == 302
    response = client_as("fuzhuren").post(
        reverse("supervision:act", args=[obj.pk, "cancel"]), {"version": seen, "reason": "重复"}
    )
    assert response.status_code == 409


# --- outsiders ---------------------------------------------------------------------------------------------------


def test_a_unit_contact_sees_only_their_units_items_and_only_a_units_actions_40(client_as, office):
    """[40]: the township's contact sees its items (lead or assisting) and may report or ask for more time —
    nothing of another unit's item, no office step."""
    ours = tracked(office, unit="township", title="乡里的事项")
    theirs = tracked(office, unit="department", title="农牧局的秘密事项", text="别的单位的督查内容")
    client = client_as("lianluo")
    page = _page(client, LIST)
    assert "乡里的事项" in page and "农牧局的秘密事项" not in page and "data-new-item" not in page
    detail = _page(client, reverse("supervision:detail", args=[ours.pk]))
    assert "data-submit-feedback" in detail and "data-submit-extension" in detail
    for marker in ("data-start", "data-submit-close", "data-cancel", "data-edit", "data-submit-approval"):
        assert marker not in detail
    for url in (
        reverse("supervision:detail", args=[theirs.pk]),
        reverse("supervision:feedback", args=[theirs.pk]),
        reverse("supervision:extension", args=[theirs.pk]),
        reverse("supervision:decide", args=[theirs.pk]),
        reverse("supervision:edit", args=[theirs.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404 and "别的单位的督查内容" not in response.content.decode()
    for action in ("start", "submit_close", "cancel"):
        response = client.post(reverse("supervision:act", args=[ours.pk, action]), {"text": "x", "reason": "x"})
        assert response.status_code == 403
    assert client.post(reverse("supervision:act", args=[theirs.pk, "cancel"]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("supervision:edit", args=[ours.pk])).status_code == 403


def test_a_unit_contacts_home_lists_their_items_waiting_for_a_report_40(client_as, office):
    """[40]: late ones owing the reason first, then those due within a week, then the rest."""
    late = tracked(office, unit="township", title="逾期的乡事项", days=-1)
    soon = tracked(office, unit="township", title="快到期的乡事项", days=5)
    later = tracked(office, unit="department", assisting_units=(office.units["township"],), title="协办的事项", days=60)
    tracked(office, unit="department", title="不相干的事项", days=3)
    page = _page(client_as("lianluo"), reverse("supervision:unit"))
    owing = page[page.index("data-owing") : page.index("data-soon")]
    waiting = page[page.index("data-soon") : page.index("data-rest")]
    rest = page[page.index("data-rest") :]
    assert late.title in owing and "说明逾期原因和进展" in owing
    assert soon.title in waiting and later.title in rest and "协办" in rest
    assert "不相干的事项" not in page
    assert client_as("guikou2").get(reverse("supervision:unit")).status_code == 403


def test_a_role_without_the_chapter_sees_no_item_31_32(client_as, office):
    """A typist (no supervision role) gets 403 on the list and 404 on an item — never its text."""
    obj = tracked(office, text="只给督查人员看的内容")
    client = client_as("dazi")
    assert client.get(LIST).status_code == 403
    response = client.get(reverse("supervision:detail", args=[obj.pk]))
    assert response.status_code == 404 and "只给督查人员看的内容" not in response.content.decode()


def test_the_list_count_stops_at_its_cap_and_paging_keeps_the_filters(client_as, office, monkeypatch):
    """PERFORMANCE.md: the count reads at most cap + 1 rows ("以上" past it); 下一页 keeps the filters."""
    from supervision.views import items as views

    monkeypatch.setattr(views, "COUNT_CAP", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(5):
        tracked(office, unit="township")
    page = _page(client_as("zhuren"), LIST, unit=office.units["township"].pk)
    assert "共 3 项以上" in page
    assert f"unit={office.units['township'].pk}&amp;page=2" in page
