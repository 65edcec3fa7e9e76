"""``manage.py resend_emails``: where no beat runs (the embedded default, cron), the e-mails a mail server
left pending are sent by this command, each once (core/emails.py)."""

from __future__ import annotations

import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core import emails
from core.models import Notification
from core.notifications import notify

pytestmark = pytest.mark.django_db

Status = Notification.EmailStatus


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: "connection refused"


def test_the_command_sends_what_the_mail_server_left_pending_once(
    office, smtp_sink, smtp_on, monkeypatch, django_capture_on_commit_callbacks
):
    """The mail server is down when 250 notifications are made (tasks in-process): they stay pending, with
    the reason. Cron's ``resend_emails`` once the server is back and the retry time has come: each sent,
    once; run again, nothing more."""
    monkeypatch.setattr(emails, "BATCH", 100)
    people = [u for u in office.values() if u.email and u.is_active]
    rounds = -(-250 // len(people))
    smtp_on(_closed_port())
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for i in range(rounds):
            notify(people, title=f"通知{i}", body="正文")
    total = len(people) * rounds
    pending = Notification.objects.filter(email_status=Status.PENDING)
    assert pending.count() == total
    assert set(pending.values_list("email_error", flat=True)) != {""}  # the reason is on each row

    smtp_on(smtp_sink.port)
    out = StringIO()
    call_command("resend_emails", stdout=out)
    assert "已发送 0 封" in out.getvalue()  # not due yet: the retry waits

    Notification.objects.update(email_next_try_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("resend_emails", stdout=out)
    assert f"已发送 {total} 封" in out.getvalue()
    assert Notification.objects.filter(email_status=Status.SENT).count() == total
    assert len(smtp_sink.messages) == total == len({str(m.message["Message-ID"]) for m in smtp_sink.messages})
    assert smtp_sink.connections == -(-total // 100)  # a connection per batch

    call_command("resend_emails", stdout=StringIO())
    assert len(smtp_sink.messages) == total
