"""A frozen Redis (``kill -STOP``: it accepts connections and never answers) must not hold a request.

With Redis stopped the app already copes (connection refused, at once); a frozen one used to hold "立即检查"
until gunicorn killed the worker and the person got a 500, because only ``socket_connect_timeout`` was set.
Every Redis client now has a read/write timeout too (``REDIS_SOCKET_TIMEOUT``): the Celery broker, the
result backend, the health check and the beat lock. The frozen server here is ``tests.smtp.HangingServer``,
a socket in a thread that accepts and says nothing.
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.urls import reverse

from tests.deadlines.conftest import use_broker
from tests.smtp import HangingServer
from zaduo_office.celery import app as celery_app

FEW_SECONDS = 8  # two publish attempts of REDIS_SOCKET_TIMEOUT each, and some slack for a loaded machine


class Hung(Exception):
    pass


@contextmanager
def at_most(seconds: float):
    """Fail the test instead of hanging it when the block takes longer than ``seconds``."""

    def give_up(signum, frame):
        raise Hung(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def frozen_redis():
    """A Redis URL whose server accepts connections and never answers; the broker points at it."""
    server = HangingServer()
    previous = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    url = f"redis://127.0.0.1:{server.port}/0"
    use_broker(url)
    yield url
    use_broker(previous)
    server.close()


def test_every_redis_client_has_a_read_and_write_timeout():
    """The broker, the result backend and our own clients give up on a silent server [issue 12, item 1]."""
    timeout = settings.REDIS_SOCKET_TIMEOUT
    assert 0 < timeout <= 5
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["socket_timeout"] == timeout and options["socket_connect_timeout"] > 0
    assert timeout == settings.CELERY_REDIS_SOCKET_TIMEOUT and settings.CELERY_REDIS_SOCKET_CONNECT_TIMEOUT > 0
    assert celery_app.conf.broker_transport_options["socket_timeout"] == timeout
    assert celery_app.conf.redis_socket_timeout == timeout

    from ops.health import redis_client

    kwargs = redis_client("redis://127.0.0.1:6379/0").connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] and kwargs["socket_connect_timeout"]
    for name, cache in settings.CACHES.items():  # a Redis cache, should one be configured
        if "redis" in cache["BACKEND"].lower():
            assert cache.get("OPTIONS", {}).get("socket_timeout"), name


def test_check_now_answers_within_seconds_when_redis_is_frozen(frozen_redis, client_as):
    """ "立即检查" [26(4)] with Redis frozen: the page answers within a few seconds, without a 500, and says
    the queue could not be reached; the periodic scan catches up later."""
    client = client_as("shoufa")
    started = time.monotonic()
    with at_most(3 * FEW_SECONDS):
        response = client.post(reverse("deadlines:scan_now"), follow=True)
    took = time.monotonic() - started
    assert response.status_code == 200
    assert "消息队列暂时无法连接" in response.content.decode()
    assert took < FEW_SECONDS, f"took {took:.1f} s"


@pytest.mark.django_db
def test_the_health_check_and_the_beat_lock_give_up_on_a_frozen_redis(frozen_redis, settings):
    """/healthz answers 503 within seconds; the beat lock's client fails instead of waiting forever."""
    import redis

    from ops import health

    settings.REDIS_URL = frozen_redis
    started = time.monotonic()
    with at_most(3 * FEW_SECONDS):
        report = health.run_checks(["redis"])
        with pytest.raises(redis.RedisError):
            health.redis_client(frozen_redis).get("zaduo:test:frozen")  # the beat lock's client (ops/beat.py)
    assert time.monotonic() - started < FEW_SECONDS
    assert not report.ok


def test_registering_a_document_answers_within_seconds_when_redis_is_frozen(
    frozen_redis, client_as, office, django_capture_on_commit_callbacks
):
    """签收登记 [26(1)] with Redis frozen: the document is registered and the page answers within seconds; its
    e-mail, which could not be queued, stays pending for the sweep."""
    from core.models import Notification
    from documents.incoming.models import IncomingDocument
    from org.models import Unit, UnitKind

    client = client_as("shoufa")
    started = time.monotonic()
    with at_most(3 * FEW_SECONDS), django_capture_on_commit_callbacks(execute=True):  # the e-mail is queued
        response = client.post(
            reverse("incoming:register"),
            {
                "source_unit": Unit.objects.filter(kind=UnitKind.SUPERIOR).first().pk,
                "title": "关于做好雪灾防范工作的紧急通知",
                "doc_type": "notice",
                "received_at": "2026-11-30T09:00",
                "copies": 1,
                "pages": 1,
                "secret_level": 0,
            },
        )
    took = time.monotonic() - started
    assert response.status_code == 302 and IncomingDocument.objects.count() == 1
    assert Notification.objects.filter(email_status=Notification.EmailStatus.PENDING).exists()
    assert took < FEW_SECONDS, f"took {took:.1f} s"
