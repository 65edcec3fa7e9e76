"""The e-mail channel of notifications, off the request: queued on commit, sent by a task on one connection
per batch with a timeout, retried with backoff on transient errors only, each e-mail sent once.

The mail servers are the test's own (tests/smtp.py, fixtures through tests/conftest.py: 127.0.0.1, a random
port). Tests that must see what a request or a scan *queues* publish to this process's in-memory broker
instead of running tasks in-process.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import emails, tasks
from core.models import Notification
from core.notifications import notify
from tests.deadlines.conftest import use_broker
from zaduo_office.celery import app as celery_app

pytestmark = pytest.mark.django_db

Status = Notification.EmailStatus


def _memory_queue(action: str):
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        if action == "purge":
            return channel.queue_purge("celery")
        messages = []
        while (message := channel.basic_get("celery", no_ack=True)) is not None:
            messages.append((message.headers["task"], json.loads(message.body)[0]))
        return messages


@pytest.fixture
def published():
    """Tasks are published to the in-memory broker, not run; ``published()`` takes what was queued so far as
    ``[(task name, args)]``."""
    previous = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    use_broker("memory://")
    _memory_queue("purge")
    yield lambda: _memory_queue("take")
    _memory_queue("purge")
    use_broker(previous)


def pending_note(user, *, title="请阅批：关于做好冬春季草原防火工作的通知", **fields) -> Notification:
    fields = {"email_status": Status.PENDING, **fields}
    return Notification.objects.create(recipient=user, title=title, body="正文", url="/incoming/1/", **fields)


def register_through_the_page(client) -> object:
    return client.post(
        reverse("incoming:register"),
        {
            "source_unit": _superior().pk,
            "title": "关于做好雪灾防范工作的紧急通知",
            "doc_type": "notice",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "copies": 1,
            "pages": 1,
            "secret_level": 0,
        },
    )


def _superior():
    from org.models import Unit, UnitKind

    return Unit.objects.filter(kind=UnitKind.SUPERIOR).first()


# --- off the request -----------------------------------------------------------------------------------------


def test_a_step_returns_at_once_though_the_mail_server_hangs(
    client_as, office, hanging_smtp, smtp_on, published, django_capture_on_commit_callbacks
):
    """签收登记 [26(1)] notifies the 分管文秘副主任. The mail server accepts and never answers; with a 30 s
    timeout the request still returns at once, because it only queues the e-mail."""
    smtp_on(hanging_smtp.port, timeout=30)
    client = client_as("shoufa")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = register_through_the_page(client)
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 5, f"the request took {elapsed:.1f} s: it waited for the mail server"
    assert hanging_smtp.accepted == []  # the request never even connected
    note = Notification.objects.get(recipient=office["fuzhuren_wenmi"])
    assert (note.email_status, note.emailed_at) == (Status.PENDING, None)
    assert published() == [("core.send_emails", [[note.pk]])]


def test_against_a_hanging_server_the_task_times_out_records_the_error_and_retries(
    office, hanging_smtp, smtp_on, monkeypatch
):
    """The worker's side of the same hang: EMAIL_TIMEOUT bounds the wait, the error is recorded on the
    notification, and the task asks Celery to try again in a minute."""
    smtp_on(hanging_smtp.port, timeout=0.5)
    note = pending_note(office["fuzhuren_wenmi"])
    celery_app.conf.task_always_eager = False  # as on a worker: a retry is Celery's to schedule
    retry = mock.Mock(side_effect=Retry("later"))
    monkeypatch.setattr(tasks.send_emails, "retry", retry)
    started = time.monotonic()
    with pytest.raises(Retry):
        tasks.send_emails.run([note.pk])
    assert time.monotonic() - started < 5
    assert len(hanging_smtp.accepted) == 1
    note.refresh_from_db()
    assert note.email_status == Status.PENDING and note.emailed_at is None
    assert note.email_attempts == 1
    assert "timed out" in note.email_error.lower() or "timeout" in note.email_error.lower(), note.email_error
    assert retry.call_args.kwargs["args"] == [[note.pk]]
    assert retry.call_args.kwargs["countdown"] == emails.RETRY_BASE_SECONDS
    assert timezone.now() + timedelta(seconds=50) < note.email_next_try_at


def test_a_transient_refusal_then_success_sends_exactly_once(office, smtp_sink, smtp_on):
    """451 (try later) is retried; the retry sends it; a third run — the task delivered twice — sends nothing."""
    smtp_on(smtp_sink.port)
    smtp_sink.data_replies = ["451 4.3.0 mailbox busy, try later"]
    note = pending_note(office["xianzhang"])
    first = emails.emails_send(notification_ids=[note.pk])
    assert (first.sent, first.retry, first.retry_in) == ([], [note.pk], 60)
    note.refresh_from_db()
    assert note.email_status == Status.PENDING and "451" in note.email_error

    assert emails.emails_send(notification_ids=[note.pk]).summary() == {"sent": 0, "failed": 0, "retry": 0}
    later = timezone.now() + timedelta(seconds=61)
    assert emails.emails_send(notification_ids=[note.pk], now=later).sent == [note.pk]
    assert emails.emails_send(notification_ids=[note.pk], now=later + timedelta(hours=1)).sent == []

    assert [m.recipients for m in smtp_sink.messages] == [[office["xianzhang"].email]]
    assert smtp_sink.messages[0].subject.endswith("请阅批：关于做好冬春季草原防火工作的通知")
    note.refresh_from_db()
    assert (note.email_status, note.email_attempts, note.email_error) == (Status.SENT, 2, "")
    assert note.emailed_at is not None and note.email_next_try_at is None


def test_a_permanent_refusal_is_recorded_and_not_retried(office, smtp_sink, smtp_on):
    smtp_on(smtp_sink.port)
    smtp_sink.rcpt_replies = ["550 5.1.1 no such mailbox"]
    note = pending_note(office["xianzhang"])
    outcome = emails.emails_send(notification_ids=[note.pk])
    assert (outcome.failed, outcome.retry) == ([note.pk], [])
    note.refresh_from_db()
    assert note.email_status == Status.FAILED and "550" in note.email_error
    assert emails.emails_resend(now=timezone.now() + timedelta(days=1)) == 0  # the sweep leaves it alone


def test_after_the_last_attempt_a_transient_error_fails_for_good(office, hanging_smtp, smtp_on):
    smtp_on(hanging_smtp.port, timeout=0.2)
    note = pending_note(office["xianzhang"], email_attempts=emails.MAX_ATTEMPTS - 1)
    assert emails.emails_send(notification_ids=[note.pk]).failed == [note.pk]
    note.refresh_from_db()
    assert note.email_status == Status.FAILED and note.email_attempts == emails.MAX_ATTEMPTS


def test_the_wait_doubles_up_to_an_hour():
    assert [emails.backoff(n) for n in (1, 2, 3, 7, 8, 20)] == [60, 120, 240, 3600, 3600, 3600]


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError("timed out"), True),
        (emails.smtplib.SMTPServerDisconnected("gone"), True),
        (emails.smtplib.SMTPDataError(451, b"later"), True),
        (emails.smtplib.SMTPRecipientsRefused({"a@x": (450, b"greylisted")}), True),
        (emails.smtplib.SMTPRecipientsRefused({"a@x": (550, b"unknown")}), False),
        (emails.smtplib.SMTPAuthenticationError(535, b"bad credentials"), False),
        (emails.smtplib.SMTPNotSupportedError("no STARTTLS"), False),
        (ValueError("bad header"), False),
    ],
)
def test_only_transient_errors_are_retried(error, transient):
    assert emails.is_transient(error) is transient


# --- batches, idempotence ------------------------------------------------------------------------------------


def test_one_connection_carries_the_whole_batch(office, smtp_sink, smtp_on, django_capture_on_commit_callbacks):
    """Three people told of one step: one task, one SMTP connection, three messages."""
    smtp_on(smtp_sink.port)
    people = [office[key] for key in ("xianzhang", "changwu", "zhuren")]
    with django_capture_on_commit_callbacks(execute=True):
        notify(people, title="会议通知", body="明天上午九点开会。")
    assert smtp_sink.connections == 1
    assert sorted(r for m in smtp_sink.messages for r in m.recipients) == sorted(p.email for p in people)
    assert Notification.objects.filter(email_status=Status.SENT).count() == 3


def test_what_one_transaction_notifies_goes_out_as_one_task(office, published, django_capture_on_commit_callbacks):
    """A reminder delivery calls ``notify`` once per document; its e-mails still leave in one batch."""
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("xianzhang", "changwu", "zhuren"):
            notify([office[key]], title=f"提醒 {key}")
    ids = sorted(Notification.objects.values_list("pk", flat=True))
    assert published() == [("core.send_emails", [ids])]


def test_a_batch_larger_than_batch_size_is_split(office, published, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(emails, "BATCH", 2)
    with django_capture_on_commit_callbacks(execute=True):
        notify([office[k] for k in ("xianzhang", "changwu", "zhuren", "kezhang", "shoufa")], title="通知")
    assert [len(args[0]) for _, args in published()] == [2, 2, 1]


def test_the_same_task_run_twice_sends_once(office):
    note = pending_note(office["xianzhang"])
    tasks.send_emails.apply(args=[[note.pk]])
    tasks.send_emails.apply(args=[[note.pk]])
    assert len(mail.outbox) == 1


def test_rows_another_sender_has_claimed_are_left_to_it(office):
    note = pending_note(office["xianzhang"], email_next_try_at=timezone.now() + timedelta(minutes=5))
    assert emails.emails_send(notification_ids=[note.pk]).summary() == {"sent": 0, "failed": 0, "retry": 0}
    assert mail.outbox == []


def test_a_recipient_without_an_address_any_more_fails_without_a_connection(office, hanging_smtp, smtp_on):
    smtp_on(hanging_smtp.port, timeout=0.2)
    note = pending_note(office["xianzhang"])
    office["xianzhang"].email = ""
    office["xianzhang"].save()
    assert emails.emails_send(notification_ids=[note.pk]).failed == [note.pk]
    assert hanging_smtp.accepted == []


# --- the sweep -----------------------------------------------------------------------------------------------


def test_the_sweep_sends_what_a_dead_worker_left_and_leaves_fresh_ones_to_their_task(office):
    now = timezone.now()
    abandoned = pending_note(office["xianzhang"], email_next_try_at=now - timedelta(seconds=1))  # claim ran out
    fresh = pending_note(office["changwu"])  # its task is on the way
    never_queued = pending_note(office["zhuren"])
    Notification.objects.filter(pk=never_queued.pk).update(created_at=now - timedelta(minutes=10))
    done = pending_note(office["kezhang"], email_status=Status.SENT)

    assert emails.emails_resend(now=now) == 2  # eager here: sent at once
    assert sorted(m.to[0] for m in mail.outbox) == sorted([office["xianzhang"].email, office["zhuren"].email])
    assert Notification.objects.get(pk=fresh.pk).email_status == Status.PENDING
    assert {n.pk for n in Notification.objects.filter(email_status=Status.SENT)} == {
        abandoned.pk,
        never_queued.pk,
        done.pk,
    }


def test_beat_runs_the_sweep():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["emails-resend"]
    assert entry["task"] == "core.resend_emails" == tasks.resend_emails.name
    assert entry["schedule"] == timedelta(minutes=settings.EMAIL_RESEND_EVERY_MINUTES)


# --- the reminder scan only queues ------------------------------------------------------------------------------


def test_the_reminder_scan_queues_e_mail_and_talks_to_no_mail_server(
    office, hanging_smtp, smtp_on, published, django_capture_on_commit_callbacks
):
    """[26(6)7] An overdue 办理件: the scan (delivering in-process, as ``manage.py scan_deadlines`` does)
    writes the reminders and the in-app notifications and queues their e-mails — it opens no SMTP connection."""
    from deadlines.services import deadlines_scan
    from tests.deadlines.test_worker import overdue_documents

    celery_app.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        overdue_documents(office)  # built through the services; their own e-mails go out (locmem)
    celery_app.conf.task_always_eager = False
    smtp_on(hanging_smtp.port, timeout=30)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        run = deadlines_scan(via="test", deliver="inline")
    assert time.monotonic() - started < 5
    assert run.ok and run.recorded == 3
    reminders = Notification.objects.filter(kind__startswith="deadlines:")
    assert reminders.count() == 3 and all(n.email_status == Status.PENDING for n in reminders)
    assert published() == [("core.send_emails", [sorted(n.pk for n in reminders)])]
    assert hanging_smtp.accepted == []
