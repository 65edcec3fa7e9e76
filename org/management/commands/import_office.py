"""``manage.py import_office FILE [--dry-run]``: set up or change the office from its Excel workbook.

``--template OUT`` writes the blank workbook to fill in; ``--export OUT`` the workbook filled with the office as
it is now (edit it and import it again to change things). See ``org.office_import`` for what importing does.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org.office_import import WorkbookError, office_import
from org.office_workbook import build_template


class Command(BaseCommand):
    help = "从 Excel 工作簿导入办公室的人员、科室、职务、业务归口和单位；任何一行有错则整表不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出将要做的改动，不写入数据库。")
        parser.add_argument("--template", metavar="OUT", help="把空白导入模板写到 OUT（.xlsx），不导入。")
        parser.add_argument("--export", metavar="OUT", help="把当前的组织机构按模板格式写到 OUT（.xlsx），不导入。")

    def handle(self, *args, file=None, dry_run=False, template=None, export=None, **options):
        if template or export:
            out = Path(template or export)
            try:
                out.write_bytes(build_template(current=bool(export)))
            except OSError as exc:
                raise CommandError(f"无法写入 {out}：{exc.strerror}") from exc
            self.stdout.write(f"已写出{'当前组织机构' if export else '空白导入模板'}：{out}")
            return
        if not file:
            raise CommandError("请给出要导入的 .xlsx 文件（或用 --template 文件名 取得空白模板）。")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取 {file}：{exc.strerror}") from exc
        try:
            report = office_import(data=data, dry_run=dry_run)
        except WorkbookError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.problems:
            raise CommandError(f"未导入：{len(report.problems)} 处错误。")
