"""Fixtures for the deadline engine: a frozen clock, incoming documents at given moments, reminders read back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from kombu import pools as kombu_pools

from core.models import Notification
from deadlines.models import Reminder
from documents.incoming.models import Category
from documents.types import SecretLevel
from tests.factories import key_of
from tests.incoming import factories as incoming
from zaduo_office.celery import app as celery_app

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args) -> datetime:
    """A moment on the office's clock: local(2026, 10, 8, 10, 0)."""
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    """``clock(local(...))`` moves the frozen clock; every later call moves it again."""
    travellers = []

    def move(moment: datetime):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield move
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def chinesecalendar_stops_at_2026(monkeypatch):
    """The calendar as it is on 30 November 2026: ``chinesecalendar`` 1.11.0 knows 2004–2026, so 2027 comes
    from the ``holidays`` package — whatever version of chinesecalendar is installed when the test runs."""
    from deadlines import calendar

    monkeypatch.setattr(calendar, "covered_years", lambda: range(2004, 2027))


@pytest.fixture
def docs(office, django_capture_on_commit_callbacks):
    """Builds incoming documents through the real services (tests/incoming/factories.py), at the clock's
    current moment: from a superior organ, distributed by the 分管文秘副主任 to readers who must act."""

    class Docs:
        def register(self, *, title="关于做好冬春季草原防火工作的通知", secret=SecretLevel.NONE):
            return incoming.register(office, title=title, secret_level=secret)

        def distribute(self, doc, *, category=Category.HANDLE, readers=("xianzhang",), line="agriculture"):
            doc, _ = incoming.distribute(
                office,
                doc,
                category=category,
                opinion="请县长阅示，归口办理。",
                readers=[incoming.act(office, key) for key in readers],
                line=office.lines[line] if line else None,
                lead_handler=office["guikou2"] if category == Category.HANDLE else None,
            )
            return doc

        def distributed(self, **kwargs):
            register_kwargs = {k: kwargs.pop(k) for k in ("title", "secret") if k in kwargs}
            return self.distribute(self.register(**register_kwargs), **kwargs)

    return Docs()


def told(*, stage=None, rule=None) -> dict[str, list[str]]:
    """Who was sent which reminders: {office key: [rule:stage, …]} from the ledger's *sent* rows."""
    qs = (
        Reminder.objects.filter(status=Reminder.Status.SENT)
        .select_related("recipient")
        .order_by("recipient__username", "id")
    )
    if stage:
        qs = qs.filter(stage=stage)
    if rule:
        qs = qs.filter(rule=rule)
    out: dict[str, list[str]] = {}
    for r in qs:
        out.setdefault(key_of(r.recipient), []).append(f"{r.rule}:{r.stage}")
    return out


def notes_for(user, kind_prefix="deadlines:") -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind__startswith=kind_prefix).order_by("id"))


def outbox_subjects() -> list[str]:
    return [m.subject for m in mail.outbox]


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the scan as ``manage.py scan_deadlines`` does (delivering in-process) and let its commit hooks
    run, as they would outside the test's transaction."""
    from deadlines.services import deadlines_scan

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines_scan(now=now, via="test", deliver="inline")

    return run


@pytest.fixture
def digest(django_capture_on_commit_callbacks):
    from deadlines.services import deadlines_digest

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines_digest(now=now, via="test", deliver="inline")

    return run


def use_broker(url: str) -> None:
    """Point the project's Celery app at another broker, dropping pooled connections to the old one."""
    kombu_pools.reset()  # closes every pooled connection and forgets the pools, so none is reused
    celery_app.conf.broker_url = url
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_away():
    """Redis is down: publishing a task is refused at once (nothing listens on port 1)."""
    previous = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    use_broker("redis://127.0.0.1:1/5")
    yield
    use_broker(previous)
