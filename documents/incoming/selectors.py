"""Who sees which incoming documents — the one place that decides it — and the lists built on it.

Every list, search, count, export, PDF, attachment download, work-queue item and admin page starts from
``incoming_visible_to(user)``; single documents come through ``get_incoming_for(user, pk)``, which answers
404 both for "missing" and for "not yours" [31], [32].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connections
from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from core.bigrams import bigram_set, narrowed
from core.pagination import capped_counts
from core.visibility import Visibility
from org.models import Unit

from . import search_keys, sender_numbers
from .models import (
    DEADLINE_STATES,
    OPEN_STATES,
    IncomingDocument,
    IncomingUserObjectPermission,
    Reader,
    State,
)

# The one visibility rule (core.visibility) bound to incoming documents and their grant table [31], [32].
VISIBILITY = Visibility(model=IncomingDocument, grant_model=IncomingUserObjectPermission)


def incoming_visible_to(user, *, ignore_pledge: bool = False) -> QuerySet[IncomingDocument]:
    """Unclassified documents: everyone whose role may view incoming documents, plus anyone on them.
    Classified documents: only people whose clearance covers the level *and* who are on the document —
    superusers included [31], [32] — and who have pledged to the confidentiality rules this year [32].
    ``ignore_pledge`` is only for telling someone they must pledge first, never for showing a document."""
    return VISIBILITY.queryset(user, ignore_pledge=ignore_pledge)


def get_incoming_for(user, pk, *, queryset: QuerySet | None = None) -> IncomingDocument:
    return VISIBILITY.get_for(
        user, pk, queryset=queryset, select_related=("source_unit", "line", "holder__profile", "lead_handler__profile")
    )


needs_pledge_for = VISIBILITY.needs_pledge_for  # could open it but for this year's pledge [32]


def list_rows(qs: QuerySet) -> QuerySet:
    """The columns every list shows, fetched in the same query (no per-row queries)."""
    return qs.select_related("source_unit", "holder__profile").only(
        "id",
        "year",
        "serial",
        "received_at",
        "title",
        "sender_number",
        "doc_type",
        "secret_level",
        "urgency",
        "is_meeting_notice",
        "intake",
        "category",
        "state",
        "due_at",
        "late_registration",
        "skipped_level",
        "source_unit__name",
        "source_unit__short_name",
        "holder__id",
        "holder__username",
        "holder__profile__full_name",
    )


@dataclass(frozen=True)
class RegistryFilter:
    year: int | None = None
    state: str = ""
    source_unit: int | None = None
    category: str = ""
    urgency: str = ""
    overdue: bool = False
    q: str = ""

    @property
    def year_only(self) -> bool:
        """Narrowed by the year alone: the list is counted and paged in its date index's order however few it
        holds. A filter or a search has an index of its own, and walking the date index for its few matches costs
        more (issue 13)."""
        return not (self.q or self.state or self.source_unit or self.category or self.urgency or self.overdue)


# The registry says “共 N 件” up to this many and “超过 N 件” beyond: paging is by keyset, so nothing needs
# the exact size of a million-row set, and a count that stops here is an index range read (issue 13).
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000  # a search's matches are counted to this many (“超过 1000 件”)


def registry(user, f: RegistryFilter) -> QuerySet[IncomingDocument]:
    """The clerk's registry: every state, filtered; newest first."""
    return _filtered(incoming_visible_to(user), f).order_by("-received_at", "-id")


def registry_parts(user, f: RegistryFilter) -> list[QuerySet[IncomingDocument]]:
    """``registry(user, f)`` as its unclassified and classified halves (``Visibility.parts``), which do not
    overlap: each is read through its own partial index, where ``secret_level = 0 OR …`` defeats them all
    [31], [32]. The registry's count and pages are built on these (issue 13)."""
    words = search_conditions(f.q, indexed=_indexed()) if f.q else None
    return [_filtered(IncomingDocument.objects.filter(part), f, words) for part in VISIBILITY.parts(user)]


def registry_counts(parts: list[QuerySet], cap: int = COUNT_CAP, *, ordered: bool = True) -> list[int]:
    """How many documents each part holds, each counted to ``cap + 1`` at most, in one query — in the list's own
    order (newest first), which the part's index keeps, unless ``ordered`` is False (a search or a filter has an
    index of its own, and a walk of the date index for a few matches is the trap the sender's number fell into)."""
    return capped_counts(parts, cap, order_by=("-received_at", "-id") if ordered else None)


def _filtered(qs: QuerySet, f: RegistryFilter, words: list[Q] | None = None) -> QuerySet:
    if f.year:
        qs = qs.filter(year=f.year)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.source_unit:
        qs = qs.filter(source_unit_id=f.source_unit)
    if f.category == "secret":
        qs = qs.filter(secret_level__gt=0)
    elif f.category:
        qs = qs.filter(category=f.category)
    if f.urgency == "any":
        qs = qs.exclude(urgency="")
    elif f.urgency:
        qs = qs.filter(urgency=f.urgency)
    if f.overdue:
        qs = overdue(qs)
    if f.q:
        qs = search(qs, f.q, words)
    return qs


SEARCH_WORDS = 5  # more words than this are ignored: each is one more index condition


def search(qs: QuerySet, q: str, words: list[Q] | None = None) -> QuerySet:
    """By title, serial (2026-15 or 15), the sender's number, or the source unit's name. Words separated by
    spaces must all match (AND), each anywhere: “危旧房 验收”. The sender's number is compared in one
    spelling (``search_keys.sender_key``: 〔〕, no spaces, upper case), so [], （）, () and spaces find it.

    On PostgreSQL a word of two characters or more is first narrowed by the GIN index of the title's and the
    number's two-character pieces (``search_bigrams``) and then re-checked with ``icontains``; a whole or
    beginning of a number is a B-tree look-up of ``sender_key``. Elsewhere (SQLite) each word is a plain
    ``icontains``. A one-character word is an ``icontains`` everywhere (issue 13)."""
    if words is None:
        words = search_conditions(q, indexed=_indexed(qs.db))
    if _indexed(qs.db):
        qs = qs.alias(bigram_set=BIGRAM_SET)
    for condition in words:
        qs = qs.filter(condition)
    return qs


def search_conditions(q: str, *, indexed: bool) -> list[Q]:
    """One condition per word (all must match); built once for every part a search runs on."""
    return [_word_condition(word, indexed=indexed) for word in q.strip()[:100].split()[:SEARCH_WORDS]]


def _indexed(db: str = "default") -> bool:
    return connections[db].vendor == "postgresql"


# string_to_array(search_bigrams, ' '): the expression the GIN index of migration 0007 is built on.
BIGRAM_SET = bigram_set()  # core.bigrams, shared with the outgoing lists


def _narrowed(condition: Q, text: str, indexed: bool) -> Q:
    return narrowed(condition, text, indexed=indexed)


# From three characters on, a word has trigrams: the title's and the number's pg_trgm indexes (migrations 0002,
# 0010) find it inside the text on their own, tighter than its two-character pieces, which let every number of the
# same sender and ending through (at 1M: 杂财〔2018〕324号, 8,330 rows re-checked, 150 ms → 20 ms).
TRIGRAM_LENGTH = 3


def _inside(condition: Q, text: str, indexed: bool) -> Q:
    return condition if indexed and len(text) >= TRIGRAM_LENGTH else _narrowed(condition, text, indexed)


# A whole 来文字号 (杂住建〔2026〕52号) is its key's beginning: a B-tree look-up. Looking for it inside other keys
# too read the key's trigram index, whose pieces (〔20, 201, 号) are in most numbers: 8 ms a query at 1M (issue 13).
# A part of a number (〔2026〕52号, 2026〕52) is still looked for inside.
WHOLE_NUMBER = re.compile(r"^[^〔〕]+〔\d{4}〕\d+号$")


def _word_condition(word: str, *, indexed: bool = False) -> Q:
    condition = _inside(Q(title__icontains=word), word, indexed)
    key = search_keys.sender_key(word)
    if key:
        condition |= Q(sender_key__startswith=key)
        if not WHOLE_NUMBER.match(key):
            condition |= _inside(Q(sender_key__contains=key), key, indexed)
    unit_ids = list(
        Unit.objects.filter(Q(name__icontains=word) | Q(short_name__icontains=word)).values_list("id", flat=True)[:50]
    )
    if unit_ids:
        condition |= Q(source_unit_id__in=unit_ids)
    serial = word.replace("—", "-").replace("－", "-")
    if "-" in serial:
        year_text, _, number_text = serial.partition("-")
        if year_text.isdigit() and number_text.isdigit() and len(year_text) == 4 and len(number_text) <= 7:
            condition |= Q(year=int(year_text), serial=int(number_text))
    elif serial.isdigit() and len(serial) <= 7:
        condition |= Q(serial=int(serial))
    return condition


def earlier_registration(user, unit, sender_number: str) -> IncomingDocument | None:
    """The most recent registration this person can see of the same 来文字号 from the same unit, or None:
    the clerk is warned before registering one paper twice [26(1)]. Served by the (source_unit, received_at)
    index; the number is compared in its stored spelling."""
    number = sender_numbers.normalise(sender_number)
    if unit is None or not number:
        return None
    return (
        incoming_visible_to(user)
        .filter(source_unit=unit, sender_number=number)
        .order_by("-received_at", "-id")
        .only("id", "year", "serial", "title", "received_at", "state")
        .first()
    )


def overdue(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """Past its deadline and still running [26(6)7]."""
    now = now or timezone.now()
    return qs.exclude(state=State.FILED).filter(state__in=DEADLINE_STATES, due_at__lt=now)


def due_within(qs: QuerySet, until: datetime) -> QuerySet:
    """Running documents due before ``until`` (overdue ones included), nearest first: the deadline
    engine's question [26(6)7]."""
    return qs.exclude(state=State.FILED).filter(state__in=DEADLINE_STATES, due_at__lt=until).order_by("due_at", "id")


def waiting_for(user) -> QuerySet[IncomingDocument]:
    """What this person holds now: to distribute, read and instruct, handle, collect [26]."""
    return (
        incoming_visible_to(user)
        .filter(holder=user)
        .exclude(state=State.FILED)
        .filter(state__in=[*OPEN_STATES, State.DONE])
    )


def with_reading_due(qs: QuerySet, user) -> QuerySet:
    """Adds ``reading_due_at``: when this person, as the current reader, is to have read it — the same day
    [26(6)5] — so a leader's queue shows 当天阅批, not the document's one- or two-week deadline [26(6)7]."""
    current = Reader.objects.filter(document=OuterRef("pk"), reader=user, status=Reader.Status.CURRENT)
    return qs.annotate(reading_due_at=Subquery(current.values("due_at")[:1]))


def mine(user) -> QuerySet[IncomingDocument]:
    """Every document this person is on and may see, in any state [31], [32]."""
    return VISIBILITY.on_queryset(user)


def readers_of(doc: IncomingDocument) -> list[Reader]:
    return list(doc.readers.select_related("reader__profile").order_by("seq"))


def in_signing_order(doc: IncomingDocument) -> list[Reader]:
    """The readers as they really signed, earliest first, then those who have not signed in the order they
    still wait in — what the 文件批阅单 prints [26(6)3], [26(6)5]. A reader passed over while away and who read
    on return (补阅) stands where they signed, not where they were planned."""
    readers = readers_of(doc)
    signed = sorted((r for r in readers if r.signed_at), key=lambda r: (r.signed_at, r.seq))
    return signed + [r for r in readers if not r.signed_at]


def register_rows(user, start: date, end: date) -> QuerySet[IncomingDocument]:
    """收文登记簿 for a date range (inclusive), in serial order. For people whose role reads the register every
    收文流水号 is a row: one they may not read has ``readable`` False and is exported masked (number, time,
    level), never a gap that looks like a lost number [29(1)], [32]."""
    tz = timezone.get_current_timezone()
    start_at = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    end_at = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    condition = VISIBILITY.condition(user)
    if condition is None:
        return IncomingDocument.objects.none()
    if user.has_perm(VISIBILITY.perm):
        readable = Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        qs = IncomingDocument.objects.annotate(readable=readable)
    else:
        qs = IncomingDocument.objects.filter(condition).annotate(readable=Value(True, output_field=BooleanField()))
    return (
        qs.filter(received_at__gte=start_at, received_at__lt=end_at)
        .exclude(serial__isnull=True)
        .select_related("source_unit", "registered_by__profile")
        .order_by("year", "serial")
    )


def leaders_away_from(moment: datetime) -> list:
    """County leaders' absences not over at ``moment``, soonest first, as the 外出登记 page lists them [26(6)3]."""
    from org.absence_sources import label_of
    from org.models import Absence
    from org.roles import COUNTY_LEADERS

    rows = list(
        Absence.objects.filter(ends_at__gt=moment, person__groups__name__in=[r.value for r in COUNTY_LEADERS])
        .select_related("person__profile")
        .distinct()
        .order_by("starts_at", "id")[:100]
    )
    for row in rows:
        row.source_label = label_of(row.source)
    return rows
