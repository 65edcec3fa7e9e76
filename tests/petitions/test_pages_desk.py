"""登记 — the desk's page [48]: one form for the case and its petitioners, IDs checked by their checksum, a
confirmation step for the earlier cases of the same person or matter, one case per click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petitions.models import Case, Channel, Petitioner

from . import factories as f
from .conftest import NOW

pytestmark = pytest.mark.django_db

NEW = reverse("petitions:new")


def _form(office, *, people=None, **extra) -> dict:
    """The desk's POST: the case, and the petitioners' formset (prefix ``p``)."""
    people = people if people is not None else [{"name": "才仁多吉", "id_number": f.id_number(1), "phone": f.phone(1)}]
    data = {
        "channel": Channel.VISIT,
        "received_at": NOW.strftime("%Y-%m-%dT%H:%M"),
        "category": "land",
        "township": office.units["township"].pk,
        "place": "萨呼腾镇第三村",
        "title": "冬季草场边界争议",
        "request": "请求重新勘界。",
        "content": "",
        "head_count": "1",
        "p-TOTAL_FORMS": str(len(people)),
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "30",
    }
    for i, person in enumerate(people):
        for key, value in person.items():
            if key == "is_representative":
                if value:
                    data[f"p-{i}-{key}"] = "on"
            else:
                data[f"p-{i}-{key}"] = value
    for key, value in extra.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_petition_staff_register_a_visit_and_land_on_its_page_48(client_as, office):
    """Every visit is registered; the case's page follows, its 15-day limit to decide shown [48]."""
    client = client_as("xinfang")
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _form(office))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("petitions:detail", args=[case.pk])
    assert case.received_by == office["xinfang"] and case.channel == Channel.VISIT
    person = Petitioner.objects.get(case=case)
    assert person.id_number == f.id_number(1)  # decrypted on read; stored encrypted (test_sec_crypto)
    page = client.get(response["Location"]).content.decode()
    assert "受理告知" in page and f.id_number(1) in page  # petition staff see it in clear [48]


def test_a_wrong_id_checksum_is_a_chinese_400_on_the_form(client_as, office):
    """GB 11643: a mistyped ID number fails its check character and is refused at the desk, not stored."""
    wrong = f.id_number(1)[:-1] + ("0" if f.id_number(1)[-1] != "0" else "1")
    response = client_as("xinfang").post(NEW, _form(office, people=[{"name": "才仁多吉", "id_number": wrong}]))
    assert response.status_code == 400
    assert "校验位不符" in response.content.decode()
    assert not Case.objects.exists()


def test_a_wrong_phone_is_a_chinese_400(client_as, office):
    response = client_as("xinfang").post(NEW, _form(office, people=[{"name": "才仁多吉", "phone": "12345"}]))
    assert response.status_code == 400 and "电话号码应为11位手机号" in response.content.decode()


def test_a_registration_without_any_petitioner_is_refused_48(client_as, office):
    response = client_as("xinfang").post(NEW, _form(office, people=[{"name": ""}]))
    assert response.status_code == 400 and "请至少登记一名信访人" in response.content.decode()
    assert not Case.objects.exists()


def test_a_group_visit_needs_five_people_and_at_most_five_representatives_49(client_as, office):
    """集体访: 5 people or more, representatives chosen, at most five (《信访工作条例》第十八条)."""
    client = client_as("xinfang")
    reps = [{"name": f"代表{i}", "id_number": f.id_number(i), "is_representative": True} for i in range(1, 7)]
    too_few = client.post(NEW, _form(office, people=reps[:3], is_group="on", head_count="4"))
    assert too_few.status_code == 400 and "集体访为5人以上" in too_few.content.decode()
    too_many = client.post(NEW, _form(office, people=reps, is_group="on", head_count="12"))
    assert too_many.status_code == 400 and "代表不超过5人" in too_many.content.decode()
    none = [{"name": "才仁", "id_number": f.id_number(9)}]
    no_rep = client.post(NEW, _form(office, people=none, is_group="on", head_count="8"))
    assert no_rep.status_code == 400 and "请推选代表" in no_rep.content.decode()
    assert not Case.objects.exists()
    ok = client.post(NEW, _form(office, people=reps[:3], is_group="on", head_count="8"))
    assert ok.status_code == 302
    case = Case.objects.get()
    assert case.is_group and case.head_count == 8 and case.petitioners.filter(is_representative=True).count() == 3


def test_only_petition_staff_register_48(client_as, office):
    for key in ("guikou2", "zhuren", "lianluo"):
        client = client_as(key)
        assert client.get(NEW).status_code == 403, key
        assert client.post(NEW, _form(office)).status_code == 403, key
    assert not Case.objects.exists()


def test_a_repeat_by_id_number_is_shown_before_saving_and_linked_48(client_as, office):
    """The same ID number: the earlier case is shown on a confirmation page; linked, the case is a repeat [48]."""
    earlier = f.registered(office, title="牧草补贴未发放", township="department")
    client = client_as("xinfang")
    confirm = client.post(NEW, _form(office))
    assert confirm.status_code == 200 and not Case.objects.exclude(pk=earlier.pk).exists()
    page = confirm.content.decode()
    assert f'data-repeat="{earlier.pk}"' in page and "身份证号码相同" in page
    saved = client.post(NEW, {**_form(office), "confirmed": "1", f"repeat-{earlier.pk}": "link"})
    assert saved.status_code == 302
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert case.is_repeat and list(case.earlier.all()) == [earlier]
    assert earlier.number in client.get(saved["Location"]).content.decode()


def test_a_repeat_by_phone_is_shown_too_48(client_as, office):
    earlier = f.registered(office, people=[f.person(5, id_number="")], title="工资拖欠", township="department")
    confirm = client_as("xinfang").post(NEW, _form(office, people=[{"name": "新人", "phone": f.phone(5)}]))
    assert confirm.status_code == 200
    assert f'data-repeat="{earlier.pk}"' in confirm.content.decode() and "联系电话相同" in confirm.content.decode()


def test_the_same_matter_in_the_same_township_is_a_match_48(client_as, office):
    earlier = f.registered(office, people=[f.person(7)], title="冬季草场边界争议")
    confirm = client_as("xinfang").post(NEW, _form(office, people=[{"name": "另一人", "id_number": f.id_number(8)}]))
    assert confirm.status_code == 200
    assert f'data-repeat="{earlier.pk}"' in confirm.content.decode() and "事由相近" in confirm.content.decode()


def test_every_match_must_be_answered_before_saving_48(client_as, office):
    earlier = f.registered(office, people=[f.person(7)], title="冬季草场边界争议")
    client = client_as("xinfang")
    unanswered = client.post(NEW, {**_form(office, people=[{"name": "另一人"}]), "confirmed": "1"})
    assert unanswered.status_code == 400 and "请逐件选择" in unanswered.content.decode()
    assert Case.objects.count() == 1
    saved = client.post(
        NEW, {**_form(office, people=[{"name": "另一人"}]), "confirmed": "1", f"repeat-{earlier.pk}": "dismiss"}
    )
    assert saved.status_code == 302 and Case.objects.count() == 2
    # Dismissed: a different matter with a similar title is not linked, and the new case is no repeat [48].
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert not case.is_repeat and not case.earlier.exists()


def test_a_dismissed_phone_match_stays_unlinked_but_the_same_id_number_is_always_linked_48(client_as, office):
    """A shared family phone may be dismissed; the same ID number is the same person, linked whatever is chosen."""
    by_phone = f.registered(office, people=[f.person(5, id_number="")], title="工资拖欠", township="department")
    client = client_as("xinfang")
    saved = client.post(
        NEW,
        {
            **_form(office, people=[{"name": "新人", "phone": f.phone(5)}]),
            "confirmed": "1",
            f"repeat-{by_phone.pk}": "dismiss",
        },
    )
    assert saved.status_code == 302
    assert not Case.objects.exclude(pk=by_phone.pk).get().earlier.exists()
    by_id = f.registered(office, title="牧草补贴未发放", township="department")
    dismiss_all = {f"repeat-{pk}": "dismiss" for pk in Case.objects.values_list("pk", flat=True)}
    saved = client.post(NEW, {**_form(office), "confirmed": "1", **dismiss_all})
    assert saved.status_code == 302
    newest = Case.objects.order_by("-pk").first()
    assert newest.is_repeat and by_id in newest.earlier.all()


def test_no_match_saves_at_once(client_as, office):
    response = client_as("xinfang").post(NEW, _form(office))
    assert response.status_code == 302 and Case.objects.count() == 1


def test_a_row_more_without_script_keeps_what_was_typed(client_as, office):
    response = client_as("xinfang").post(NEW, {**_form(office), "add_person": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and 'name="p-1-name"' in page and "才仁多吉" in page
    assert "请修改以下内容" not in page and not Case.objects.exists()


def test_a_double_click_registers_one_case(client_as, office):
    """``@idempotent``: the same form token twice is one case."""
    client = client_as("xinfang")
    page = client.get(NEW).content.decode()
    token_name = "idempotency_token"
    import re

    match = re.search(r'name="(idempotency[^"]*)" value="([^"]+)"', page)
    assert match, page[:2000]
    token_name, token = match.groups()
    data = {**_form(office), token_name: token}
    first, second = client.post(NEW, data), client.post(NEW, data)
    assert first.status_code == 302 and second.status_code == 302
    assert Case.objects.count() == 1
