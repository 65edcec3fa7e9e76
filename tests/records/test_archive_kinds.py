"""Records know the documents they file only through ``core.archive``: each document app registers its kind,
and records import no chapter [26(5)], [30(5)], [31], [33], [34]."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from core import archive
from core.models import Notification
from deadlines import registry
from documents.incoming import services as incoming
from documents.records.defaults import ensure_default_schedule
from documents.records.models import ArchiveClass, RetentionRule, retention_kind_choices

from ..incoming.factories import distribute, read, register

RECORDS = Path(__file__).resolve().parents[2] / "documents" / "records"
CHAPTER = re.compile(r"documents[./](incoming|outgoing)\b|['\"](incoming|outgoing):\w+['\"]")


def test_records_import_no_chapter():
    """The layers: org → core → deadlines → chapters → records; records reach a chapter only through the
    registry — no import, no URL name, no template of a chapter app, anywhere in records."""
    offenders = []
    for path in RECORDS.rglob("*"):
        if path.suffix in (".py", ".html", ".txt") and "migrations" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if CHAPTER.search(line):
                    offenders.append(f"{path.relative_to(RECORDS)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_each_document_app_registers_its_kind_and_keeps_its_custody_rule_key():
    """[31] one custody deadline source per registered kind; the keys stored in reminder ledgers stay."""
    assert [kind.key for kind in archive.all_kinds()][:2] == ["incoming", "outgoing"]
    assert registry.get("records.custody").kind.key == "incoming"
    assert registry.get("records.custody.outgoing").kind.key == "outgoing"
    assert archive.kind_of("incoming").label == "收文" and archive.kind_of("outgoing").label == "发文"
    with pytest.raises(LookupError):
        archive.kind_of("minutes")


def _minutes_kind() -> archive.ArchiveKind:
    """A made-up third kind, as the meetings chapter will register its 会议纪要 (the model is a stand-in: the
    registration, not the model, is under test)."""
    return archive.ArchiveKind(
        key="minutes",
        label="会议纪要",
        model=Notification,
        visible_to=lambda user: Notification.objects.none(),
        flow=None,
        file_transition="file_away",
        file_refusal="只有已印发的会议纪要才能归档。",
        filing_note="纪要与签到表一并归入此件。",
        ready_to_file_state="issued",
        out_of_custody_states=("filed",),
        unfiled_exempt_states=("filed",),
        retention_kinds=lambda doc: ["minutes_any"],
        schedule=(archive.ScheduleKind("minutes_any", "会议纪要·全部", "Y", 15),),
        archive_class=("HY", "会议", 4),
        parts=lambda doc: [],
    )


@pytest.mark.django_db
def test_a_new_kind_is_one_registration_schedule_class_and_custody_rule_follow():
    """[33] a new kind brings its lines of the retention schedule and its default class, and [31] its custody
    rule — with no migration of records; unregistering takes them away again."""
    with archive.registered(_minutes_kind()):
        assert ("minutes_any", "会议纪要·全部") in retention_kind_choices()
        assert registry.get("records.custody.minutes").item_type == "core.notification"
        ensure_default_schedule()
        rule = RetentionRule.objects.get(kind="minutes_any")
        assert (rule.retention, rule.archive_class.code, rule.get_kind_display()) == ("Y", "HY", "会议纪要·全部")
        rule.full_clean()  # the admin's choices come from the registry too
    assert registry.get("records.custody.minutes") is None
    assert "minutes_any" not in dict(retention_kind_choices())
    assert ArchiveClass.objects.filter(code="HY").exists()  # data made meanwhile stays; only the code is gone


@pytest.mark.django_db
def test_records_pages_list_only_registered_kinds(client_as, office, monkeypatch):
    """[26(5)] what waits to be filed, what is out of the safe [31] and what is in the archive [33] come from
    the registered kinds: take the 收文 kind away and records show no 收文 at all."""
    from documents.records import services

    doc = register(office, title="登记后待归档", secret_level=1)
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=doc.pk, comment="已阅")
    incoming.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)
    filed = register(office, title="已归档的收文")
    filed, _ = distribute(office, filed, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=filed.pk, comment="已阅")
    incoming.incoming_receive_original(actor=office["shoufa"], pk=filed.pk)
    item = services.file_document(actor=office["shoufa"], doc_kind="incoming", pk=filed.pk)
    client = client_as("shoufa")
    pages = {
        "index": (reverse("records:index"), f'data-to-file="incoming-{doc.pk}"'),
        "custody": (reverse("records:custody"), f'data-out-of-safe="incoming-{doc.pk}"'),
        "archive": (reverse("records:archive"), f'data-item="{item.pk}"'),
    }
    for url, marker in pages.values():
        assert marker in client.get(url).content.decode()

    monkeypatch.setattr(archive, "_kinds", {k: v for k, v in archive._kinds.items() if k != "incoming"})
    for name, (url, marker) in pages.items():
        assert marker not in client.get(url).content.decode(), name
    assert client.get(reverse("records:file", args=["incoming", doc.pk])).status_code == 404


@pytest.mark.django_db
def test_a_filed_documents_page_shows_its_archive_code(client_as, office):
    """[33] the 收文's own page says where it went — through ``core.archive``, the chapter imports no records."""
    from documents.records import services

    doc = register(office, title="归档后查看档号")
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=doc.pk, comment="已阅")
    incoming.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)
    item = services.file_document(actor=office["shoufa"], doc_kind="incoming", pk=doc.pk)
    html = client_as("shoufa").get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    assert f"<strong data-archive-code>{item.archive_code}</strong>" in html
