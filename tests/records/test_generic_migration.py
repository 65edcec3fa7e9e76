"""The move from one foreign key per document kind to one generic relation keeps every record [31]–[34].

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with ``DATABASE_URL``): the
records app is taken back to 0003, rows are written through the historical models the way the old code wrote
them, and migrating forward must leave each row pointing at the same document.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from documents.outgoing import services as outgoing
from documents.outgoing.demo import ensure_series
from documents.records.models import Custody, CustodyEvent, DestructionEntry, FileItem
from org.models import BusinessLine

from ..incoming.factories import register

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("records", "0003_workflow_model")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "records"]


def test_custody_filing_and_destruction_rows_keep_their_documents(office):
    """[31] custody and its trail, [33] the filed 件, [34] destruction entries: each still names its 收文 or
    发文 after the migration, and a destruction list filed as a 件 keeps no document."""
    incoming_doc = register(office, title="旧库中的涉密收文", secret_level=1)
    outgoing_doc = outgoing.outgoing_create_draft(
        actor=office["guikou2"],
        data=outgoing.DraftData(
            authority="government",
            series=ensure_series()["杂政"],
            doc_type="notice",
            title="旧库中的涉密发文稿",
            line=BusinessLine.objects.filter(staff=office["guikou2"]).order_by("sort_order").first(),
            secret_level=1,
        ),
    )
    clerk = office["shoufa"]
    latest = _latest()
    old = _migrate(BEFORE)
    try:
        now = timezone.now()
        archive_class = old.get_model("records", "ArchiveClass").objects.create(code="T1", name="测试分类")
        destruction = old.get_model("records", "DestructionList").objects.create(
            title="旧清册", drawn_up_by_id=clerk.pk
        )
        OldCustody = old.get_model("records", "Custody")
        OldCustodyEvent = old.get_model("records", "CustodyEvent")
        OldFileItem = old.get_model("records", "FileItem")
        OldDestructionEntry = old.get_model("records", "DestructionEntry")
        OldCustody.objects.create(incoming_id=incoming_doc.pk, place="safe", since=now)
        OldCustody.objects.create(outgoing_id=outgoing_doc.pk, place="with_person", holder_id=clerk.pk, since=now)
        OldCustodyEvent.objects.create(incoming_id=incoming_doc.pk, kind="placed_in_safe", recorded_by_id=clerk.pk)
        OldCustodyEvent.objects.create(outgoing_id=outgoing_doc.pk, kind="handed", recorded_by_id=clerk.pk)
        item = {"year": 2025, "retention": "D30", "archive_class_id": archive_class.pk, "filed_by_id": clerk.pk}
        OldFileItem.objects.create(**item, number=1, archive_code="T-1", title="收文件", incoming_id=incoming_doc.pk)
        OldFileItem.objects.create(**item, number=2, archive_code="T-2", title="发文件", outgoing_id=outgoing_doc.pk)
        OldFileItem.objects.create(
            **item, number=3, archive_code="T-3", title="清册件", destruction_list_id=destruction.pk
        )
        entry = {"destruction_list_id": destruction.pk, "kind": "duplicate", "secret_level": 1}
        OldDestructionEntry.objects.create(**entry, description="收文重份", incoming_id=incoming_doc.pk)
        OldDestructionEntry.objects.create(**entry, description="发文重份", outgoing_id=outgoing_doc.pk)
        OldDestructionEntry.objects.create(destruction_list_id=destruction.pk, kind="copy", description="无所属文件")
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()

    assert Custody.objects.of(incoming_doc).get().place == "safe"
    assert Custody.objects.of(outgoing_doc).get().holder_id == clerk.pk
    assert [e.kind for e in CustodyEvent.objects.of(incoming_doc)] == ["placed_in_safe"]
    assert CustodyEvent.objects.of(outgoing_doc).get().document == outgoing_doc
    assert FileItem.objects.of(incoming_doc).get().archive_code == "T-1"
    assert FileItem.objects.of(outgoing_doc).get().document == outgoing_doc
    filed_list = FileItem.objects.get(archive_code="T-3")
    assert filed_list.content_type_id is None and filed_list.object_id is None and filed_list.document is None
    entries = {e.description: e.document for e in DestructionEntry.objects.all()}
    assert entries == {"收文重份": incoming_doc, "发文重份": outgoing_doc, "无所属文件": None}


def test_going_back_restores_the_per_kind_columns(office):
    """The migration can be undone while records hold only 收文 and 发文."""
    doc = register(office, title="来回迁移的收文", secret_level=1)
    Custody.objects.create(document=doc, place="safe", since=timezone.now())
    latest = _latest()
    old = _migrate(BEFORE)
    try:
        assert old.get_model("records", "Custody").objects.get().incoming_id == doc.pk
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()
    assert Custody.objects.of(doc).get().place == "safe"
