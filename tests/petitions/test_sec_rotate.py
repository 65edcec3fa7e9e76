"""``manage.py rotate_petition_keys`` (docs/petitions-keys.md): every encrypted value re-encrypted under the new
first key, in batches, idempotently; ``--reindex`` recomputes the blind indexes; ``--check`` reports rows no
configured key opens [47]–[50] (个人信息保护法 第二十八条, 第五十一条: encryption and key management)."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from petitions import crypto, services
from petitions.models import Case, Petitioner

from .factories import group_visit, id_number, phone, registered


def raw_column(model, pk, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def run(*args) -> str:
    out = StringIO()
    call_command("rotate_petition_keys", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PETITIONS_PII_KEYS = [old]
    return {"old": old, "new": new}


def test_rotation_moves_every_encrypted_value_to_the_new_key_in_batches_and_keeps_the_clear_values(
    office, keys, settings
):
    group_visit(office)  # three representatives
    registered(office)
    people = list(Petitioner.objects.order_by("pk"))
    before = {p.pk: (p.id_number, p.phone, p.address) for p in people}
    updated = {p.pk: raw_column(Case, p.case_id, "updated_at") for p in people}

    settings.PETITIONS_PII_KEYS = [keys["new"], keys["old"]]
    assert "仍用旧密钥" in run("--check")
    out = run("--batch", "2")  # 4 people, 3 encrypted fields each: two batches
    assert f"重新加密 {3 * len(people)} 个值" in out

    settings.PETITIONS_PII_KEYS = [keys["new"]]  # the old key dropped: everything still reads
    for p in Petitioner.objects.order_by("pk"):
        assert (p.id_number, p.phone, p.address) == before[p.pk]
        for column in ("id_number", "phone", "address"):
            assert crypto.is_current(raw_column(Petitioner, p.pk, column))
        assert raw_column(Case, p.case_id, "updated_at") == updated[p.pk]  # no other column touched
    assert "均已使用当前（第一个）密钥" in run("--check")


def test_a_second_run_writes_nothing(office, keys, settings):
    registered(office)
    settings.PETITIONS_PII_KEYS = [keys["new"], keys["old"]]
    run()
    stored = raw_column(Petitioner, Petitioner.objects.get().pk, "id_number")
    assert "重新加密 0 个值" in run()
    assert raw_column(Petitioner, Petitioner.objects.get().pk, "id_number") == stored


def test_check_reports_rows_no_configured_key_opens_and_the_rotation_leaves_them_alone(office, keys, settings):
    registered(office)
    pk = Petitioner.objects.get().pk
    settings.PETITIONS_PII_KEYS = [keys["new"]]  # the old key dropped too early
    with pytest.raises(CommandError, match="解不开"):
        run("--check")
    stored = raw_column(Petitioner, pk, "phone")
    with pytest.raises(CommandError, match="未改动"):
        run()
    assert raw_column(Petitioner, pk, "phone") == stored
    settings.PETITIONS_PII_KEYS = [keys["new"], keys["old"]]  # put back: nothing was lost
    run()
    assert Petitioner.objects.get().phone == phone(1)


def test_reindex_recomputes_blind_indexes_under_a_new_index_key_so_repeats_are_found_again(office, settings):
    """[48] repeats are found through the blind index: after the index key changes, --reindex restores it."""
    registered(office)
    settings.PETITIONS_INDEX_KEY = "a-new-index-key-" + "n" * 30
    assert not services.find_repeats(id_number=id_number(1)).by_id
    assert "盲索引与当前索引密钥不符" in run("--check")
    assert "重算 2 个盲索引" in run("--reindex")
    assert services.find_repeats(id_number=id_number(1)).by_id
    assert services.find_repeats(phone=phone(1)).by_phone
    assert "重算 0 个盲索引" in run("--reindex")


def test_the_command_finds_every_encrypted_field_by_itself():
    fields = {f"{f.model.__name__}.{f.name}" for f in crypto.encrypted_fields(Petitioner)}
    assert fields == {"Petitioner.id_number", "Petitioner.phone", "Petitioner.address"}
    pairs = {(s.name, i.name, k) for s, i, k in crypto.blind_index_pairs(Petitioner)}
    assert pairs == {("id_number", "id_index", "id"), ("phone", "phone_index", "phone")}
