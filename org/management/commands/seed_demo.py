from django.core.management.base import BaseCommand

from documents.outgoing.demo import build_demo_outgoing
from org.demo import DEMO_PASSWORD, PEOPLE, build_demo_office


class Command(BaseCommand):
    help = "建立演示用的杂多县政府办公室（可重复执行，结果相同）。"

    def handle(self, *args, **options):
        build_demo_office()
        build_demo_outgoing()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for person in PEOPLE:
            roles = "、".join(r.value for r in person.roles) or "系统管理员（后台）"
            self.stdout.write(f"  {person.username:<16} {person.full_name:<8} {roles}")
