"""Beat runs exactly once: the first beat takes a lock in Redis; a second one refuses to start and says who
holds it; the lock is refreshed while beat runs, released when it stops, and a beat that died on this host
does not block its successor."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.beat import PersistentScheduler
from django.conf import settings

from ops.beat import BeatLock, Holder, SingleBeatScheduler
from tests import requires
from zaduo_office.celery import app as celery_app

pytestmark = requires.redis

ROOT = Path(__file__).resolve().parents[2]
NO_SUCH_PID = 2**22 + 1  # above Linux's largest pid_max: no process has it


def holder(host: str, pid: int | None = None) -> Holder:
    me = Holder.me()
    return Holder(host=host, pid=os.getpid() if pid is None else pid, token=me.token, since=me.since)


def test_a_second_beat_is_refused_while_the_first_holds_the_lock(own_redis):
    first = BeatLock(own_redis, me=holder("server-a"))
    second = BeatLock(own_redis, me=holder("server-b"))
    assert first.acquire() is None
    other = second.acquire()
    assert other is not None and other.host == "server-a"
    assert "server-a" in other.describe()


def test_the_holder_refreshes_and_releases_and_nobody_else_can(own_redis):
    first = BeatLock(own_redis, ttl=30, me=holder("server-a"))
    second = BeatLock(own_redis, ttl=30, me=holder("server-b"))
    first.acquire()
    own_redis.expire(first.key, 5)
    assert first.refresh() is None
    assert own_redis.ttl(first.key) > 5
    second.release()  # not the holder: nothing happens
    assert first.holder().host == "server-a"
    assert second.refresh().host == "server-a"  # a refresh does not steal it either
    first.release()
    assert first.holder() is None
    assert second.acquire() is None


def test_a_lock_left_by_a_beat_that_died_expires(own_redis):
    gone = BeatLock(own_redis, ttl=1, me=holder("server-a"))
    gone.acquire()
    successor = BeatLock(own_redis, ttl=1, me=holder("server-b"))
    assert successor.acquire() is not None
    time.sleep(1.2)
    assert successor.acquire() is None


def test_a_restarted_beat_on_the_same_host_takes_over_at_once(own_redis):
    """The old process is gone (its pid is free), or the container restarted and beat is the same pid again."""
    here = Holder.me().host
    BeatLock(own_redis, me=holder(here, pid=NO_SUCH_PID)).acquire()
    assert BeatLock(own_redis, me=holder(here)).acquire() is None
    BeatLock(own_redis).release()
    own_redis.delete(BeatLock(own_redis).key)

    restarted = holder(here)  # same host, same pid, a different token: its earlier life
    BeatLock(own_redis, me=restarted).acquire()
    assert BeatLock(own_redis, me=holder(here)).acquire() is None


def test_a_live_beat_on_the_same_host_is_not_taken_over(own_redis):
    BeatLock(own_redis, me=holder(Holder.me().host, pid=1)).acquire()  # pid 1 is always alive
    assert BeatLock(own_redis, me=holder(Holder.me().host)).acquire() is not None


def test_the_scheduler_refuses_to_start_when_another_beat_runs(own_redis, tmp_path):
    BeatLock(own_redis, me=holder("other-server")).acquire()
    with pytest.raises(SystemExit) as refused:
        SingleBeatScheduler(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    message = str(refused.value)
    assert "已有一个 Celery beat 在运行" in message and "other-server" in message and "不启动" in message


def test_the_scheduler_holds_the_lock_while_it_runs_and_releases_it_when_it_stops(own_redis, tmp_path, monkeypatch):
    scheduler = SingleBeatScheduler(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    lock = BeatLock(own_redis)
    assert lock.holder().token == scheduler.lock.me.token
    own_redis.expire(lock.key, 5)
    # Celery's own tick would send the due tasks; here it only says "nothing due for five minutes".
    monkeypatch.setattr(PersistentScheduler, "tick", lambda self, *args, **kwargs: 300)
    assert scheduler.tick() == SingleBeatScheduler.refresh_every  # wakes up in time to refresh the lock
    assert own_redis.ttl(lock.key) > 5
    scheduler.close()
    assert lock.holder() is None


def test_celery_beat_refuses_to_start_with_a_clear_message_and_exit_status(own_redis, tmp_path):
    BeatLock(own_redis, me=holder("other-server")).acquire()
    env = {**os.environ, "REDIS_URL": settings.REDIS_URL, "OPS_KEY_PREFIX": settings.OPS_KEY_PREFIX}
    env.pop("DJANGO_PRODUCTION", None)
    # -b memory://: were the refusal broken, this beat would publish nowhere that matters.
    command = [sys.executable, "-m", "celery", "-A", "zaduo_office", "-b", "memory://", "beat"]
    result = subprocess.run(
        [*command, "--schedule", str(tmp_path / "schedule"), "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "已有一个 Celery beat 在运行" in output and "other-server" in output
    assert "Traceback" not in output
