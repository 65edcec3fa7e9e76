"""查询信访人 [48]: petition staff find a person's cases by ID number or phone — exact, through the blind index,
always with a reason, always logged (who, when, why; never the number) — and the office's leaders see the log,
the person masked (个人信息保护法 第五十一条)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.actions import ActionRefused
from petitions import crypto
from petitions.lookup import look_up_person
from petitions.models import LookupKind, LookupLog

from .factories import id_number, person, phone, registered

pytestmark = pytest.mark.django_db

LOOKUP = reverse("petitions:lookup")
LOG = reverse("petitions:lookup_log")


@pytest.fixture
def cases(office):
    """Person 1 petitioned twice (different matters), person 2 once."""
    first = registered(office, people=[person(1)], title="草场承包边界纠纷")
    second = registered(office, people=[person(1)], title="牧民养老保险待遇", township="township")
    other = registered(office, people=[person(2)], title="子女入学")
    return {"first": first, "second": second, "other": other}


def test_staff_find_every_case_of_a_person_by_id_number_however_it_is_typed(office, cases):
    typed = id_number(1)[:6] + " " + id_number(1)[6:].replace("X", "x")
    found = look_up_person(office["xinfang"], kind=LookupKind.ID_NUMBER, value=typed, reason="来访登记时核对")
    assert {c.pk for c in found} == {cases["first"].pk, cases["second"].pk}
    full_width = id_number(1).translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert len(look_up_person(office["xinfang"], kind="id", value=full_width, reason="核对")) == 2


def test_staff_find_a_person_by_phone_exactly(office, cases):
    found = look_up_person(office["xinfang"], kind=LookupKind.PHONE, value="+86 " + phone(2), reason="回访")
    assert [c.pk for c in found] == [cases["other"].pk]
    assert look_up_person(office["xinfang"], kind="phone", value="13912345670", reason="回访") == []


def test_every_look_up_is_logged_with_who_when_why_and_the_keyed_hash_never_the_number(office, cases):
    look_up_person(office["xinfang"], kind="id", value=id_number(1), reason="来访登记时核对是否重复信访")
    (log,) = LookupLog.objects.all()
    assert log.user == office["xinfang"] and log.kind == "id" and log.result_count == 2
    assert log.reason == "来访登记时核对是否重复信访"
    assert log.searched_index == crypto.blind_index("id", id_number(1))
    stored = " ".join(str(getattr(log, f.attname)) for f in LookupLog._meta.concrete_fields)
    assert id_number(1) not in stored and id_number(1)[-8:] not in stored


def test_a_look_up_without_a_reason_is_refused_and_not_made(office, cases):
    with pytest.raises(ValidationError, match="事由"):
        look_up_person(office["xinfang"], kind="id", value=id_number(1), reason="  ")
    assert not LookupLog.objects.exists()


@pytest.mark.parametrize("who", ["zhuren", "xianzhang", "guikou2", "lianluo", "admin"])
def test_nobody_but_the_petition_staff_may_look_a_person_up(office, cases, who):
    """Leaders and superusers see cases masked; a look-up by number would unmask who petitioned [48]."""
    with pytest.raises(ActionRefused):
        look_up_person(office[who], kind="id", value=id_number(1), reason="想看看")
    assert not LookupLog.objects.exists()


def test_a_malformed_number_is_a_chinese_message_not_a_search(office, cases):
    with pytest.raises(ValidationError, match="校验位"):
        look_up_person(office["xinfang"], kind="id", value=id_number(1)[:17] + "0", reason="核对")
    assert not LookupLog.objects.exists()


# --- the pages ---------------------------------------------------------------------------------------------------


def test_the_lookup_page_finds_the_cases_and_shows_the_number_masked(client_as, cases):
    client = client_as("xinfang")
    assert client.get(LOOKUP).status_code == 200
    response = client.post(LOOKUP, {"kind": "id", "value": id_number(1), "reason": "来访登记时核对"})
    html = response.content.decode()
    assert response.status_code == 200
    assert cases["first"].number in html and cases["second"].number in html and cases["other"].number not in html
    assert id_number(1)[:4] + "*" * 10 + id_number(1)[-4:] in html
    assert id_number(1) not in html  # not even written back into the form
    assert LookupLog.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "id", "value": "12345", "reason": "核对"}, "18位"),
        ({"kind": "phone", "value": phone(1), "reason": ""}, "查询事由"),
        ({"kind": "name", "value": "才仁1", "reason": "核对"}, "查询方式"),
    ],
)
def test_bad_input_on_the_lookup_page_is_a_chinese_400(client_as, cases, data, message):
    response = client_as("xinfang").post(LOOKUP, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LookupLog.objects.exists()


@pytest.mark.parametrize("who", ["zhuren", "guikou2", "lianluo", "admin"])
def test_the_lookup_page_is_the_petition_staffs_only(client_as, cases, who):
    client = client_as(who)
    assert client.get(LOOKUP).status_code == 403
    assert client.post(LOOKUP, {"kind": "id", "value": id_number(1), "reason": "x"}).status_code == 403
    assert not LookupLog.objects.exists()


def test_office_leaders_see_who_looked_up_whom_masked(office, client_as, cases):
    look_up_person(office["xinfang"], kind="id", value=id_number(1), reason="来访登记时核对")
    look_up_person(office["xinfang"], kind="phone", value=phone(2), reason="电话回访")
    look_up_person(office["xinfang"], kind="phone", value="13912345670", reason="来电核对")
    for who in ("zhuren", "fuzhuren", "admin"):
        response = client_as(who).get(LOG)
        html = response.content.decode()
        assert response.status_code == 200, who
        assert "韩冬梅" in html and "来访登记时核对" in html and "电话回访" in html
        assert id_number(1)[:4] + "*" * 10 + id_number(1)[-4:] in html
        assert phone(2)[:3] + "****" + phone(2)[-4:] in html
        assert "才*" in html and "未查到此人" in html
        for clear in (id_number(1), phone(2), "才仁1", "13912345670"):
            assert clear not in html, (who, clear)


@pytest.mark.parametrize("who", ["xinfang", "xianzhang", "guikou2", "lianluo"])
def test_the_lookup_log_is_for_the_office_leaders_only(client_as, who):
    assert client_as(who).get(LOG).status_code == 403


def test_the_lookup_log_page_makes_the_same_queries_for_2_and_30_entries(office, client_as, cases, count_queries):
    def add(n):
        for i in range(n):
            look_up_person(
                office["xinfang"],
                kind="id" if i % 2 else "phone",
                value=id_number(1) if i % 2 else phone(2),
                reason=f"核对{i}",
            )

    client = client_as("zhuren")
    client.get(LOG)  # the session's first write is behind us
    add(2)
    with count_queries() as few:
        assert client.get(LOG).status_code == 200
    add(28)
    with count_queries() as many:
        assert client.get(LOG).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_page_address_no_page_made_is_a_chinese_400(client_as):
    response = client_as("zhuren").get(LOG + "?before=nonsense")
    assert response.status_code == 400
