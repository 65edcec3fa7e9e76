"""来文字号 stored before they were normalised on save: re-write each in the one spelling (〔〕, no spaces,
half-width digits) that the search and the duplicate check compare with (``sender_numbers.normalise``).

Only rows whose number has something to change are read (a bracket other than 〔〕, a space, a full-width
character) and they are written in batches. The spelling is written out here rather than imported: a migration
must run the same way whatever the app's code becomes later (tests/test_migrations.py); a later change of
spelling ships its own migration.
"""

import re
import unicodedata

from django.db import migrations
from django.db.models import Q

BATCH = 2000
_BRACKETS = str.maketrans({"(": "〔", ")": "〕", "[": "〔", "]": "〕", "【": "〔", "】": "〕", "〖": "〔", "〗": "〕"})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """As ``documents.incoming.sender_numbers.normalise`` was when this migration was written."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "").translate(_BRACKETS))


SUSPECTS = ["(", ")", "[", "]", "（", "）", "［", "］", "【", "】", "〖", "〗", " ", "　", "\t", "\n"]


def renormalise(apps, schema_editor):
    IncomingDocument = apps.get_model("incoming", "IncomingDocument")
    suspects = Q()
    for char in SUSPECTS:
        suspects |= Q(sender_number__contains=char)
    # Full-width digits and letters (０-９, Ａ-Ｚ …) are few and rare: NFKC catches them in Python.
    rows = IncomingDocument.objects.exclude(sender_number="").only("id", "sender_number")
    changed = []
    for doc in rows.filter(suspects).iterator(chunk_size=BATCH):
        doc.sender_number = normalise(doc.sender_number)
        changed.append(doc)
        if len(changed) >= BATCH:
            IncomingDocument.objects.bulk_update(changed, ["sender_number"])
            changed = []
    for doc in rows.filter(sender_number__regex=r"[０-９Ａ-Ｚａ-ｚ]").iterator(chunk_size=BATCH):
        doc.sender_number = normalise(doc.sender_number)
        changed.append(doc)
    if changed:
        IncomingDocument.objects.bulk_update(changed, ["sender_number"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("incoming", "0005_circulation_record")]
    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop, elidable=True)]
