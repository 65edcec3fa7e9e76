"""Step 2 of 3: every custody row, custody event, filed 件 and destruction entry that pointed at a 收文 or a
发文 through its own column now points at it through (content type, id). Historical models only; the content
types are created if the database has none yet (they are otherwise made after ``migrate``).

Reversible while records hold only 收文 and 发文.
"""

from django.db import migrations
from django.db.models import F

# The per-kind columns as they stood, and the model each one pointed at.
COLUMNS = {"incoming": ("incoming", "incomingdocument"), "outgoing": ("outgoing", "outgoingdocument")}
MODELS = ("Custody", "CustodyEvent", "FileItem", "DestructionEntry")


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for column, (app_label, model) in COLUMNS.items():
        content_type, _ = ContentType.objects.using(db).get_or_create(app_label=app_label, model=model)
        for name in MODELS:
            rows = apps.get_model("records", name).objects.using(db).filter(**{f"{column}__isnull": False})
            rows.update(content_type=content_type, object_id=F(f"{column}_id"))


def backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    known = {}
    for column, (app_label, model) in COLUMNS.items():
        content_type = ContentType.objects.using(db).filter(app_label=app_label, model=model).first()
        if content_type is not None:
            known[column] = content_type
    for name in MODELS:
        rows = apps.get_model("records", name).objects.using(db)
        others = rows.filter(content_type__isnull=False).exclude(content_type__in=list(known.values()))
        if others.exists():
            raise RuntimeError(f"records.{name} holds documents of kinds other than 收文 and 发文; cannot go back.")
        for column, content_type in known.items():
            rows.filter(content_type=content_type).update(**{f"{column}_id": F("object_id")})


class Migration(migrations.Migration):
    dependencies = [("records", "0004_generic_document_columns")]

    operations = [migrations.RunPython(forward, backward)]
