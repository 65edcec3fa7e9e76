"""Checksums for the files filed before they were recorded at filing [33]: each component's stored bytes are
read through ``default_storage`` and their SHA-256 and size recorded. A file already gone (or unreadable) is
recorded as such — a run of the integrity check ``via="migration"`` with one problem per such file, which the
first monthly check reports to the archivist — and the migration goes on. Historical models only.
"""

import hashlib

from django.core.files.storage import default_storage
from django.db import migrations
from django.utils import timezone

CHUNK = 1024 * 1024


def digest(name):
    sha256, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
    return sha256.hexdigest(), size


def forward(apps, schema_editor):
    db = schema_editor.connection.alias
    FileComponent = apps.get_model("records", "FileComponent")
    FixityCheck = apps.get_model("records", "FixityCheck")
    FixityProblem = apps.get_model("records", "FixityProblem")
    pending = FileComponent.objects.using(db).filter(sha256="").order_by("pk")
    if not pending.exists():
        return
    run = FixityCheck.objects.using(db).create(via="migration")
    problems = []
    for component in pending.iterator(chunk_size=500):
        run.checked += 1
        kind, detail = None, ""
        try:
            if not component.file.name:
                raise FileNotFoundError(component.file.name)
            sha256, size = digest(component.file.name)
        except FileNotFoundError:
            kind = "missing"
            run.missing += 1
        except OSError as error:
            kind, detail = "unreadable", (error.strerror or type(error).__name__)[:200]
            run.unreadable += 1
        else:
            FileComponent.objects.using(db).filter(pk=component.pk).update(sha256=sha256, size=size)
            run.bytes_read += size
            run.baselined += 1
        if kind:
            problems.append(
                FixityProblem(component=component, kind=kind, detail=detail, found_by=run, last_seen_by=run)
            )
    FixityProblem.objects.using(db).bulk_create(problems)
    run.new_problems = len(problems)
    run.finished_at = timezone.now()
    run.save()


class Migration(migrations.Migration):
    dependencies = [("records", "0007_fixity")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
