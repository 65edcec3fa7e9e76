from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import demo
from org.demo import DEMO_PASSWORD, PEOPLE


class Command(BaseCommand):
    help = "建立演示用的杂多县政府办公室（可重复执行，结果相同）。"

    def handle(self, *args, **options):
        # Every demo account's password is printed here and in the README: on a real server it would be a door.
        if settings.PRODUCTION:
            raise CommandError(
                "生产环境（DJANGO_PRODUCTION=1）不能建立演示数据：演示账号的密码是公开的，任何人都能用它们登录。"
                "请用 manage.py createsuperuser 建立管理员，再在管理后台或用 manage.py import_office 建立本单位的人员。"
            )
        # Demo steps notify people as real ones do; no e-mail is sent for made-up documents.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        # The office, then what each app registered in its AppConfig.ready() (core.demo).
        demo.seed(report=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for person in PEOPLE:
            roles = "、".join(r.value for r in person.roles) or "系统管理员（后台）"
            self.stdout.write(f"  {person.username:<16} {person.full_name:<8} {roles}")
