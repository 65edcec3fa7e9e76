"""The engine on a real Celery worker and the real Redis: a reminder is delivered, and never twice — not when
the scan runs twice, not when two workers scan at once. And when the broker is away, people keep registering
and signing documents; the reminders arrive once it is back.

The Redis is REDIS_URL's, which may be shared: every key these tests make starts with a prefix of their own,
and only those keys are deleted afterwards. They skip on a machine without Redis, except under CI, where they
must run (tests/requires.py).
"""

from __future__ import annotations

import threading
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import TestWorkController, start_worker
from celery.signals import task_prerun
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from deadlines import tasks
from deadlines.models import Reminder, ScanRun
from documents.incoming.models import Category, IncomingDocument, Reader, State
from documents.incoming.services import ReaderSpec, incoming_distribute
from tests import requires
from tests.factories import key_of
from zaduo_office.celery import app as celery_app

from .conftest import use_broker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True), requires.redis]

HANDLING = "incoming.handling"
CLOSED_PORT = "redis://127.0.0.1:1/5"  # nothing listens on port 1: "connection refused", at once


@pytest.fixture
def celery_on_redis():
    """The project's Celery app on the real Redis, every key of it (queues, bindings, unacked messages, the
    workers' mailboxes) under a prefix of this test's own: kombu's ``global_keyprefix``. At the end exactly
    those keys are deleted — never FLUSHDB, which would empty a database other people use."""
    url = requires.redis_url()
    prefix = f"zaduo-test-{uuid.uuid4().hex}:"
    previous_url = celery_app.conf.broker_url
    previous_options = celery_app.conf.broker_transport_options
    celery_app.conf.broker_transport_options = {**(previous_options or {}), "global_keyprefix": prefix}
    celery_app.conf.task_always_eager = False  # the suite's conftest makes tasks eager; here a worker runs them
    use_broker(url)
    yield url
    celery_app.conf.broker_transport_options = previous_options
    use_broker(previous_url)
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    ours = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if ours:
        client.delete(*ours)


class OwnLoopWorker(TestWorkController):
    """kombu keeps one event loop per process (``kombu.asynchronous.hub._current_loop``): two embedded workers
    would share it and one of them would starve. Each test worker therefore polls the broker itself (the
    synchronous consumer loop), which makes two workers in one process behave like two processes."""

    def should_use_eventloop(self):
        return False


@contextmanager
def worker(name: str):
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=60,
        loglevel="WARNING",
        hostname=name,
        WorkController=OwnLoopWorker,
    ) as w:
        yield w
    connections.close_all()


def wait_for(condition, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or condition}")


def overdue_documents(office, n: int = 1) -> list[IncomingDocument]:
    """``n`` 办理件 distributed through the real services, then made due an hour ago [26(6)7]."""
    from documents.incoming.services import Registration, incoming_register
    from documents.types import DocumentType

    docs = []
    for i in range(n):
        doc = incoming_register(
            actor=office["shoufa"],
            data=Registration(
                source_unit=office.units["superior"],
                title=f"关于做好冬春季草原防火工作的通知（{i + 1}）",
                doc_type=DocumentType.NOTICE,
            ),
        )
        doc, _ = incoming_distribute(
            actor=office["fuzhuren_wenmi"],
            pk=doc.pk,
            category=Category.HANDLE,
            opinion="请县长阅示。",
            readers=[ReaderSpec(reader=office["xianzhang"], duty=Reader.Duty.ACT)],
            line=office.lines["agriculture"],
            lead_handler=office["guikou2"],
        )
        docs.append(doc)
    IncomingDocument.objects.filter(pk__in=[d.pk for d in docs]).update(due_at=timezone.now() - timedelta(hours=1))
    return docs


def overdue_notes(user) -> int:
    return Notification.objects.filter(recipient=user, kind=f"deadlines:{HANDLING}:overdue").count()


def settled(scans: int):
    """Every scan asked for has finished and nothing recorded is still waiting to be delivered — in the app,
    nor by e-mail (a task of its own, core.send_emails; e-mails of steps taken while the broker was away wait
    for beat's sweep and are not counted here)."""

    def check() -> bool:
        done = ScanRun.objects.filter(kind="scan", finished_at__isnull=False).count() >= scans
        return (
            done
            and not Reminder.objects.filter(status=Reminder.Status.PENDING).exists()
            and not Notification.objects.filter(
                kind__startswith="deadlines:", email_status=Notification.EmailStatus.PENDING
            ).exists()
        )

    return check


def test_a_real_worker_delivers_the_reminder_once_when_the_scan_runs_twice(celery_on_redis, office):
    """[26(6)7] Overdue 办理件: holder, clerk and the line's 分管副主任 get one notification and one e-mail each,
    though beat's scan ran twice."""
    docs = overdue_documents(office)
    mail.outbox.clear()
    with worker("deadlines-1@test"):
        tasks.scan.delay()
        tasks.scan.delay()
        wait_for(settled(2), what="two scans and their deliveries")
    assert ScanRun.objects.filter(kind="scan", ok=True).count() == 2
    assert {(key_of(r.recipient), r.status) for r in Reminder.objects.filter(rule=HANDLING, item_id=docs[0].pk)} == {
        ("xianzhang", "sent"),
        ("shoufa", "sent"),
        ("fuzhuren", "sent"),
    }
    for username in ("xianzhang", "shoufa", "fuzhuren"):
        assert overdue_notes(office[username]) == 1, username
    overdue_mail = [m for m in mail.outbox if "已逾期" in m.subject]
    assert sorted(m.to[0] for m in overdue_mail) == sorted(
        office[key].email for key in ("fuzhuren", "shoufa", "xianzhang")
    )


@requires.postgresql  # concurrent writers
def test_two_workers_scanning_at_once_send_each_reminder_once(celery_on_redis, office, settings):
    """Two workers run scans at the same moment (a barrier holds the first scan until the other worker has
    started one): each of the 3 × 8 reminders is recorded once and delivered once — the ledger's unique
    constraint decides which scan sends."""
    docs = overdue_documents(office, n=8)
    threads: list[int] = []
    together = threading.Barrier(2, timeout=30)

    def on_scan(sender=None, task=None, **_):
        if task is not None and task.name == "deadlines.scan":
            threads.append(threading.get_ident())  # solo pool: each worker runs its tasks on its own thread
            if len(threads) <= 2:
                together.wait()

    task_prerun.connect(on_scan, weak=False)
    try:
        with worker("deadlines-a@test"), worker("deadlines-b@test"):
            for _ in range(6):
                tasks.scan.delay()
            wait_for(settled(6), timeout=120, what="six scans and their deliveries")
    finally:
        task_prerun.disconnect(on_scan)
    assert not together.broken, "the two workers never scanned at the same time"
    assert len(threads) == 6 and len(set(threads)) == 2, threads
    assert Reminder.objects.filter(rule=HANDLING).count() == 3 * len(docs)
    assert Reminder.objects.filter(rule=HANDLING, status="sent").count() == 3 * len(docs)
    for username in ("xianzhang", "shoufa", "fuzhuren"):
        assert overdue_notes(office[username]) == len(docs), username


def test_with_the_broker_away_people_keep_working_and_reminders_arrive_when_it_is_back(celery_on_redis, office, client):
    """Redis down: the clerk registers through the web page, the leader signs, the clerk asks for a check —
    nothing fails. Once Redis is back, the next scan delivers the reminder, once."""
    use_broker(CLOSED_PORT)

    client.force_login(office["shoufa"])
    response = client.post(
        reverse("incoming:register"),
        {
            "source_unit": office.units["superior"].pk,
            "title": "关于做好雪灾防范工作的紧急通知",
            "doc_type": "notice",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "copies": 1,
            "pages": 1,
            "secret_level": 0,
        },
    )
    assert response.status_code == 302
    doc = IncomingDocument.objects.get()
    doc, _ = incoming_distribute(
        actor=office["fuzhuren_wenmi"],
        pk=doc.pk,
        category=Category.HANDLE,
        opinion="请县长、常务副县长阅示。",
        readers=[ReaderSpec(reader=office[u], duty=Reader.Duty.ACT) for u in ("xianzhang", "changwu")],
        line=office.lines["agriculture"],
        lead_handler=office["guikou2"],
    )
    client.force_login(office["xianzhang"])
    response = client.post(
        reverse("incoming:sign", args=[doc.pk]), {"version": doc.version, "phrase": "同意", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert Reader.objects.get(document=doc, reader=office["xianzhang"]).status == Reader.Status.SIGNED

    IncomingDocument.objects.filter(pk=doc.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    client.force_login(office["shoufa"])
    response = client.post(reverse("deadlines:scan_now"), follow=True)
    assert response.status_code == 200
    assert "消息队列暂时无法连接" in response.content.decode()
    assert not Reminder.objects.exists()  # nothing could run: no worker reachable

    use_broker(celery_on_redis)  # Redis is back; beat's next scan
    with worker("deadlines-back@test"):
        tasks.scan.delay()
        wait_for(settled(1), what="the scan after the outage")
        tasks.scan.delay()
        wait_for(settled(2), what="a second scan")
    doc.refresh_from_db()
    assert doc.state == State.CIRCULATING and doc.holder == office["changwu"]
    assert {key_of(r.recipient) for r in Reminder.objects.filter(rule=HANDLING, item_id=doc.pk)} == {
        "changwu",
        "shoufa",
        "fuzhuren",
    }
    for username in ("changwu", "shoufa", "fuzhuren"):
        assert overdue_notes(office[username]) == 1, username
