from django.core.management.base import BaseCommand

from documents.incoming.lifecycle import mermaid


class Command(BaseCommand):
    help = "输出收文状态机（Mermaid），写入 docs/incoming-lifecycle.md。"

    def handle(self, *args, **options):
        self.stdout.write("# 收文办理流程 (incoming documents' state machine)\n")
        self.stdout.write("Generated from `documents/incoming/models.py` by `python manage.py incoming_lifecycle`;")
        self.stdout.write("a test fails when this file and the code disagree. The same table is on the page")
        self.stdout.write("/incoming/lifecycle/ and each document page shows where it stands on the main path.\n")
        self.stdout.write("```mermaid")
        self.stdout.write(mermaid(), ending="")
        self.stdout.write("```")
