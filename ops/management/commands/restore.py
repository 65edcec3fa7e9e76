from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ops.backup import BackupError, read_manifest, resolve_archive, verify_archive
from ops.restore import restore_archive


class Command(BaseCommand):
    help = (
        "把 manage.py backup 写的一份备份恢复到空的数据库和空的媒体目录（MEDIA_ROOT）。"
        "目标不是空的就拒绝，除非加 --force。恢复前先停掉 web、worker 和 beat。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份目录的路径，或 BACKUP_DIR 下的备份名（如 zaduo-20260301-023000）。")
        parser.add_argument("--force", action="store_true", help="目标数据库或媒体目录不是空的也恢复（覆盖现有数据）。")
        parser.add_argument("--check", action="store_true", help="只校验备份是否完整（大小和 SHA-256），不恢复。")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="恢复到哪个数据库（DATABASES 的别名）。")

    def handle(self, *args, **options):
        try:
            archive = resolve_archive(options["archive"])
            if options["check"]:
                return self._check(archive)
            database = settings.DATABASES.get(options["database"])
            if database is None:
                raise BackupError(f"没有名为 {options['database']} 的数据库设置。")
            connections.close_all()  # a SQLite file is replaced underneath; PostgreSQL is written by pg_restore
            result = restore_archive(
                archive,
                database=database,
                media_root=settings.MEDIA_ROOT,
                force=options["force"],
                report=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {archive.name} 恢复：数据库 {result.database}；媒体文件 {result.media_files} 个。\n"
                "下一步：python manage.py migrate && python manage.py sync_roles，然后启动 web、worker 和 beat。"
            )
        )

    def _check(self, archive):
        manifest = read_manifest(archive)
        problems = verify_archive(archive, manifest)
        if problems:
            raise CommandError(f"备份 {archive} 有 {len(problems)} 处问题：\n  " + "\n  ".join(problems[:50]))
        media = manifest.get("media", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"备份 {archive.name} 完整：数据库（{manifest['database']['engine']}）和 "
                f"{media.get('files', 0)} 个媒体文件的大小和 SHA-256 都与清单一致。"
            )
        )
