from django.conf import settings
from django.core.management.base import BaseCommand

from core import demo
from org.demo import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "建立演示用的杂多县政府办公室（可重复执行，结果相同）。"

    def handle(self, *args, **options):
        # Demo steps notify people as real ones do; no e-mail is sent for made-up documents.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        # The office, then what each app registered in its AppConfig.ready() (core.demo).
        demo.seed(report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for person in PEOPLE:
            roles = "、".join(r.value for r in person.roles) or "系统管理员（后台）"
            self.stdout.write(f"  {person.username:<16} {person.full_name:<8} {roles}")
