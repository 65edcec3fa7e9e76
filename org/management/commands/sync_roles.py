"""``manage.py sync_roles``: apply the code's role→permission table (org.roles) to the role groups.

Run by the deploy after ``migrate`` (which also runs it, through post_migrate). Idempotent: a second run
changes nothing. Permissions an administrator added to a role group in the admin are kept; see
``org.roles.sync_roles`` for the rule.
"""

from django.core.management.base import BaseCommand

from org.roles import sync_roles


class Command(BaseCommand):
    help = "按代码中的角色权限表同步角色组：补上代码规定的权限，撤下代码不再规定的权限，保留管理员另加的权限。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要做的改动，不写入数据库。")

    def handle(self, *args, dry_run: bool = False, **options):
        report = sync_roles(dry_run=dry_run)
        # Every change is listed, unless there are many (a first deploy): then -v 2 lists them.
        self.stdout.write(report.summary(limit=None if options["verbosity"] >= 2 else 20))
