"""Case pages [13] for each kind of person: 法制科 reads the party in clear; leaders and a department's 联络员 read
it masked (list, detail, search); a 联络员 sees their own department's cases only; others see no case; a
stale action is a 409; the register's query count is flat in its rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from legal.models import Case, CaseState

from .factories import CONTACT, ID_NUMBER, LEGAL, PARTY, PHONE, case

QUERIES = 27  # the base page's own (nav, badges, notices) and the register's few, whatever the rows
MASKED_NAME = PARTY[0] + "***"
MASKED_ID = ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:]
MASKED_PHONE = PHONE[:3] + "****" + PHONE[-4:]


def test_the_legal_section_reads_the_party_in_clear_13(client_as, office):
    c = case(office)
    client = client_as(LEGAL)
    listing = client.get(reverse("legal:home")).content.decode()
    assert PARTY in listing and "2026-10-12" in listing
    detail = client.get(reverse("legal:case", args=[c.pk])).content.decode()
    assert ID_NUMBER in detail and PHONE in detail


@pytest.mark.parametrize("username", ["zhuren", "fuzhuren_wenmi", "xianzhang", "changwu", CONTACT])
def test_everyone_else_reads_the_party_masked_in_list_detail_and_search_13(client_as, office, username):
    """[13]: the private party's name, ID number and phone are personal data — masked for all but 法制科."""
    c = case(office)
    client = client_as(username)
    listing = client.get(reverse("legal:home")).content.decode()
    assert MASKED_NAME in listing and PARTY not in listing
    detail = client.get(reverse("legal:case", args=[c.pk])).content.decode()
    assert PARTY not in detail and ID_NUMBER not in detail and PHONE not in detail
    assert MASKED_ID in detail and MASKED_PHONE in detail and "个人信息已脱敏" in detail
    found = client.get(reverse("legal:home"), {"q": PARTY}).content.decode()
    assert f'data-case="{c.pk}"' not in found  # nobody finds a person by a name they may not read


def test_a_contact_sees_only_their_departments_cases_13(client_as, office):
    own = case(office, unit="township")
    other = case(office, unit="department", number="杂政复〔2026〕12号")
    client = client_as(CONTACT)
    listing = client.get(reverse("legal:home")).content.decode()
    assert f'data-case="{own.pk}"' in listing and f'data-case="{other.pk}"' not in listing
    assert client.get(reverse("legal:case", args=[other.pk])).status_code == 404
    assert client.get(reverse("legal:case_new")).status_code == 403


@pytest.mark.parametrize("username", ["kezhang", "guikou1", "dazi", "xinfang"])
def test_other_office_staff_see_no_case_only_the_licensing_list_13(client_as, office, username):
    c = case(office)
    client = client_as(username)
    response = client.get(reverse("legal:home"))
    assert response.status_code == 302 and response["Location"] == reverse("legal:items")
    assert client.get(reverse("legal:case", args=[c.pk])).status_code == 404
    assert client.get(reverse("legal:cases_xlsx")).status_code == 403
    assert client.get(reverse("legal:items")).status_code == 200


def test_the_register_filters_by_deadline_13(client_as, office):
    """[13]: 即将到期 (within LEGAL_CASE_WARN_DAYS) and 已逾期 are the register's filters."""
    late = case(office, received_on=date(2026, 9, 1), number="杂政复〔2026〕1号")  # due 15 Sep: overdue
    soon = case(office, received_on=date(2026, 9, 9), number="杂政复〔2026〕2号")  # due 23 Sep
    later = case(office, received_on=date(2026, 9, 21), number="杂政复〔2026〕3号")
    client = client_as(LEGAL)
    overdue = client.get(reverse("legal:home"), {"due": "overdue"}).content.decode()
    assert f'data-case="{late.pk}"' in overdue and f'data-case="{soon.pk}"' not in overdue and "逾期" in overdue
    due_soon = client.get(reverse("legal:home"), {"due": "soon"}).content.decode()
    assert f'data-case="{soon.pk}"' in due_soon and f'data-case="{later.pk}"' not in due_soon
    assert client.get(reverse("legal:home"), {"year": "abc"}).status_code == 400


def test_registering_a_case_through_the_form_shows_its_deadline_13(client_as, office):
    client = client_as(LEGAL)
    assert client.get(reverse("legal:case_new")).status_code == 200
    response = client.post(
        reverse("legal:case_new"),
        {
            "kind": "litigation", "number": "（2026）青2722行初12号", "party_kind": "person", "party_name": "扎西",
            "act": "行政裁决", "unit": office.units["township"].pk, "received_on": "2026-09-21",
            "handler": office[LEGAL].pk,
        },
    )  # fmt: skip
    created = Case.objects.get(number="（2026）青2722行初12号")
    assert response.status_code == 302 and created.reply_due_on == date(2026, 10, 8)
    bad = client.post(reverse("legal:case_new"), {"kind": "litigation", "number": ""})
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()


def test_the_detail_actions_and_a_stale_page_409_13(client_as, office):
    c = case(office)
    client = client_as(LEGAL)
    url = reverse("legal:case_act", args=[c.pk, "start"])
    assert client.post(url, {"version": c.version}).status_code == 302
    stale = client.post(
        reverse("legal:case_act", args=[c.pk, "reply"]), {"version": c.version, "replied_on": "2026-09-21"}
    )
    assert stale.status_code == 409 and "已被" in stale.content.decode()
    c.refresh_from_db()
    assert c.state == CaseState.REPLYING
    no_outcome = client.post(reverse("legal:case_act", args=[c.pk, "close"]), {"version": c.version})
    assert no_outcome.status_code == 403  # not replied yet
    assert client.post(reverse("legal:case_act", args=[c.pk, "nonsense"]), {}).status_code == 404
    leader = client_as("zhuren").post(url, {"version": c.version})
    assert leader.status_code == 403


def test_closing_without_an_outcome_is_a_400_13(client_as, office):
    from legal import services

    c = case(office)
    services.case_reply(actor=office[LEGAL], pk=c.pk, replied_on=c.received_on)
    c.refresh_from_db()
    response = client_as(LEGAL).post(reverse("legal:case_act", args=[c.pk, "close"]), {"version": c.version})
    assert response.status_code == 400 and "结案须选择结果" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_register_query_count_is_flat_13(client_as, office, django_assert_max_num_queries, rows):
    for n in range(rows):
        case(office, number=f"杂政复〔2026〕{n + 1}号")
    for username in (LEGAL, "zhuren"):
        client = client_as(username)
        client.get(reverse("legal:home"))  # the first page of a session warms its caches (badges, notices)
        with django_assert_max_num_queries(QUERIES):
            assert client.get(reverse("legal:home")).status_code == 200


def test_the_lifecycle_page_and_the_handlers_todo_13(client_as, office):
    from core import workqueue

    case(office)
    assert "开始办理答复" in client_as(LEGAL).get(reverse("legal:lifecycle")).content.decode()
    items = [i for i in workqueue.items_for(office[LEGAL]) if i.kind == "行政复议应诉"]
    assert len(items) == 1 and "请按期提交答复" in items[0].action
    assert not [i for i in workqueue.items_for(office["zhuren"]) if i.kind == "行政复议应诉"]
