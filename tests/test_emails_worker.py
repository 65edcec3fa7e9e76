"""E-mail from a real Celery worker on the real Redis (keys under a prefix of the test's own, deleted after):
a step taken through the web page queues the e-mail; the worker sends it to the test's SMTP sink, retrying
after the server's "try later", and the message arrives once. Skipped without PostgreSQL and Redis, except
under CI (tests/requires.py).
"""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from core import emails
from core.models import Notification
from org.models import Unit, UnitKind
from tests import requires
from tests.deadlines.test_worker import celery_on_redis, wait_for, worker  # noqa: F401 - the worker's fixture

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    requires.postgresql,
    requires.redis,
]

Status = Notification.EmailStatus


def test_the_worker_sends_the_e_mail_of_a_step_once_after_a_try_later(
    celery_on_redis,  # noqa: F811 - the fixture imported above
    office,
    client,
    smtp_sink,
    smtp_on,
    monkeypatch,
    caplog,
):
    """签收登记 [26(1)] tells the 分管文秘副主任. The mail server first answers 451 (try later): the worker records
    it and Celery retries; the second try is accepted. One message arrives; the notification says sent, after
    two attempts; the worker's log lines carry the id of the request that queued the e-mail."""
    smtp_on(smtp_sink.port)
    smtp_sink.data_replies = ["451 4.3.0 mailbox busy, try later"]
    monkeypatch.setattr(emails, "RETRY_BASE_SECONDS", 1)  # the worker runs in this process: a one-second wait

    client.force_login(office["shoufa"])
    response = client.post(
        reverse("incoming:register"),
        {
            "source_unit": Unit.objects.filter(kind=UnitKind.SUPERIOR).first().pk,
            "title": "关于做好雪灾防范工作的紧急通知",
            "doc_type": "notice",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "copies": 1,
            "pages": 1,
            "secret_level": 0,
        },
        headers={"X-Request-ID": "req-mail-worker-1"},
    )
    assert response.status_code == 302
    note = Notification.objects.get(recipient=office["fuzhuren_wenmi"])
    assert note.email_status == Status.PENDING  # queued, not sent, when the request ended

    worker_lines: list[logging.LogRecord] = []
    keep = logging.Handler()
    keep.emit = worker_lines.append  # the worker thread's records, whatever Celery does to the root logger
    mail_log = logging.getLogger("zaduo.email")
    mail_log.addHandler(keep)
    caplog.set_level(logging.INFO, logger="zaduo.email")  # a worker started earlier may have raised the root's
    with worker("mail-1@test"):
        wait_for(
            lambda: Notification.objects.get(pk=note.pk).email_status != Status.PENDING,
            timeout=60,
            what="the e-mail sent after one retry",
        )
    mail_log.removeHandler(keep)

    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, note.email_error) == (Status.SENT, 2, "")
    assert smtp_sink.connections == 2
    assert [m.recipients for m in smtp_sink.messages] == [[office["fuzhuren_wenmi"].email]]
    assert "新收文待分办" in smtp_sink.messages[0].subject
    assert {getattr(r, "event", "") for r in worker_lines} >= {"email_retry", "email_sent"}
    assert {r.request_id for r in worker_lines} == {"req-mail-worker-1"}
