"""The list and a case's page [47]–[50]: who sees which cases, personal data masked in the list for everyone and
on the page for everyone but petition staff and the case's handlers, filters, search, keyset paging, a query
count flat in the rows, the deadlines with days left, the same petitioner's history for petition staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petitions.identity import mask_id_number, mask_phone

from . import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("petitions:list")


def _detail(case) -> str:
    return reverse("petitions:detail", args=[case.pk])


def test_the_list_masks_every_name_and_shows_no_number_for_anyone_48(client_as, office):
    """A list needs no one's ID number: names masked (才**), no ID or phone, even for petition staff [48]."""
    case = f.registered(office, people=[f.person(1, name="才仁多吉")])
    for key in ("xinfang", "zhuren", "xianzhang"):
        page = client_as(key).get(LIST).content.decode()
        assert f'data-case="{case.pk}"' in page, key
        assert "才**" in page and "才仁多吉" not in page, key
        assert f.id_number(1) not in page and f.phone(1) not in page and mask_id_number(f.id_number(1)) not in page


def test_who_sees_which_cases_in_the_list(client_as, office, other_contact):
    """Petition staff and leaders: every case; the township's contact: the township's; others: nothing [47]."""
    mine = f.referred(office, unit="township", title="草场纠纷")
    other = f.referred(office, unit="department", title="补贴发放", people=[f.person(2)])
    kept = f.registered(office, title="道路修建", people=[f.person(3)])
    for key in ("xinfang", "zhuren", "fuxianzhang1"):
        page = client_as(key).get(LIST).content.decode()
        assert all(f'data-case="{c.pk}"' in page for c in (mine, other, kept)), key
    contact = client_as("lianluo").get(LIST).content.decode()
    assert f'data-case="{mine.pk}"' in contact and f'data-case="{other.pk}"' not in contact
    assert f'data-case="{kept.pk}"' not in contact
    assert client_as("dazi").get(LIST).status_code == 403
    assert client_as("shoufa").get(LIST).status_code == 403


def test_outsiders_get_404_for_a_case_and_the_other_units_contact_too(client_as, office, other_contact, client):
    case = f.referred(office, unit="township")
    assert client_as("dazi").get(_detail(case)).status_code == 404
    client.force_login(other_contact)
    assert client.get(_detail(case)).status_code == 404
    assert client.get(LIST).status_code == 200 and f'data-case="{case.pk}"' not in client.get(LIST).content.decode()


def test_personal_data_on_the_page_clear_for_staff_handler_and_contact_masked_for_leaders_48(client_as, office):
    """The presenter decides: petition staff, the handler, the unit's contact in clear; leaders and
    superusers masked [48]."""
    case = f.referred(office, unit="township")
    clear = [f.id_number(1), f.phone(1)]
    masked = [mask_id_number(f.id_number(1)), mask_phone(f.phone(1))]
    for key in ("xinfang", "lianluo"):
        page = client_as(key).get(_detail(case)).content.decode()
        assert all(v in page for v in clear), key
    for key in ("zhuren", "xianzhang", "admin"):
        response = client_as(key).get(_detail(case))
        if key == "admin" and response.status_code == 404:
            continue  # the test office's admin is staff, not a superuser: sees nothing
        page = response.content.decode()
        assert response.status_code == 200, key
        assert not any(v in page for v in clear), key
        assert all(v in page for v in masked) and "data-masked-note" in page, key


def test_a_superuser_sees_the_case_masked(client, office):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("t-root", "root@example.com", "x")
    case = f.registered(office)
    client.force_login(root)
    page = client.get(_detail(case)).content.decode()
    assert f.id_number(1) not in page and mask_id_number(f.id_number(1)) in page


def test_the_handler_sees_the_case_in_clear(client_as, office):
    case = f.accepted(office, handler=office["guikou2"])
    page = client_as("guikou2").get(_detail(case)).content.decode()
    assert f.id_number(1) in page
    assert client_as("guikou1").get(_detail(case)).status_code == 404


def test_the_page_shows_the_limits_with_days_left(client_as, office):
    """受理告知: 15 days from receipt, the last day moved off a weekend or holiday (条例第三十一条)."""
    case = f.registered(office)
    page = client_as("xinfang").get(_detail(case)).content.decode()
    left = (case.accept_due - f.TODAY).days
    assert "受理告知（收到之日起15日）" in page and f"还剩{left}天" in page
    accepted = f.accepted(office, people=[f.person(2)], title="另一事项", township="department")
    page = client_as("xinfang").get(_detail(accepted)).content.decode()
    assert "办理答复（受理之日起60日）" in page and f"{accepted.handle_due:%Y年%-m月%-d日}" in page


def test_a_late_case_shows_how_late(client_as, office, clock):
    from datetime import timedelta

    case = f.registered(office)
    clock.shift(timedelta(days=40))
    page = client_as("xinfang").get(_detail(case)).content.decode()
    late = (f.TODAY + timedelta(days=40) - case.accept_due).days
    assert "data-overdue" in page and f"超期{late}天" in page
    listed = client_as("xinfang").get(LIST, {"overdue": "on"}).content.decode()
    assert f'data-case="{case.pk}"' in listed and "data-late" in listed


def test_petition_staff_see_the_same_petitioners_history_others_do_not_48(client_as, office):
    earlier = f.registered(office, title="牧草补贴未发放", township="department")
    case = f.registered(office, title="道路修建", township="county_unit")  # same ID number: linked [48]
    assert case.is_repeat
    staff = client_as("xinfang").get(_detail(case)).content.decode()
    assert f'data-history-case="{earlier.pk}"' in staff or f'data-earlier="{earlier.pk}"' in staff
    assert "data-repeat-tag" in staff
    leader = client_as("zhuren").get(_detail(case)).content.decode()
    assert f'data-history-case="{earlier.pk}"' not in leader


def test_filters_and_search(client_as, office):
    group = f.group_visit(office, title="集体反映工资拖欠", category="labour")
    single = f.registered(office, title="草场边界争议", people=[f.person(9)], township="department")
    client = client_as("xinfang")

    def shown(**params):
        page = client.get(LIST, params).content.decode()
        return {c.pk for c in (group, single) if f'data-case="{c.pk}"' in page}

    assert shown() == {group.pk, single.pk}
    assert shown(group="on") == {group.pk}
    assert shown(category="labour") == {group.pk}
    assert shown(township=office.units["department"].pk) == {single.pk}
    assert shown(q="草场") == {single.pk}
    assert shown(q=single.number) == {single.pk}
    assert shown(q=f"{single.year}-{single.serial}") == {single.pk}
    assert shown(state="closed") == set()
    assert shown(repeat="on") == set()


def test_bad_filters_and_a_hand_edited_cursor_are_chinese_400s(client_as, office):
    client = client_as("xinfang")
    bad = client.get(LIST, {"state": "nonsense"})
    assert bad.status_code == 400 and "筛选条件不正确" in bad.content.decode()
    assert client.get(LIST, {"township": "abc"}).status_code == 400
    cursor = client.get(LIST, {"before": "zzz_1"})
    assert cursor.status_code == 400 and "翻页参数无效" in cursor.content.decode()


def test_keyset_paging_reaches_every_case(client_as, office, settings):
    from petitions.views import cases as view

    view.PAGE_SIZE, size = 3, view.PAGE_SIZE
    try:
        made = [f.registered(office, title=f"事项{i}", people=[f.person(20 + i)], township=None) for i in range(7)]
        client = client_as("xinfang")
        seen, params = [], {}
        for _ in range(5):
            page = client.get(LIST, params)
            seen += [c.pk for c in made if f'data-case="{c.pk}"' in page.content.decode()]
            older = page.context["page"].older
            if not older:
                break
            params = {"before": older}
        assert sorted(seen) == sorted(c.pk for c in made)
    finally:
        view.PAGE_SIZE = size


def test_the_list_costs_the_same_for_a_few_and_many_rows(client_as, office, count_queries):
    """PERFORMANCE.md: units, handler and the masked names come in a fixed number of queries."""
    client = client_as("xinfang")
    f.referred(office)
    client.get(LIST)
    with count_queries() as few:
        assert client.get(LIST).status_code == 200
    for n in range(12):
        if n % 3 == 0:
            f.group_visit(office, title=f"集体访{n}", people=6, representatives=2)
        elif n % 3 == 1:
            f.referred(office, unit="department", title=f"转送{n}", people=[f.person(40 + n)])
        else:
            f.accepted(office, title=f"受理{n}", people=[f.person(60 + n)], township="county_unit")
    with count_queries() as many:
        page = client.get(LIST)
    assert page.content.decode().count('data-case="') == 13
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_unit_contacts_pages_cost_the_same_for_a_few_and_many_rows(client_as, office, count_queries):
    client = client_as("lianluo")
    f.referred(office)
    client.get(LIST)
    with count_queries() as few:
        client.get(LIST)
        client.get(reverse("petitions:unit"))
    for n in range(8):
        f.referred(office, title=f"转送{n}", people=[f.person(80 + n)])
    with count_queries() as many:
        client.get(LIST)
        client.get(reverse("petitions:unit"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_lifecycle_page(client_as, office):
    page = client_as("xinfang").get(reverse("petitions:lifecycle"))
    assert (
        page.status_code == 200 and "信访件办理流程" in page.content.decode() and "转送·交办" in page.content.decode()
    )
    assert client_as("dazi").get(reverse("petitions:lifecycle")).status_code == 403
