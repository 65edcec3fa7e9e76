"""Archive kinds: what the records chapter needs to know about each kind of item it files, keeps and destroys.

Records (立卷归档 [26(5)], [30(5)], [33]; custody of classified papers [31]; destruction [34]) sits above every
chapter and imports none of them. A chapter makes its items fileable with ONE registration in its own
``AppConfig.ready()``::

    from core import archive

    from .filing import ARCHIVE_KIND

    archive.register(ARCHIVE_KIND)

``documents/incoming/filing.py`` is the one to copy. Records refers to a filed item through a generic relation
(content type + id), so a new kind needs no migration of records: its custody rows, filed 件, destruction
entries and its custody deadline source [31] follow from the registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class ScheduleKind:
    """One line a chapter adds to the retention schedule (保管期限表 [33]): a kind of its documents, the label
    the admin shows for it, and the default the office starts with (DA/T 22 code ``Y``/``D30``/``D10``;
    the lowest ``priority`` among matching rules wins)."""

    key: str  # stored in RetentionRule.kind: never rename
    label: str
    retention: str
    priority: int


def _no_files(doc) -> list:
    return []


def _no_number(number: str) -> None:
    return None


def _same_year(year: int) -> Q:
    return Q(year=year)


def _filing_year(doc) -> int:
    return doc.year or doc.created_at.year


@dataclass(frozen=True)
class ArchiveKind:
    """One kind of item records deal with, described by the app that owns it.

    Everything about the item goes through the app's own pieces: ``visible_to`` is its ONE visibility
    selector (so a records list never shows what the app would not), ``flow`` its ``core.workflow.DocumentFlow``
    (lock, stale check, permission check, save, log; ``number`` and ``url``), ``file_transition`` the name of
    its 立卷归档 transition, and ``parts``/``files`` what goes into the 件 with it.
    """

    key: str  # "incoming": in records' URLs and custody reminders' rule keys; never rename
    label: str  # what people call it: 收文, 发文
    model: type[Model]
    visible_to: Callable[[Any], QuerySet]
    flow: Any  # core.workflow.DocumentFlow
    file_transition: str
    file_refusal: str  # said when it may not be filed now, with the article
    filing_note: str  # what goes into the 件, shown on the filing page
    ready_to_file_state: str
    # Out of the office's custody [31]: filed papers are with the archive; sent back or withdrawn ones are gone.
    out_of_custody_states: tuple[str, ...]
    # Not waiting to be filed [33]: filed already, or never a document of the office's to file.
    unfiled_exempt_states: tuple[str, ...]
    # The schedule's kinds describing a document, most specific first (records adds its own catch-all).
    retention_kinds: Callable[[Any], list[str]]
    schedule: tuple[ScheduleKind, ...]  # every key retention_kinds may return, with label and default
    # The 机构（问题）分类 its documents are filed under by default: (code, name, sort order).
    archive_class: tuple[str, str, int]
    # PDFs rendered when it is filed: [(part, file name, bytes)], e.g. the 批阅单 [26(5)].
    parts: Callable[[Any], list[tuple[str, str, bytes]]]
    # Stored files filed as they are: [(part, name, storage name)], e.g. the scanned original.
    files: Callable[[Any], Iterable[tuple[str, str, str]]] = _no_files
    number_label: str = "编号"  # 收文流水号, 发文字号
    number_example: str = ""  # 2026-15
    # The condition finding the item people name by ``number``, or None when the number is not of this kind.
    by_number: Callable[[str], Q | None] = _no_number
    in_year: Callable[[int], Q] = _same_year  # the items of one year, for the 30 June hand-over [33]
    filing_year: Callable[[Any], int] = _filing_year

    def number(self, doc) -> str:
        return self.flow.number(doc)

    def url(self, doc) -> str:
        return self.flow.url(doc)


# A listener may return a function that undoes what it did for that kind (called on ``unregister``).
Listener = Callable[[ArchiveKind], Callable[[], None] | None]

_kinds: dict[str, ArchiveKind] = {}
_listeners: list[Listener] = []
_undo: dict[str, list[Callable[[], None]]] = {}


def _tell(listener: Listener, kind: ArchiveKind) -> None:
    undo = listener(kind)
    if undo is not None:
        _undo.setdefault(kind.key, []).append(undo)


def register(kind: ArchiveKind) -> ArchiveKind:
    """Make a kind fileable. Called from the owning app's ``AppConfig.ready()``."""
    if not kind.key or not kind.file_transition:
        raise ValueError("an archive kind needs a key and the name of its filing transition")
    if kind.key in _kinds:
        unregister(kind.key)
    _kinds[kind.key] = kind
    for listener in list(_listeners):
        _tell(listener, kind)
    return kind


def unregister(key: str) -> None:
    _kinds.pop(key, None)
    for undo in reversed(_undo.pop(key, [])):
        undo()


def on_register(listener: Listener) -> None:
    """Call ``listener`` for every kind registered so far and for each one registered later (records adds a
    custody deadline source per kind this way, whatever order the apps become ready in)."""
    _listeners.append(listener)
    for kind in list(_kinds.values()):
        _tell(listener, kind)


@contextmanager
def registered(kind: ArchiveKind) -> Iterator[ArchiveKind]:
    """Register a kind for the duration of a block (tests)."""
    previous = _kinds.get(kind.key)
    register(kind)
    try:
        yield kind
    finally:
        unregister(kind.key)
        if previous is not None:
            register(previous)


def kind_of(key: str) -> ArchiveKind:
    """The kind registered under ``key``; ``LookupError`` for any other (pages answer 404)."""
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"no archive kind {key!r}") from None


def kind_for(model_or_obj) -> ArchiveKind:
    """The kind of a model or of one of its objects."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    model = model._meta.concrete_model
    for kind in _kinds.values():
        if kind.model._meta.concrete_model is model:
            return kind
    raise LookupError(f"{model._meta.label} is not registered as an archive kind")


def all_kinds() -> list[ArchiveKind]:
    """Every registered kind, in the order the apps registered them."""
    return list(_kinds.values())


# --- what the archive answers back ---------------------------------------------------------------------------
# A chapter's page shows where its filed document went (档号, 保管期限) without importing records: records
# provide the lookup in their ``AppConfig.ready()``, chapters ask ``filed_item(doc)`` (or ``{% filed_item %}``
# from ``core/templatetags/archive.py``).
_filed_item_lookup: Callable[[Any], Any] | None = None


def provide_filed_item_lookup(lookup: Callable[[Any], Any]) -> None:
    global _filed_item_lookup
    _filed_item_lookup = lookup


def filed_item(doc) -> Any:
    """The 件 ``doc`` was filed as — with ``archive_code`` and ``get_retention_display`` — or None [33]."""
    return _filed_item_lookup(doc) if _filed_item_lookup is not None and doc is not None else None
