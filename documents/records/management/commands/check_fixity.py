"""``manage.py check_fixity``: the integrity check of the filed files (完整性检查 [33]) without Celery.

The same check the monthly ``records.fixity_check`` beat task runs: every filed file read back and compared
with the checksum taken at filing; what is newly wrong is reported to the archivist and the 收发秘书. Safe to
run as often as you like: a problem already reported is not reported again while it stays the same.
Exits with status 1 while any problem is open, so cron or a monitoring script can tell.
"""

from django.core.management.base import BaseCommand, CommandError

from documents.records.fixity import fixity_check
from documents.records.models import FixityProblem


class Command(BaseCommand):
    help = "完整性检查：逐一读取归档文件，与归档时记录的 SHA-256 校验值比对，发现问题通知档案管理员和收发秘书。"

    def handle(self, *args, **options):
        run = fixity_check(via="command")
        self.stdout.write(
            f"完整性检查：检查文件 {run.checked} 个（{run.bytes_read / 1024 / 1024:.1f} MB），"
            f"校验值不符 {run.mismatched} 个，文件缺失 {run.missing} 个，无法读取 {run.unreadable} 个；"
            f"新发现问题 {run.new_problems} 个，已消除 {run.closed_problems} 个，"
            f"补记校验值 {run.baselined} 个，用时 {run.duration_ms} ms。"
        )
        still_open = FixityProblem.objects.filter(closed_by=None).count()
        if still_open:
            raise CommandError(f"尚有 {still_open} 个归档文件有问题未消除，见“档案 → 完整性检查”。")
