"""Files filed before checksums were taken at filing get theirs from migration 0008 [33]; one already gone is
recorded as such — the migration does not stop — and the first integrity check reports it, once.

Runs on whichever database the suite runs on: the records app is taken back to 0007 (the checksum columns
exist, still empty, as on a database just upgraded) and migrated forward again.
"""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import Notification
from documents.records.fixity import fixity_check
from documents.records.models import FileComponent, FixityCheck, FixityProblem

from .test_fixity import filed, original

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("records", "0007_fixity")]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "records"]


def test_the_migration_takes_checksums_and_records_a_missing_file(office):
    item = filed(office)
    other = filed(office)
    taken_at_filing = dict(FileComponent.objects.values_list("pk", "sha256"))
    gone = original(other)
    latest = _latest()
    _migrate(BEFORE)
    try:
        FileComponent.objects.update(sha256="", size=None)  # as the components stood before 0008
        default_storage.delete(gone.file.name)
    finally:
        _migrate(latest)
    assert dict(FileComponent.objects.exclude(pk=gone.pk).values_list("pk", "sha256")) == {
        pk: sha256 for pk, sha256 in taken_at_filing.items() if pk != gone.pk
    }
    assert FileComponent.objects.get(pk=gone.pk).sha256 == ""
    run = FixityCheck.objects.get(via=FixityCheck.Via.MIGRATION)
    assert (run.checked, run.baselined, run.missing, run.new_problems) == (4, 3, 1, 1)
    problem = FixityProblem.objects.get()
    assert problem.component_id == gone.pk and problem.kind == FixityProblem.Kind.MISSING
    assert problem.reported_at is None  # the migration tells no one …

    fixity_check()  # … the first check does, and only once
    fixity_check()
    (note,) = Notification.objects.filter(recipient=office["dangan"], kind="records.fixity")
    assert other.archive_code in note.body and item.archive_code not in note.body
