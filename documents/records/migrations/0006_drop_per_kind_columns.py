"""Step 3 of 3: the per-kind columns go; the generic columns get their constraints and indexes — one custody
row and one filed 件 per document, the custody trail by (document, time), entries by document (PERFORMANCE.md:
every records query is an indexed lookup on (content type, id))."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("records", "0005_move_documents_to_generic_columns")]

    operations = [
        migrations.RemoveIndex(model_name="custodyevent", name="records_custody_event_doc"),
        migrations.RemoveIndex(model_name="custodyevent", name="records_custody_event_out"),
        migrations.RemoveField(model_name="custody", name="incoming"),
        migrations.RemoveField(model_name="custody", name="outgoing"),
        migrations.RemoveField(model_name="custodyevent", name="incoming"),
        migrations.RemoveField(model_name="custodyevent", name="outgoing"),
        migrations.RemoveField(model_name="destructionentry", name="incoming"),
        migrations.RemoveField(model_name="destructionentry", name="outgoing"),
        migrations.RemoveField(model_name="fileitem", name="incoming"),
        migrations.RemoveField(model_name="fileitem", name="outgoing"),
        migrations.AlterField(
            model_name="custody",
            name="content_type",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="文件类别",
            ),
        ),
        migrations.AlterField(
            model_name="custody", name="object_id", field=models.PositiveBigIntegerField(verbose_name="文件编号")
        ),
        migrations.AlterField(
            model_name="custodyevent",
            name="content_type",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="文件类别",
            ),
        ),
        migrations.AlterField(
            model_name="custodyevent",
            name="object_id",
            field=models.PositiveBigIntegerField(verbose_name="文件编号"),
        ),
        migrations.AddIndex(
            model_name="custodyevent",
            index=models.Index(fields=["content_type", "object_id", "at"], name="records_custody_event_doc"),
        ),
        migrations.AddIndex(
            model_name="destructionentry",
            index=models.Index(fields=["content_type", "object_id"], name="records_entry_document"),
        ),
        migrations.AddConstraint(
            model_name="custody",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id"), name="records_custody_one_per_document"
            ),
        ),
        migrations.AddConstraint(
            model_name="destructionentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("content_type__isnull", True), ("object_id__isnull", True)),
                    models.Q(("content_type__isnull", False), ("object_id__isnull", False)),
                    _connector="OR",
                ),
                name="records_entry_document_whole",
            ),
        ),
        migrations.AddConstraint(
            model_name="fileitem",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id"), name="records_item_one_per_document"
            ),
        ),
        migrations.AddConstraint(
            model_name="fileitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("content_type__isnull", True), ("object_id__isnull", True)),
                    models.Q(("content_type__isnull", False), ("object_id__isnull", False)),
                    _connector="OR",
                ),
                name="records_item_document_whole",
            ),
        ),
        migrations.AddConstraint(
            model_name="fileitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("object_id__isnull", False), ("destruction_list__isnull", False), _connector="OR"),
                name="records_item_has_source",
            ),
        ),
    ]
