"""Notices on 我的待办: what an app needs a person to know before they start their work, shown on top of the
landing page (the holidays of next year not entered yet, for instance).

Core knows no app above it, so an app contributes from its ``AppConfig.ready()``::

    from core import notices

    notices.register("deadlines.calendar", calendar_notices)

where ``calendar_notices(user)`` returns the ``Notice`` list for that person (usually empty). A provider runs on
every visit to the landing page: it decides from the user object first (roles are cached on it,
``org.roles.roles_of``) and from the date, and queries only when the notice may apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Notice:
    key: str  # stable, for tests and the page's data attribute: "deadlines.calendar.2027"
    title: str
    text: str
    link_url: str = ""  # where to act, for those who can
    link_label: str = ""


Provider = Callable[[Any], Iterable[Notice]]

_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> Provider:
    if not key:
        raise ValueError("a notice provider needs a key")
    _providers[key] = provider
    return provider


def unregister(key: str) -> None:
    _providers.pop(key, None)


@contextmanager
def registered(key: str, provider: Provider) -> Iterator[Provider]:
    """Register a provider for the duration of a block (tests)."""
    previous = _providers.get(key)
    register(key, provider)
    try:
        yield provider
    finally:
        unregister(key)
        if previous is not None:
            register(key, previous)


def notices_for(user) -> list[Notice]:
    if not user.is_authenticated:
        return []
    return [notice for provider in _providers.values() for notice in provider(user)]
