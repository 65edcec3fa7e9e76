import json

from django.core.management.base import BaseCommand, CommandError

from ops import health


class Command(BaseCommand):
    help = "检查系统是否正常（与 /healthz 相同）：数据库、Redis、worker 心跳、beat、备份时间。不正常时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("--only", help=f"只检查这几项，逗号分隔：{', '.join(health.CHECKS)}。")
        parser.add_argument("--json", action="store_true", help="输出 JSON（与 /healthz 相同）。")

    def handle(self, *args, **options):
        try:
            only = health.parse_only(options["only"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = health.run_checks(only)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        else:
            for check in report.checks:
                mark = {True: "正常", False: "异常", None: "不检查"}[check.ok]
                self.stdout.write(f"[{mark}] {health.LABELS[check.name]}：{check.message}")
        if not report.ok:
            raise CommandError(report.message)
