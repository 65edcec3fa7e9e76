"""Beat runs exactly once: a lock in Redis, taken at start, refreshed on every tick, released at the end.

docker-compose.yml runs a single beat service; this is the check behind that promise. A second beat (a
scaled service, a forgotten terminal, a second server on the same Redis) finds the lock held and refuses to
start, saying who holds it — otherwise every reminder scan, digest and backup would run twice.

The lock is one key, ``<OPS_KEY_PREFIX>beat-lock``, whose value names the holder (host, process, a random
token, since when). It expires ``BEAT_LOCK_TTL_SECONDS`` after the last refresh, so a beat that died without
releasing it (power cut, SIGKILL) blocks a successor for at most that long — and not at all when the successor
runs on the same host and the old process is gone (a restarted container has the same host name).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from celery.beat import PersistentScheduler
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

LOCK = "beat-lock"

# Compare-and-set in one round trip: only the holder named by ARGV[1] may extend, release or replace the lock.
_EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
_REPLACE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end"
    " return false"
)


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    token: str
    since: float

    @classmethod
    def me(cls) -> Holder:
        return cls(host=socket.gethostname(), pid=os.getpid(), token=uuid.uuid4().hex, since=time.time())

    @classmethod
    def parse(cls, raw: bytes | str | None) -> Holder | None:
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            host, pid, token, since = str(data["host"]), int(data["pid"]), str(data["token"]), float(data["since"])
            return cls(host=host, pid=pid, token=token, since=since)
        except (ValueError, KeyError, TypeError):
            return cls(host="?", pid=0, token=str(raw), since=0.0)

    def dumps(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def describe(self) -> str:
        since = timezone.localtime(datetime.fromtimestamp(self.since, tz=timezone.get_current_timezone()))
        return f"主机 {self.host}，进程 {self.pid}，自 {since:%Y-%m-%d %H:%M:%S} 起"


class BeatLock:
    """The single-beat lock on ``client`` (a redis.Redis). ``key`` defaults to ours under OPS_KEY_PREFIX."""

    def __init__(self, client, *, key: str | None = None, ttl: int | None = None, me: Holder | None = None):
        self.client = client
        self.key = key or f"{settings.OPS_KEY_PREFIX}{LOCK}"
        self.ttl = int(ttl or settings.BEAT_LOCK_TTL_SECONDS)
        self.me = me or Holder.me()
        self._value = self.me.dumps()

    def holder(self) -> Holder | None:
        return Holder.parse(self.client.get(self.key))

    def acquire(self) -> Holder | None:
        """Take the lock. None when taken; else the holder that keeps it."""
        if self.client.set(self.key, self._value, nx=True, ex=self.ttl):
            return None
        raw = self.client.get(self.key)
        other = Holder.parse(raw)
        if other is None:  # expired between the two calls
            return self.acquire()
        if other.token == self.me.token:
            return None
        if self._left_behind_here(other) and self.client.eval(_REPLACE, 1, self.key, raw, self._value, self.ttl):
            logger.warning("beat lock: took over from a beat that is gone (%s)", other.describe())
            return None
        return other

    def refresh(self) -> Holder | None:
        """Push the expiry forward. None while ours (taken again if it had expired); else who has it now."""
        if self.client.eval(_EXTEND, 1, self.key, self._value, self.ttl):
            return None
        return self.acquire()

    def release(self) -> None:
        self.client.eval(_RELEASE, 1, self.key, self._value)

    def _left_behind_here(self, other: Holder) -> bool:
        """A lock from this host whose process is gone — or is this very process id: a restarted container
        runs beat as the same pid in the same host name."""
        if other.host != self.me.host:
            return False
        if other.pid == self.me.pid:
            return True
        try:
            os.kill(other.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


class BeatRefused(SystemExit):
    """Leaves beat with exit status 1; the message has been logged (CRITICAL), not printed a second time."""

    def __init__(self, message: str):
        super().__init__(1)
        self.message = message

    def __str__(self) -> str:
        return self.message


def refusal(other: Holder, ttl: int) -> str:
    return (
        f"已有一个 Celery beat 在运行（{other.describe()}），本 beat 不启动。"
        "beat 只能运行一个，否则每次提醒扫描、每日汇总和夜间备份都会执行两次。"
        f"如果确定那个 beat 已经停止，它的锁会在最后一次刷新后 {ttl} 秒内自动失效，之后再启动。"
    )


class SingleBeatScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, plus the single-beat lock (``CELERY_BEAT_SCHEDULER``)."""

    #: the longest sleep between ticks, so the lock is refreshed well within its TTL
    refresh_every = 60

    lock: BeatLock | None = None

    def setup_schedule(self):
        self.lock = _take_lock_or_exit()
        super().setup_schedule()

    def tick(self, *args, **kwargs):
        if self.lock is not None:
            self._refresh()
        return min(super().tick(*args, **kwargs), self.refresh_every)

    def close(self):
        try:
            super().close()
        finally:
            if self.lock is not None:
                try:
                    self.lock.release()
                except Exception:
                    logger.warning("beat lock: could not release it; it expires by itself", exc_info=True)
                self.lock = None

    def _refresh(self) -> None:
        import redis

        try:
            other = self.lock.refresh()
        except redis.RedisError:
            # The broker is the same Redis: nothing is being sent meanwhile. Try again next tick.
            logger.warning("beat lock: Redis unreachable, not refreshed", exc_info=True)
            return
        if other is not None:
            message = refusal(other, self.lock.ttl).replace("本 beat 不启动", "本 beat 的锁已失效，现在停止")
            logger.critical(message)
            self.lock = None  # not ours: never release it
            raise BeatRefused(message)


def _take_lock_or_exit() -> BeatLock | None:
    """Take the lock, or leave the process with a Chinese message and exit status 1 (no traceback)."""
    if not settings.REDIS_URL:
        logger.warning("beat lock: REDIS_URL is not set, so a second beat could not be detected")
        return None
    import redis

    from .health import redis_client

    lock = BeatLock(redis_client())
    try:
        other = lock.acquire()
    except redis.RedisError as exc:
        message = "无法连接 Redis（REDIS_URL），不能确认只有一个 beat 在运行，本 beat 不启动。"
        logger.critical("%s (%s)", message, type(exc).__name__)
        raise BeatRefused(message) from exc
    if other is not None:
        message = refusal(other, lock.ttl)
        logger.critical(message)
        raise BeatRefused(message)
    logger.info("beat lock taken: %s (%s)", lock.key, lock.me.describe())
    return lock
