"""A database dump alone reveals no petitioner's ID number, phone number or address [47]–[50] (个人信息保护法
第二十八条, 第五十一条): raw SQL over every table — the petitioners, every other table of the app, the transition
log, notifications, the look-up log, sessions, the admin's log — after a case has gone through every step."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from petitions import crypto, services
from petitions.lookup import look_up_person
from petitions.models import Petitioner

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=False)

PEOPLE = [f.person(n, phone=f"1358{n:03d}7462", address=f"杂多县扎青乡地青村{n}社{n + 40}号") for n in (1, 2, 3, 4)]


def secrets() -> list[str]:
    """Every form a clear value could take in a dump: as typed, normalised, spaced, and the tell-tale parts."""
    out = []
    for p in PEOPLE:
        out += [p.id_number, p.id_number[6:14] + p.id_number[14:17], p.phone, f"{p.phone[:3]} {p.phone[3:7]}"]
        out += [p.phone[3:], p.address, p.address[7:]]
    return out


def every_row_of_every_table() -> list[tuple[str, str]]:
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = []
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, (dict, list)):
                        value = json.dumps(value, ensure_ascii=False)
                    text.append(str(value))
                rows.append((table, "\x1f".join(text)))
    return rows


@pytest.fixture
def everything(office, client_as, caplog):
    """Cases through every step, with the people above; logs captured at DEBUG."""
    caplog.set_level(logging.DEBUG)
    xinfang = office["xinfang"]
    # A group visit with three representatives, referred, answered by the township, answered and closed.
    group = f.registered(office, people=PEOPLE[:3], is_group=True, head_count=8)
    services.refer_case(
        actor=xinfang, pk=group.pk, unit=office.units["township"], kind="transfer", opinion="属地管理。"
    )
    services.record_unit_answer(actor=office["lianluo"], pk=group.pk, answer="已现场勘界。")
    services.answer_case(actor=xinfang, pk=group.pk, answer="经核实，边界以确权图为准。")
    services.close_case(actor=xinfang, pk=group.pk, satisfaction="satisfied")
    # The same person again (a repeat), accepted, extended.
    again = f.accepted(office, people=[PEOPLE[0], PEOPLE[3]], title="草场承包边界纠纷再次反映")
    extension = services.request_extension(actor=xinfang, pk=again.pk, reason="需多部门会商", days=20)
    services.decide_extension(actor=office["zhuren"], extension_id=extension.pk, approve=True)
    # An incident naming the people [49].
    services.record_incident(
        actor=xinfang,
        data=services.IncidentData(
            occurred_at=timezone.now() - timedelta(hours=1),
            place="县政府大门",
            people_count=8,
            what_happened="聚集在大门口",
            measures="接待劝返",
            case_id=group.pk,
            petitioner_ids=tuple(Petitioner.objects.filter(case=group).values_list("pk", flat=True)),
        ),
    )
    # Look-ups by ID number and phone, through the service and through the page.
    look_up_person(xinfang, kind="id", value=PEOPLE[0].id_number, reason="核对重复信访")
    client_as("xinfang").post("/petitions/lookup/", {"kind": "phone", "value": PEOPLE[1].phone, "reason": "电话回访"})
    return {"group": group, "again": again, "log": caplog}


def test_the_petitioner_table_holds_only_ciphertext_and_keyed_hashes(everything):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, address, id_index, phone_index FROM petitions_petitioner")
        stored = cursor.fetchall()
    assert len(stored) == 5
    for id_number, phone, address, id_index, phone_index in stored:
        for token in (id_number, phone, address):
            assert token.startswith(crypto.TOKEN_PREFIX)
        assert len(id_index) == 40 and len(phone_index) == 40
    # The same person on two cases: two different ciphertexts, one index (that is how repeats are found [48]).
    first = PEOPLE[0].id_number
    rows = [r for r in stored if r[3] == crypto.blind_index("id", first)]
    assert len(rows) == 2 and rows[0][0] != rows[1][0]


def test_no_table_of_the_database_holds_an_id_number_phone_or_address_in_clear(everything):
    rows = every_row_of_every_table()
    tables = {table for table, _ in rows}
    # The tables the issue names are among those read (and have rows).
    assert {"petitions_petitioner", "petitions_case", "petitions_caselog", "petitions_lookuplog"} <= tables
    assert {"core_notification", "petitions_incident", "petitions_extension", "petitions_referral"} <= tables
    leaks = [(table, secret) for table, text in rows for secret in secrets() if secret in text]
    assert not leaks


def test_no_log_line_holds_an_id_number_or_phone(everything):
    text = "\n".join(
        record.getMessage() + " " + json.dumps(record.__dict__, default=str, ensure_ascii=False)
        for record in everything["log"].get_records("setup")
    )
    assert "register" in text  # the log was captured
    assert not [secret for secret in secrets() if secret in text]
