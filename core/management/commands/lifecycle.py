from django.core.management.base import BaseCommand, CommandError

from core import lifecycle


class Command(BaseCommand):
    help = "输出某一流程的状态机（Mermaid），如：python manage.py lifecycle incoming > docs/incoming-lifecycle.md"

    def add_arguments(self, parser):
        parser.add_argument("key", nargs="?", help="流程名称；不填则列出全部")

    def handle(self, *args, key=None, **options):
        if not key:
            for item in lifecycle.all_lifecycles():
                self.stdout.write(f"{item.key}\t{item.title}（{item.articles}）")
            return
        try:
            item = lifecycle.get(key)
        except KeyError:
            raise CommandError(f"没有名为 {key} 的流程。") from None
        self.stdout.write(item.document(), ending="")
