from django.db import migrations


def create(apps, schema_editor):
    from documents.records.defaults import ensure_default_schedule

    ensure_default_schedule(apps.get_model("records", "ArchiveClass"), apps.get_model("records", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
