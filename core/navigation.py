"""Navigation by chapter of the regulation: each built app registers its own entry; core keeps placeholders.

An app registers its chapter in its ``AppConfig.ready()``::

    from core import navigation

    from .rules import can_open_incoming

    navigation.register(
        navigation.Chapter(
            slug="incoming",
            label="收文",
            articles="第二十六至二十九条",
            order=10,
            visible_to=can_open_incoming,
            url_name="incoming:list",
        )
    )

``visible_to(user)`` is a rule from the app's ``rules.py``, so who sees a chapter is decided with the rest of
its permissions. It runs on every page for the top bar: it must make no query beyond ``org.roles.roles_of``
(cached on the user). Superusers too see what the rule lets them open.

A chapter whose app is not built yet is a placeholder below (its page, ``core:chapter``, says 尚未开放); it keeps the
chapter's place and roles but is not shown in the top bar (``chapters_for``). An app registering the same slug
replaces it (and keeps its ``order``, the place in the top bar).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, OFFICE_STAFF, Role, roles_of


@dataclass(frozen=True)
class Chapter:
    slug: str
    label: str
    articles: str  # the regulation articles the chapter implements
    order: int  # place in the top bar
    visible_to: Callable[[Any], bool]  # rule of the app: may this person see the chapter?
    url_name: str = ""  # empty while the chapter is 尚未开放
    # A small chapter of 第二章's standing duties folds into its group's one entry in the top bar (``GROUPS``); its
    # page lists the members this person may open, each with its ``summary``.
    group: str = ""
    summary: str = ""

    def url(self) -> str:
        if self.url_name:
            try:
                return reverse(self.url_name)
            except NoReverseMatch:
                pass
        return reverse("core:chapter", args=[self.slug])

    @property
    def is_open(self) -> bool:
        if not self.url_name:
            return False
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return False
        return True


def for_roles(*roles: Role) -> Callable[[Any], bool]:
    """A visibility rule for a placeholder: the person holds one of ``roles``."""
    wanted = frozenset(roles)

    def visible_to(user) -> bool:
        return bool(roles_of(user) & wanted)

    return visible_to


# Chapters not built yet (尚未开放), with the roles that will work in them (第二章 role table). The built ones
# register themselves: 收文 10, 发文 20 (documents.incoming, .outgoing), 档案 80 (documents.records).
PLACEHOLDERS: tuple[Chapter, ...] = (
    Chapter("meetings", "会议", "第十七至二十五条", 30, for_roles(*COUNTY_LEADERS, *OFFICE_STAFF)),
    Chapter(
        "supervision",
        "督查",
        "第三十七至四十条",
        40,
        for_roles(*COUNTY_LEADERS, *OFFICE_LEADERS, Role.SECTION_CHIEF, Role.LINE_STAFF),
    ),
    Chapter(
        "duty",
        "值班",
        "第四十一至四十三条",
        50,
        for_roles(*OFFICE_LEADERS, *COUNTY_LEADERS, Role.DUTY_OFFICER, Role.SECTION_CHIEF),
    ),
    # Petitioners' personal data is for petition staff and the handlers of a case [47]–[50].
    Chapter("petitions", "信访", "第四十七至五十条", 60, for_roles(*OFFICE_LEADERS, Role.PETITION_RECEPTIONIST)),
    Chapter("leave", "请销假", "第五十一、五十四条", 70, for_roles(*OFFICE_STAFF)),
)


@dataclass(frozen=True)
class Group:
    """One top-bar entry for several small chapters: 第二章's standing duties would otherwise be six more
    entries in a bar a phone already folds into a menu."""

    slug: str
    label: str
    articles: str
    order: int
    intro: str = ""

    def url(self) -> str:
        return reverse("core:group", args=[self.slug])

    @property
    def is_open(self) -> bool:
        return True


GROUPS: dict[str, Group] = {
    group.slug: group
    for group in (
        Group(
            "duties",
            "综合事务",
            "第四至十五条",
            85,
            "县政府办公室的日常职责（规章第二章）：印信、规范性文件、行政复议与应诉、组织协调、调研与文字综合、公务接待。",
        ),
    )
}

_registered: dict[str, Chapter] = {}


def register(chapter: Chapter) -> Chapter:
    if not chapter.slug or not chapter.label:
        raise ValueError("a chapter needs a slug and a label")
    _registered[chapter.slug] = chapter
    return chapter


def unregister(slug: str) -> None:
    _registered.pop(slug, None)


@contextmanager
def registered(chapter: Chapter) -> Iterator[Chapter]:
    """Register a chapter for the duration of a block (tests)."""
    previous = _registered.get(chapter.slug)
    register(chapter)
    try:
        yield chapter
    finally:
        unregister(chapter.slug)
        if previous is not None:
            register(previous)


def chapters() -> list[Chapter]:
    """Every chapter in top-bar order: the registered ones, and the placeholders no app has replaced."""
    merged = {chapter.slug: chapter for chapter in PLACEHOLDERS} | _registered
    return sorted(merged.values(), key=lambda chapter: (chapter.order, chapter.slug))


def get(slug: str) -> Chapter | None:
    return _registered.get(slug) or next((c for c in PLACEHOLDERS if c.slug == slug), None)


def members_for(user, group: str) -> list[Chapter]:
    """The chapters of ``group`` this person may open, in order."""
    return [c for c in chapters() if c.group == group and c.is_open and c.visible_to(user)]


def chapters_for(user) -> list[Chapter | Group]:
    """The top bar: the chapters this person may open. A placeholder (尚未开放) is not offered, and a superuser
    is asked the app's rule like anyone (a rule may let superusers in): a link in the bar leads to a working
    page, never to a notice or a refusal (issue 14). A group's members are one entry, there when at least one
    member is open to the person."""
    entries: list[Chapter | Group] = []
    groups: set[str] = set()
    for chapter in chapters():
        if not (chapter.is_open and chapter.visible_to(user)):
            continue
        if chapter.group:
            groups.add(chapter.group)
        else:
            entries.append(chapter)
    entries += [GROUPS[slug] for slug in groups if slug in GROUPS]
    return sorted(entries, key=lambda entry: (entry.order, entry.slug))
