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
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

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


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    if not provider.key:
        raise ValueError("a work-queue provider needs a key")
    _providers[provider.key] = provider
    return provider


def unregister(key: str) -> None:
    _providers.pop(key, None)


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


def items_for(user, limit: int = 100) -> list[WorkItem]:
    """Everything waiting for ``user``, urgent and nearest deadline first, at most ``limit`` items."""
    if not user.is_authenticated:
        return []
    lists = [provider.items(user, limit) for provider in _providers.values()]
    return list(heapq.merge(*[sorted(items, key=lambda i: i.sort_key) for items in lists], key=lambda i: i.sort_key))[
        :limit
    ]


def count_for(user) -> int:
    if not user.is_authenticated:
        return 0
    return sum(provider.count(user) for provider in _providers.values())
