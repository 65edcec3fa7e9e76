"""Is the system working? The checks behind ``/healthz`` and ``manage.py health``.

- database: ``SELECT 1``.
- redis, worker, beat — only when ``REDIS_URL`` is set (without it tasks run in-process and there is no
  worker or beat to ask after): Redis answers PING within a second; the worker's heartbeat (a task beat sends
  every minute, ``ops.heartbeat``) is younger than ``HEALTH_WORKER_STALE_MINUTES``; beat holds its lock
  (``ops.beat``), which it refreshes every minute.
- backup — only when ``BACKUP_MAX_AGE_HOURS`` is set (production: 36): the newest archive is younger.

Each answer is a Chinese sentence for a person and a few machine-readable fields, never a secret: no URL, no
password, no exception text from a driver (the log has that).
"""

from __future__ import annotations

import json
import logging
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)

CHECKS = ("database", "redis", "worker", "beat", "backup")
LABELS = {"database": "数据库", "redis": "Redis", "worker": "Celery worker", "beat": "Celery beat", "backup": "备份"}
HEARTBEAT = "worker-heartbeat"


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not checked here (no REDIS_URL, backup age not watched)
    message: str
    detail: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"ok": self.ok, "message": self.message, **self.detail}


@dataclass
class Report:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.ok is not False for c in self.checks)

    @property
    def message(self) -> str:
        failed = [c for c in self.checks if c.ok is False]
        if not failed:
            return "系统正常。"
        return "系统不正常：" + "；".join(f"{LABELS[c.name]}：{c.message.rstrip('。')}" for c in failed) + "。"

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ok else "unhealthy",
            "message": self.message,
            "checked_at": timezone.localtime().isoformat(timespec="seconds"),
            "checks": {c.name: c.as_json() for c in self.checks},
        }


def key(name: str) -> str:
    """A Redis key of ours; every one starts with ``OPS_KEY_PREFIX`` (tests use a prefix of their own)."""
    return f"{settings.OPS_KEY_PREFIX}{name}"


def redis_client(url: str | None = None):
    """A client that gives up within a second: a health check must answer while Redis does not."""
    import redis

    return redis.Redis.from_url(url or settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def run_checks(only: list[str] | None = None) -> Report:
    wanted = [name for name in CHECKS if not only or name in only]
    uses_redis = bool(settings.REDIS_URL) and bool({"redis", "worker", "beat"} & set(wanted))
    client = redis_client() if uses_redis else None
    redis_check = check_redis(client) if client is not None else None
    checks: list[Check] = []
    for name in wanted:
        if name == "database":
            checks.append(check_database())
        elif name == "backup":
            checks.append(check_backup())
        elif redis_check is None:
            checks.append(Check(name, None, "未设置 REDIS_URL：任务在网页进程里就地执行，不检查。"))
        elif name == "redis":
            checks.append(redis_check)
        elif not redis_check.ok:
            checks.append(Check(name, False, "无法检查：Redis 不可用。"))
        else:
            checks.append(_read_from_redis(name, client))
    return Report(checks)


def _read_from_redis(name: str, client) -> Check:
    import redis

    try:
        return check_worker(client) if name == "worker" else check_beat(client)
    except redis.RedisError as exc:  # Redis went away after answering the PING
        return Check(name, False, "无法检查：Redis 不可用。", {"error": type(exc).__name__})


def check_database(using: str = "default") -> Check:
    started = time.monotonic()
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.exception("health: database check failed")
        return Check("database", False, "无法连接数据库或数据库不响应。", {"error": type(exc).__name__})
    return Check("database", True, "正常。", {"ms": _ms(started)})


def check_redis(client) -> Check:
    import redis

    started = time.monotonic()
    try:
        client.ping()
    except redis.RedisError as exc:
        logger.warning("health: Redis check failed: %s", exc)
        message = "连不上 Redis 或 1 秒内没有回应：提醒和后台任务都停了。"
        return Check("redis", False, message, {"error": type(exc).__name__})
    return Check("redis", True, "正常。", {"ms": _ms(started)})


def record_heartbeat(*, now: float | None = None, worker: str | None = None) -> None:
    """Written by the ``ops.heartbeat`` task on the worker. Kept a week, so a stale one still says when."""
    if not settings.REDIS_URL:
        return
    value = {"at": time.time() if now is None else now, "worker": worker or socket.gethostname()}
    redis_client().set(key(HEARTBEAT), json.dumps(value), ex=7 * 24 * 60 * 60)


def check_worker(client) -> Check:
    raw = client.get(key(HEARTBEAT))
    limit = settings.HEALTH_WORKER_STALE_MINUTES
    if raw is None:
        message = "没有 worker 心跳记录：worker 或 beat 没有运行过。"
        return Check("worker", False, message, {"stale_after_minutes": limit})
    beat = json.loads(raw)
    age = max(0.0, time.time() - float(beat["at"]))
    detail = {"last_seen": _local(beat["at"]), "age_seconds": int(age), "stale_after_minutes": limit}
    if age > limit * 60:
        message = f"最后一次心跳在 {_ago(age)}前（超过 {limit} 分钟）：worker 停了、积压了任务，或 beat 没有运行。"
        return Check("worker", False, message, detail)
    return Check("worker", True, f"正常，{_ago(age)}前有心跳。", detail)


def check_beat(client) -> Check:
    from .beat import BeatLock

    holder = BeatLock(client).holder()
    if holder is None:
        return Check("beat", False, "beat 没有运行（没有持有唯一运行锁）：定时提醒和夜间备份都不会执行。")
    return Check("beat", True, "正常。", {"host": holder.host, "since": _local(holder.since)})


def check_backup() -> Check:
    from .backup import list_archives

    limit = settings.BACKUP_MAX_AGE_HOURS
    if not limit:
        return Check("backup", None, "未设置 BACKUP_MAX_AGE_HOURS，不检查备份时间。")
    try:
        newest = next(iter(list_archives()), None)
    except OSError as exc:
        return Check("backup", False, "无法读取备份目录。", {"error": type(exc).__name__})
    if newest is None:
        message = "还没有任何备份：请运行 manage.py backup 并确认 beat 在运行。"
        return Check("backup", False, message, {"max_age_hours": limit})
    age = (timezone.now() - newest.taken_at).total_seconds()
    detail = {"newest": newest.name, "age_hours": round(age / 3600, 1), "max_age_hours": limit}
    if age > limit * 3600:
        return Check("backup", False, f"最近一次备份在 {_ago(age)}前（超过 {limit} 小时）。", detail)
    return Check("backup", True, f"正常，最近一次备份在 {_ago(age)}前。", detail)


def parse_only(value: str | None) -> list[str] | None:
    """``?only=database,redis`` → the names; ValueError with a Chinese message for an unknown one."""
    if not value:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ValueError(f"没有检查项 {'、'.join(unknown)}；可选：{', '.join(CHECKS)}。")
    return names


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _local(epoch: float) -> str:
    return timezone.localtime(datetime.fromtimestamp(float(epoch), tz=timezone.get_current_timezone())).isoformat(
        timespec="seconds"
    )


def _ago(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 90:
        return f"{seconds} 秒"
    if seconds < 90 * 60:
        return f"{seconds // 60} 分钟"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} 小时"
    return f"{seconds // 86400} 天"
