from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup, list_archives


class Command(BaseCommand):
    help = (
        "备份数据库和上传文件（MEDIA_ROOT）到 BACKUP_DIR 下的一个带日期的备份目录，然后按保留规则清理旧备份。"
        "beat 每晚自动执行（BACKUP_AT）。恢复：manage.py restore 备份名。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-prune", action="store_true", help="这次不清理旧备份。")
        parser.add_argument("--list", action="store_true", help="只列出现有备份，不做备份。")

    def handle(self, *args, **options):
        if options["list"]:
            return self._list()
        self.stdout.write(f"备份到 {settings.BACKUP_DIR} …")
        try:
            result = create_backup(prune=not options["no_prune"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.archive}\n"
                f"  数据库（{result.engine}）{_size(result.database_bytes)}；"
                f"媒体文件 {result.media_files} 个，共 {_size(result.media_bytes)}"
                f"（新复制 {result.media_copied} 个，与上一份备份相同而共用 {result.media_linked} 个）；"
                f"用时 {result.seconds:.1f} 秒。"
            )
        )
        if result.removed:
            self.stdout.write(f"按保留规则删除了旧备份：{'、'.join(result.removed)}")
        self.stdout.write("请定期把备份复制到另一台机器或离线介质上保管（备份含涉密文件，按涉密载体管理）。")

    def _list(self):
        archives = list_archives()
        if not archives:
            self.stdout.write(f"{settings.BACKUP_DIR} 下还没有备份。")
            return
        for archive in archives:
            self.stdout.write(f"{archive.name}  {archive.taken_at:%Y-%m-%d %H:%M:%S}")


def _size(count: int) -> str:
    for unit in ("字节", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "字节" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)
