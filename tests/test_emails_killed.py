"""E-mail survives a worker killed mid-batch: every e-mail is sent, once (core/emails.py).

The outbox is the notification row (``email_status``). A real worker — a separate process, on the real
Redis under a key prefix of the test's own, on this test's PostgreSQL database — sends a batch to the test's
SMTP sink and is killed (SIGKILL) in the middle of it, while the server holds one message unanswered. What
it sent before is recorded as sent; the rest of its batch stays claimed until the claim runs out; the other
batches wait in the queue. Another worker takes the queue, beat's sweep (``core.resend_emails``) gives it
the dead worker's rows, and each e-mail arrives exactly once (counted by its Message-ID). Before, the batch
was recorded only at its end: everything the killed worker had sent went out a second time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction

from core import emails
from core.models import Notification
from core.notifications import notify
from tests import requires
from tests.deadlines.test_worker import celery_on_redis, wait_for, worker  # noqa: F401 - the worker's fixture
from zaduo_office.celery import app as celery_app

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    requires.postgresql,
    requires.redis,
]

Status = Notification.EmailStatus
ROOT = Path(__file__).resolve().parent.parent
CLAIM_SECONDS = 4  # the killed worker's claim: short, so the sweep may take its rows back soon
HOLD_AT = 40  # the sink holds the 40th message of the first batch unanswered; the worker is killed then

# The worker process: the project's settings, with the test's key prefix and a short claim.
BOOT = """
import os
from datetime import timedelta

import django

django.setup()
from core import emails
from zaduo_office.celery import app

emails.CLAIM = timedelta(seconds=float(os.environ["ZADUO_TEST_CLAIM"]))
app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "global_keyprefix": os.environ["ZADUO_TEST_PREFIX"],
}
app.worker_main(
    ["worker", "--pool=solo", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
     "--without-heartbeat", "-n", "mail-killed@test"]
)
"""


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker_process(redis_url: str, smtp_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zaduo_office.settings",
        "DATABASE_URL": _database_url(),  # the test's own database
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "5",
        "EMAIL_USE_TLS": "false",
        "ZADUO_TEST_PREFIX": celery_app.conf.broker_transport_options["global_keyprefix"],
        "ZADUO_TEST_CLAIM": str(CLAIM_SECONDS),
    }
    return subprocess.Popen([sys.executable, "-c", BOOT], cwd=ROOT, env=env, start_new_session=True)


def _hold_one(sink) -> tuple[threading.Event, threading.Event]:
    """The sink answers DATA slowly and holds the ``HOLD_AT``-th message unanswered until released; that
    message is then refused (421), as a connection cut before the "250 OK" would leave it."""
    holding, release = threading.Event(), threading.Event()
    answer = sink._next

    def slow_next(planned):
        if planned is sink.data_replies:
            time.sleep(0.01)
            if len(sink.messages) == HOLD_AT - 1 and not holding.is_set():
                holding.set()
                release.wait(60)
                return "421 4.4.2 connection cut"
        return answer(planned)

    sink._next = slow_next
    return holding, release


def test_a_worker_killed_mid_batch_loses_no_e_mail_and_sends_none_twice(
    celery_on_redis,  # noqa: F811 - the fixture imported above
    office,
    smtp_sink,
    smtp_on,
    monkeypatch,
):
    """300 e-mails in three batches; the worker is killed in the middle of the first. In the end all 300
    are recorded sent, and the sink received each of them once."""
    people = [u for u in office.values() if u.email and u.is_active]
    rounds = -(-300 // len(people))
    with transaction.atomic():
        for i in range(rounds):
            notify(people, title=f"会议通知（第{i + 1}号）", body="请按时参加。", url="/")
    ids = list(Notification.objects.filter(email_status=Status.PENDING).values_list("pk", flat=True))
    total = len(ids)
    assert total >= 300 and total == len(people) * rounds

    holding, release = _hold_one(smtp_sink)
    process = _worker_process(celery_on_redis, smtp_sink.port)
    try:
        assert holding.wait(120), "the worker never reached the middle of its batch"
        os.killpg(process.pid, signal.SIGKILL)  # the worker and any child, at once: no clean shutdown
        process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        release.set()
    sent_before = Notification.objects.filter(email_status=Status.SENT).count()
    assert sent_before == HOLD_AT - 1, "what the killed worker sent is recorded as sent"

    # Another worker: the queue's other batches; beat's sweep hands it the dead worker's rows.
    smtp_on(smtp_sink.port)
    monkeypatch.setattr(emails, "CLAIM", timedelta(seconds=CLAIM_SECONDS))
    with worker("mail-after@test"):
        time.sleep(CLAIM_SECONDS + 1)  # the dead worker's claim runs out
        deadline = time.monotonic() + 120
        while Notification.objects.filter(email_status=Status.PENDING).exists() and time.monotonic() < deadline:
            emails.emails_resend()  # beat's core.resend_emails, every few minutes in production
            time.sleep(2)
        wait_for(
            lambda: not Notification.objects.filter(email_status=Status.PENDING).exists(),
            timeout=10,
            what="every e-mail sent",
        )

    assert Notification.objects.filter(pk__in=ids, email_status=Status.SENT).count() == total
    received = Counter(str(m.message["Message-ID"]) for m in smtp_sink.messages)
    twice = {mid: n for mid, n in received.items() if n > 1}
    assert not twice, f"{len(twice)} e-mails sent more than once"
    assert len(received) == total
