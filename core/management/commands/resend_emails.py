"""``manage.py resend_emails``: the e-mail sweep without Celery — for the embedded default and for cron.

Beat's ``core.resend_emails`` queues every e-mail still pending whose time has come (core/emails.py). Where
no beat runs (the embedded default: tasks run in the web process, and a mail server away leaves the rows
pending), cron runs this command; it sends those e-mails in this process, a batch per SMTP connection,
each claimed first so it is safe beside a worker. ``--queue`` hands them to the workers instead.
"""

from django.core.management.base import BaseCommand

from core import emails


class Command(BaseCommand):
    help = "补发所有待发送且已到重试时间的邮件通知（与 beat 的 core.resend_emails 相同；可由 cron 运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="交给 Celery worker 发送，而不是在本进程发送")

    def handle(self, *args, **options):
        if options["queue"]:
            count = emails.emails_resend()
            self.stdout.write(f"已排队补发 {count} 封邮件。")
            return
        totals = {"sent": 0, "failed": 0, "retry": 0}
        for ids in emails.due_batches():
            for key, value in emails.emails_send(notification_ids=ids).summary().items():
                totals[key] += value
        self.stdout.write(
            f"邮件补发：已发送 {totals['sent']} 封，放弃 {totals['failed']} 封（原因见通知记录），"
            f"稍后重试 {totals['retry']} 封。"
        )
