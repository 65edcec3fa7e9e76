"""Demo data: each app registers what it adds to the demo office, and ``manage.py seed_demo`` asks here.

An app registers one builder in its ``AppConfig.ready()``::

    from core import demo

    from .demo import build_demo_incoming

    demo.register("incoming", order=20, build=build_demo_incoming, label="演示收文")

What a builder promises:

* ``build(users)`` gets the demo office's people by username (``org.demo.PEOPLE``: ``users["shoufa"]`` is
  the 收发秘书) and makes its items through the app's own services, so they are items the app could make.
* It is idempotent: ``seed_demo`` run twice gives the same data (find rows by natural key, or add nothing
  when the app already has items).
* It returns how many items it made; with a ``label`` ``seed_demo`` prints "已建立演示收文 5 件。" (nothing
  for 0 or None).

Order: the office (``org.demo.build_demo_office``) is always built first — every builder needs its people —
then the builders by ``order``: records' schedule 10, 收文 20, 发文 30; a new chapter takes the next ten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from org.demo import build_demo_office

Users = dict[str, AbstractBaseUser]


@dataclass(frozen=True)
class DemoBuilder:
    key: str  # the app label: "incoming"
    order: int
    build: Callable[[Users], Any]  # returns how many items it made (int), or None
    label: str = ""  # what it makes, for the line seed_demo prints: "演示收文"
    unit: str = "件"

    def report(self, made) -> str:
        """The line ``seed_demo`` prints, or "" when there is nothing to say."""
        if not made or not self.label:
            return ""
        return f"已建立{self.label} {made} {self.unit}。"


_builders: dict[str, DemoBuilder] = {}


def register(key: str, *, order: int, build: Callable[[Users], Any], label: str = "", unit: str = "件") -> DemoBuilder:
    if not key:
        raise ValueError("a demo builder needs a key")
    builder = DemoBuilder(key=key, order=order, build=build, label=label, unit=unit)
    _builders[key] = builder
    return builder


def unregister(key: str) -> None:
    _builders.pop(key, None)


def builders() -> list[DemoBuilder]:
    return sorted(_builders.values(), key=lambda b: (b.order, b.key))


def seed(*, report: Callable[[str], None] | None = None) -> Users:
    """Build the demo office, then every registered builder in order; ``report`` receives each line to show."""
    users = build_demo_office()
    for builder in builders():
        line = builder.report(builder.build(users))
        if line and report is not None:
            report(line)
    return users
