"""Repeat petitions found and linked at registration; people looked up only with a reason, and logged [48]."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused
from petitions import services
from petitions.models import LookupLog, Petitioner

from . import factories as f

pytestmark = pytest.mark.django_db


def test_repeat_visit_linked_by_id_number(office):
    """[48] The same person by ID number (another phone, another matter): linked and marked 重复信访."""
    first = f.registered(office, people=[f.person(1)], title="草场纠纷")
    again = f.registered(
        office, people=[f.person(1, phone=f.phone(50), name="才仁")], title="低保问题", township="department"
    )
    assert again.is_repeat and list(again.earlier.all()) == [first]
    assert "重复信访" in again.log.first().comment and first.number in again.log.first().comment


def test_repeat_visit_linked_by_phone(office):
    """[48] The same phone, no ID number given: linked."""
    first = f.registered(office, people=[f.person(1, id_number="")], title="草场纠纷")
    again = f.registered(office, people=[f.person(2, phone=f.phone(1), id_number="")], title="道路损毁", township="")
    assert again.is_repeat and list(again.earlier.all()) == [first]


def test_same_matter_in_the_same_township_linked(office):
    """[48] Another person on the same matter in the same township is the same matter."""
    first = f.registered(office, people=[f.person(1)], title="冬季草场边界纠纷")
    again = f.registered(office, people=[f.person(2)], title="冬季草场边界纠纷")
    elsewhere = f.registered(office, people=[f.person(3)], title="冬季草场边界纠纷", township="department")
    assert list(again.earlier.all()) == [first]
    assert not elsewhere.is_repeat


def test_different_people_and_matters_are_not_repeats(office):
    f.registered(office, people=[f.person(1)], title="草场纠纷")
    other = f.registered(office, people=[f.person(2)], title="工资拖欠")
    assert not other.is_repeat and not other.earlier.exists()


def test_skip_level_flag_kept(office):
    """[48] 越级 is marked at registration."""
    case = f.registered(office, is_skip_level=True)
    assert case.is_skip_level and "越级" in case.log.first().comment


def test_find_repeats_by_id_phone_and_matter(office):
    first = f.registered(office, people=[f.person(1)], title="草场边界纠纷")
    found = services.find_repeats(id_number=f.id_number(1).lower(), phone="+86 " + f.phone(1))
    assert found.by_id == [first] and found.by_phone == [first]
    assert services.find_repeats(title="草场边界纠纷", township=office.units["township"]).by_matter == [first]
    assert not services.find_repeats(id_number=f.id_number(2))


def test_numbers_stored_encrypted_and_indexed(office):
    """个人信息保护法: the table holds ciphertext and keyed hashes, the model the clear value."""
    f.registered(office, people=[f.person(1)])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_index FROM petitions_petitioner")
        raw = cursor.fetchone()
    assert f.id_number(1) not in "".join(raw) and f.phone(1)[-8:] not in "".join(raw)
    assert Petitioner.objects.get().id_number == f.id_number(1)


def test_lookup_by_id_number_logged_with_reason(office):
    """[48] Looking a person up: petition staff only, with a reason, logged without the number."""
    case = f.registered(office, people=[f.person(1)])
    with pytest.raises(ValidationError, match="查询事由"):
        services.lookup_petitioner(actor=office["xinfang"], kind="id", value=f.id_number(1), reason="")
    for key in ("zhuren", "admin", "lianluo"):
        with pytest.raises(ActionRefused):
            services.lookup_petitioner(actor=office[key], kind="id", value=f.id_number(1), reason="核实")
    found = services.lookup_petitioner(actor=office["xinfang"], kind="id", value=f.id_number(1), reason="来访核实身份")
    assert found == [case]
    log = LookupLog.objects.get()
    assert log.user == office["xinfang"] and log.reason == "来访核实身份" and log.result_count == 1
    assert f.id_number(1) not in log.searched_index and log.searched_index == Petitioner.objects.get().id_index
    services.lookup_petitioner(actor=office["xinfang"], kind="phone", value=f.phone(1), reason="回访")
    assert LookupLog.objects.count() == 2
