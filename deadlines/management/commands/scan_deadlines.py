"""``manage.py scan_deadlines``: the deadline scan without Celery — for the embedded default and for cron.

Runs the same scan as the ``deadlines.scan`` beat task and delivers the reminders in this process. Safe
to run as often as you like, beside beat or not: nothing is sent twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from deadlines import services


class Command(BaseCommand):
    help = "扫描各类期限，记录并发送到期提醒、逾期提醒（--digest 另发每日逾期汇总）。"

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="同时发送今天的逾期汇总（每人每天一次）")
        parser.add_argument("--now", help="以此时点扫描（ISO 8601，用于补扫和演示）")
        parser.add_argument("--queue", action="store_true", help="交给 Celery worker 发送，而不是在本进程发送")

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None:
                raise CommandError("--now 须为 ISO 8601 时间，如 2026-05-04T09:00+08:00")
        deliver = "queue" if options["queue"] else "inline"
        run = services.deadlines_scan(now=now, via="command", deliver=deliver)
        self.stdout.write(
            f"期限扫描：检查 {run.candidates} 项，新记录提醒 {run.recorded} 条，用时 {run.duration_ms} ms。"
        )
        if options["digest"]:
            digest = services.deadlines_digest(now=now, via="command", deliver=deliver)
            if digest is None:
                self.stdout.write("今天不是工作日，不发逾期汇总。")
            else:
                self.stdout.write(f"逾期汇总：涉及 {digest.candidates} 项，新记录汇总 {digest.recorded} 条。")
