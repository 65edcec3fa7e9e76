"""我的待办: the registry through which every app puts what waits for a person on their landing page.

An app contributes by registering a *provider* in its ``AppConfig.ready()``::

    from core import workqueue

    class IncomingProvider(workqueue.Provider):
        key = "documents.incoming"
        label = "收文"

        def items(self, user, limit):
            ...  # at most ``limit`` WorkItems for ``user``, nearest deadline first
        def count(self, user):
            ...  # how many there are in all, one cheap query

    workqueue.register(IncomingProvider())

Rules a provider keeps: it asks the app's own visibility selector (so nothing classified leaks through
the queue), it costs a fixed number of queries whatever the data size, and ``items`` is already sorted by
``WorkItem.sort_key``. The page merges the providers' lists; the badge adds up their counts.

A provider whose waiting items are a few querysets subclasses ``QueuesProvider`` and says only which queues a
person has (``queues(user)``); ``items`` and ``count`` come with it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from django.db.models import QuerySet

_FAR_FUTURE = datetime.max.replace(tzinfo=timezone.get_fixed_timezone(0))


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    kind: str  # the chapter or document kind, shown as a tag (收文, 发文, 督查 …)
    action: str = ""  # what the person is to do: 阅批, 承办, 审核 …
    due_at: datetime | None = None
    urgent: bool = False  # 特急/急件 go to the top [26(6)4]
    colour: str = ""  # folder colour: red 批办件, green 批阅件, black classified [26(6)1]
    secret_label: str = ""
    received_at: datetime | None = None

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()

    @property
    def sort_key(self) -> tuple:
        # Urgent first, then the nearest deadline; items without a deadline last, oldest first.
        return (not self.urgent, self.due_at or _FAR_FUTURE, self.received_at or _FAR_FUTURE, self.title)


class Provider:
    key: str = ""
    label: str = ""

    def items(self, user, limit: int) -> list[WorkItem]:
        raise NotImplementedError

    def count(self, user) -> int:
        raise NotImplementedError


# The badge shows "999+" past this, and 我的待办 “超过 999 项”: a provider may stop counting after CAP + 1 rows.
CAP = 999


class QueuesProvider(Provider):
    """A provider made of queues: ``queues(user)`` lists, for each kind of item that may wait for this person,
    ``(queryset, make)`` — the queryset in the queue's order, ``make`` turning one of its rows into a WorkItem.
    Ask only the queues the person can have items in: every one costs a query on each landing page.

    ``items`` reads the first ``limit`` rows of each queue; ``count`` counts every queue's pks in one UNION ALL,
    stopped after ``count_cap`` + 1 rows (the badge shows "999+" past it, issue 13), or to the end when
    ``count_cap`` is None."""

    count_cap: int | None = CAP

    def queues(self, user) -> list[tuple[QuerySet, Callable[[Any], WorkItem]]]:
        raise NotImplementedError

    def items(self, user, limit: int) -> list[WorkItem]:
        items = [make(row) for qs, make in self.queues(user) for row in qs[:limit]]
        return sorted(items, key=lambda item: item.sort_key)[:limit]

    def count(self, user) -> int:
        querysets = [qs.order_by().values_list("pk", flat=True) for qs, _ in self.queues(user)]
        if not querysets:
            return 0
        first, *rest = querysets
        combined = first.union(*rest, all=True) if rest else first
        if self.count_cap is None:
            return combined.count()
        return combined[: self.count_cap + 1].count()


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    global _tables
    if not provider.key:
        raise ValueError("a work-queue provider needs a key")
    _providers[provider.key] = provider
    _tables = None  # the watched tables follow the providers
    invalidate()
    return provider


def unregister(key: str) -> None:
    global _tables
    _providers.pop(key, None)
    _tables = None
    invalidate()


@contextmanager
def registered(provider: Provider) -> Iterator[Provider]:
    """Register a provider for the duration of a block (tests, demos)."""
    previous = _providers.get(provider.key)
    register(provider)
    try:
        yield provider
    finally:
        unregister(provider.key)
        if previous is not None:
            register(previous)


def providers() -> list[Provider]:
    return list(_providers.values())


def items_for(user, limit: int = 100, *, only: Collection[str] | None = None) -> list[WorkItem]:
    """Everything waiting for ``user``, urgent and nearest deadline first, at most ``limit`` items; with ``only``,
    from those providers alone (the home page leaves out those whose cached count is nothing)."""
    if not user.is_authenticated:
        return []
    chosen = [p for p in _providers.values() if only is None or p.key in only]
    lists = [provider.items(user, limit) for provider in chosen]
    return list(heapq.merge(*[sorted(items, key=lambda i: i.sort_key) for items in lists], key=lambda i: i.sort_key))[
        :limit
    ]


def count_for(user) -> int:
    """The 待办 badge on every page: how many items wait for ``user``. Cached per person (issue 13: the providers'
    counts cost O(documents held)); any write to a chapter's tables drops every cached count at once, before and
    again after its transaction commits (``install_invalidation``), so the badge is right on the next page after
    each step. A count also expires after ``COUNT_SECONDS`` and with the day, for what time alone changes."""
    return sum(counts_for(user).values())


def counts_for(user) -> dict[str, int]:
    """Each provider's count for ``user`` — the badge is their sum — cached together. The home page asks only the
    providers with something waiting for their items: a county leader has work in two or three chapters of
    fifteen, and each provider asked costs a query whose building alone is ~2 ms (issue 13)."""
    if not user.is_authenticated:
        return {}
    return _cached("work-by", user, lambda: {p.key: p.count(user) for p in _providers.values()}, dict)


def cached_count(name: str, user, compute) -> int:
    """``compute()``, a per-person count for a badge, cached as the 待办 counts are (the notifications' too)."""
    return _cached(name, user, compute, int)


def _cached(name: str, user, compute, kind: type):
    """``compute()`` for this person under the current generation, or what the cache holds (if of ``kind``)."""
    key = cache_key(name, user)
    cached = cache_get(key) if key else None
    if isinstance(cached, kind):
        return cached
    value = compute()
    if key:
        cache_set(key, value)
    return value


def cache_get(key: str):
    return _cache_call("get", key)


def cache_set(key: str, value) -> None:
    _cache_call("set", key, value, COUNT_SECONDS)


def count_uncached(user) -> int:
    return sum(provider.count(user) for provider in _providers.values())


# --- the badge's cache ---------------------------------------------------------------------------------------------
# One generation token for everyone, replaced (never incremented: an evicted token must not come back as an old
# value) whenever a chapter's table is written. Counts are stored under the token, the person and the day.

COUNT_SECONDS = 120
_GENERATION_KEY = "zaduo:workqueue:generation"
_cache_down_until = 0.0  # a Redis that does not answer is left alone for a while: the badge is counted instead


def _cache_call(method: str, *args):
    global _cache_down_until
    import time

    from django.core.cache import cache

    if time.monotonic() < _cache_down_until:
        return None
    try:
        return getattr(cache, method)(*args)
    except Exception:  # the cache is an optimisation: never a failed page
        _cache_down_until = time.monotonic() + 30
        return None


def _generation():
    token = _cache_call("get", _GENERATION_KEY)
    if token is None:
        token = time_token()
        if not _cache_call("add", _GENERATION_KEY, token, None):
            token = _cache_call("get", _GENERATION_KEY)
    return token


def time_token() -> str:
    import os
    import time

    return f"{time.time_ns():x}{os.getpid():x}"


def cache_key(name: str, user) -> str | None:
    """A per-person key under the current generation, or None when the cache does not answer."""
    generation = _generation()
    if generation is None:
        return None
    # date_joined tells apart two accounts that reuse an id (a test database rolled back, SQLite).
    joined = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0
    return f"zaduo:workqueue:{name}:{generation}:{user.pk}:{joined}:{timezone.localdate():%Y%m%d}"


def invalidate() -> None:
    """Every cached badge count is dropped (a new generation)."""
    _cache_call("set", _GENERATION_KEY, time_token(), None)


def _watched_tables() -> frozenset[str]:
    """The tables whose rows decide what waits for someone: those of every app with a provider, the office's
    (people, absences, acting leaders, pledges), who holds which role and permission, and the notifications (their
    unread badge). The signed-in person's profile, roles and permissions are cached under the same generation
    (core.middleware.RequestPersonMiddleware)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from .models import Notification

    labels = {"org"}
    for provider in _providers.values():
        config = apps.get_containing_app_config(type(provider).__module__)
        if config is not None:
            labels.add(config.label)
    User = get_user_model()
    tables = {
        User.groups.through._meta.db_table,
        User.user_permissions.through._meta.db_table,
        Group.permissions.through._meta.db_table,
        Permission._meta.db_table,
        Notification._meta.db_table,
    }
    for label in labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    return frozenset(tables)


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)', re.IGNORECASE)
_tables: frozenset[str] | None = None


def _after_commit() -> None:
    invalidate()


def _watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: a write to a watched table drops the cached counts now and after commit."""
    global _tables
    if sql[:1] in ("I", "U", "D", "i", "u", "d", " "):
        match = _WRITE.match(sql)
        if match:
            if _tables is None:
                _tables = _watched_tables()
            if match.group(1) in _tables:
                connection = context["connection"]
                if not connection.in_atomic_block:
                    result = execute(sql, params, many, context)
                    invalidate()
                    return result
                # Now (a page counting meanwhile reads the old rows: its count goes under a dropped token) and
                # again after the commit, when the new rows are there to count.
                invalidate()
                if not any(entry[1] is _after_commit for entry in connection.run_on_commit):
                    connection.on_commit(_after_commit)
    return execute(sql, params, many, context)


def install_invalidation() -> None:
    """Every database connection watches its writes (core.apps ready())."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    def watch(sender, connection, **kwargs):
        if _watch_writes not in connection.execute_wrappers:
            connection.execute_wrappers.append(_watch_writes)

    connection_created.connect(watch, weak=False, dispatch_uid="zaduo-workqueue-watch")
    for connection in connections.all(initialized_only=True):
        watch(None, connection)
