"""Archival-grade files [33]: each filed component keeps the SHA-256 and size of its stored bytes; each run of
the integrity check (完整性检查) and each problem it finds is recorded. Checksums of the files filed before
this are taken by 0008."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0006_drop_per_kind_columns'),
    ]

    operations = [
        migrations.CreateModel(
            name='FixityCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('via', models.CharField(choices=[('beat', '每月定期'), ('command', '手动运行'), ('migration', '升级时补记校验值')], default='beat', max_length=20, verbose_name='触发方式')),
                ('started_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='开始时间')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                ('checked', models.PositiveIntegerField(default=0, verbose_name='检查文件数')),
                ('bytes_read', models.PositiveBigIntegerField(default=0, verbose_name='读取字节数')),
                ('mismatched', models.PositiveIntegerField(default=0, verbose_name='校验值不符')),
                ('missing', models.PositiveIntegerField(default=0, verbose_name='文件缺失')),
                ('unreadable', models.PositiveIntegerField(default=0, verbose_name='无法读取')),
                ('baselined', models.PositiveIntegerField(default=0, verbose_name='补记校验值')),
                ('new_problems', models.PositiveIntegerField(default=0, verbose_name='新发现问题')),
                ('closed_problems', models.PositiveIntegerField(default=0, verbose_name='已消除问题')),
                ('error', models.TextField(blank=True, verbose_name='错误')),
            ],
            options={
                'verbose_name': '完整性检查',
                'verbose_name_plural': '完整性检查',
                'ordering': ['-started_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='filecomponent',
            name='sha256',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256 校验值'),
        ),
        migrations.AddField(
            model_name='filecomponent',
            name='size',
            field=models.PositiveBigIntegerField(blank=True, editable=False, null=True, verbose_name='字节数'),
        ),
        migrations.CreateModel(
            name='FixityProblem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('mismatch', '校验值不符'), ('missing', '文件缺失'), ('unreadable', '无法读取')], max_length=20, verbose_name='问题')),
                ('expected_sha256', models.CharField(blank=True, max_length=64, verbose_name='归档时校验值')),
                ('found_sha256', models.CharField(blank=True, max_length=64, verbose_name='检查时校验值')),
                ('found_size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='检查时字节数')),
                ('detail', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('reported_at', models.DateTimeField(blank=True, null=True, verbose_name='通知时间')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.fixitycheck', verbose_name='消除于')),
                ('component', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fixity_problems', to='records.filecomponent', verbose_name='归档文件组成')),
                ('found_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='problems_found', to='records.fixitycheck', verbose_name='发现于')),
                ('last_seen_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='records.fixitycheck', verbose_name='最近一次检查')),
            ],
            options={
                'verbose_name': '完整性问题',
                'verbose_name_plural': '完整性问题',
                'ordering': ['-id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('closed_by__isnull', True)), fields=('component',), name='records_fixity_one_open_problem')],
            },
        ),
    ]
