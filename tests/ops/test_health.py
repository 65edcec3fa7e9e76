"""``/healthz``: 200 with JSON when the database, Redis, the worker and beat are well; 503 saying what is wrong
— in Chinese for a person, in fields for a monitor — and never a secret. No sign-in, no HTTPS redirect, no
allowed-host check: a container's health check calls it as http://127.0.0.1:8000/healthz."""

from __future__ import annotations

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ops import health, tasks
from ops.beat import BeatLock
from tests import requires

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://:s3cret-redis-password@127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@pytest.fixture(autouse=True)
def embedded(settings):
    """The embedded default: no Redis, so no worker or beat to ask after (CI sets REDIS_URL; tests that want
    Redis say so: ``own_redis`` points at the real one, CLOSED_PORT at none)."""
    settings.REDIS_URL = ""


def get(client, url="/healthz", **extra):
    response = client.get(url, **extra)
    assert response["Content-Type"].startswith("application/json")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response, response.json()


def test_healthz_is_200_with_json_when_all_is_well(client):
    response, body = get(client)
    assert response.status_code == 200
    assert body["status"] == "ok" and body["message"] == "系统正常。"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is None  # no REDIS_URL: tasks run in-process, nothing to ask


@requires.redis
def test_healthz_is_200_when_redis_the_worker_and_beat_are_well(client, own_redis):
    BeatLock(own_redis).acquire()
    tasks.heartbeat.delay()
    response, body = get(client)
    assert response.status_code == 200, body
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "worker": True,
        "beat": True,
        "backup": None,
    }


def test_healthz_needs_no_sign_in_https_or_allowed_host_in_production(client, settings):
    settings.ALLOWED_HOSTS = ["office.zaduo.local"]
    settings.SECURE_SSL_REDIRECT = True
    response, body = get(client, HTTP_HOST="127.0.0.1:8000")  # as the container's health check asks
    assert response.status_code == 200 and body["status"] == "ok"
    client.raise_request_exception = False
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400  # every other page keeps both checks


def test_healthz_is_503_when_redis_is_down_and_says_so(client, settings):
    settings.REDIS_URL = CLOSED_PORT
    started = time.monotonic()
    response, body = get(client)
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert body["status"] == "unhealthy"
    assert body["checks"]["redis"]["ok"] is False and "Redis" in body["checks"]["redis"]["message"]
    assert body["checks"]["worker"]["ok"] is False and body["checks"]["beat"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert "Redis" in body["message"] and body["message"].startswith("系统不正常")
    assert "s3cret" not in response.content.decode()


class UnreachableDatabase:
    def cursor(self):
        raise RuntimeError("connection to server at 10.0.0.5 failed: password authentication failed for zaduo")


def test_healthz_is_503_when_the_database_does_not_answer_and_keeps_the_driver_text_to_the_log(client, monkeypatch):
    monkeypatch.setattr(health, "connections", {"default": UnreachableDatabase()})
    response, body = get(client)
    assert response.status_code == 503 and "数据库" in body["message"]
    assert body["checks"]["database"] == {
        "ok": False,
        "message": "无法连接数据库或数据库不响应。",
        "error": "RuntimeError",
    }
    assert "10.0.0.5" not in response.content.decode() and "password" not in response.content.decode()


@requires.redis
def test_healthz_is_503_when_the_worker_heartbeat_is_stale(client, settings, own_redis):
    settings.HEALTH_WORKER_STALE_MINUTES = 5
    BeatLock(own_redis).acquire()  # beat is running
    health.record_heartbeat(now=time.time() - 12 * 60)

    response, body = get(client)
    assert response.status_code == 503
    worker = body["checks"]["worker"]
    assert worker["ok"] is False and worker["age_seconds"] >= 12 * 60 and worker["stale_after_minutes"] == 5
    assert "12 分钟前" in worker["message"] and "超过 5 分钟" in worker["message"]
    assert body["checks"]["redis"]["ok"] is True and body["checks"]["beat"]["ok"] is True

    tasks.heartbeat.delay()  # what beat sends every minute; the worker runs it
    response, body = get(client)
    assert response.status_code == 200, body
    assert body["checks"]["worker"]["ok"] is True


@requires.redis
def test_healthz_is_503_when_beat_is_not_running(client, own_redis):
    health.record_heartbeat()
    response, body = get(client)
    assert response.status_code == 503
    assert body["checks"]["beat"]["ok"] is False and "beat 没有运行" in body["checks"]["beat"]["message"]


@requires.redis
def test_healthz_is_503_before_any_worker_has_beaten(client, own_redis):
    BeatLock(own_redis).acquire()
    response, body = get(client)
    assert response.status_code == 503 and "没有 worker 心跳记录" in body["checks"]["worker"]["message"]


def test_healthz_is_503_when_the_last_backup_is_too_old(client, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_MAX_AGE_HOURS = 36
    response, body = get(client)
    assert response.status_code == 503 and "还没有任何备份" in body["checks"]["backup"]["message"]

    old = timezone.localtime() - timedelta(hours=50)
    archive = tmp_path / f"zaduo-{old:%Y%m%d-%H%M%S}"
    archive.mkdir()
    (archive / "manifest.json").write_text("{}")
    response, body = get(client)
    assert response.status_code == 503 and "超过 36 小时" in body["checks"]["backup"]["message"]

    fresh = tmp_path / f"zaduo-{timezone.localtime():%Y%m%d-%H%M%S}"
    fresh.mkdir()
    (fresh / "manifest.json").write_text("{}")
    response, body = get(client)
    assert response.status_code == 200 and body["checks"]["backup"]["newest"] == fresh.name


def test_only_some_checks_and_an_unknown_one_is_a_400_in_chinese(client, settings):
    settings.REDIS_URL = CLOSED_PORT
    response, body = get(client, "/healthz?only=database")
    assert response.status_code == 200 and list(body["checks"]) == ["database"]
    response, body = get(client, "/healthz?only=database,disk")
    assert response.status_code == 400 and "没有检查项 disk" in body["message"]


def test_healthz_answers_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_health_command_prints_each_check_and_exits_non_zero_when_unhealthy(settings):
    out = StringIO()
    call_command("health", stdout=out)
    assert "[正常] 数据库" in out.getvalue()

    settings.REDIS_URL = CLOSED_PORT
    out = StringIO()
    with pytest.raises(CommandError, match="Redis"):
        call_command("health", "--only", "database,redis", stdout=out)
    assert "[异常] Redis" in out.getvalue()
