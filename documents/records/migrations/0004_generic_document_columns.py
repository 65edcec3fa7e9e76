"""Records refer to the documents they concern through one generic relation (content type + id) instead of
one nullable foreign key per document kind, so a new kind (meeting minutes, supervision files …) needs no
migration here. Step 1 of 3: the new columns, nullable while 0005 fills them; the old check constraints go
(they name the old columns). 0006 drops the old columns and adds the constraints and indexes.
"""

import django.db.models.deletion
from django.db import migrations, models

import documents.records.models


def _document_type(null: bool = True):
    return models.ForeignKey(
        blank=null,
        db_index=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="contenttypes.contenttype",
        verbose_name="文件类别",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("records", "0003_workflow_model"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="custody", name="records_custody_one_document"),
        migrations.RemoveConstraint(model_name="fileitem", name="records_item_has_source"),
        migrations.AddField(model_name="custody", name="content_type", field=_document_type()),
        migrations.AddField(
            model_name="custody",
            name="object_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="文件编号"),
        ),
        migrations.AddField(model_name="custodyevent", name="content_type", field=_document_type()),
        migrations.AddField(
            model_name="custodyevent",
            name="object_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="文件编号"),
        ),
        migrations.AddField(model_name="fileitem", name="content_type", field=_document_type()),
        migrations.AddField(
            model_name="fileitem",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="文件编号"),
        ),
        migrations.AddField(model_name="destructionentry", name="content_type", field=_document_type()),
        migrations.AddField(
            model_name="destructionentry",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="所属文件编号"),
        ),
        # The schedule's kinds come from the registered archive kinds; only the function's name is stored.
        migrations.AlterField(
            model_name="retentionrule",
            name="kind",
            field=models.CharField(
                choices=documents.records.models.retention_kind_choices, max_length=30, verbose_name="文件范围"
            ),
        ),
    ]
