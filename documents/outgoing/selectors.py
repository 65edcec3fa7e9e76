"""Who sees which outgoing documents — the one place that decides it — and the lists built on it.

Every list, search, count, export, PDF, attachment download, work-queue item and admin page starts from
``outgoing_visible_to(user)``; single documents come through ``get_outgoing_for(user, pk)``, which answers
404 both for "missing" and for "not yours" [31], [32].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from core.bigrams import bigram_set, indexed, narrowed
from core.pagination import capped_counts
from core.visibility import Visibility
from org.roles import Role, roles_of

from .choices import CLOSED_STATES, HOLDER_STATES, Phase, State, StepStatus
from .models import (
    Attachment,
    GateCheck,
    OutgoingDocument,
    OutgoingUserObjectPermission,
    Recipient,
    Revision,
    RouteStep,
    TransitionLog,
)

# The one visibility rule (core.visibility) bound to outgoing documents and their grant table [31], [32]:
# unclassified documents for everyone whose role may view outgoing documents, plus anyone on them;
# classified documents — drafts included — only for people cleared for the level *and* on the document.
VISIBILITY = Visibility(model=OutgoingDocument, grant_model=OutgoingUserObjectPermission)


def outgoing_visible_to(user, *, ignore_pledge: bool = False) -> QuerySet[OutgoingDocument]:
    """Every outgoing document ``user`` may see: THE one visibility selector. ``ignore_pledge`` is only for
    telling someone they must pledge first, never for showing a document."""
    return VISIBILITY.queryset(user, ignore_pledge=ignore_pledge)


needs_pledge_for = VISIBILITY.needs_pledge_for  # could open it but for this year's pledge [32]


def get_outgoing_for(user, pk, *, queryset: QuerySet | None = None) -> OutgoingDocument:
    return VISIBILITY.get_for(
        user,
        pk,
        queryset=queryset,
        select_related=(
            "series",
            "line__deputy_head__profile",
            "line__deputy_director__profile",
            "drafting_unit",
            "drafter__profile",
            "holder__profile",
        ),
    )


def prime(doc: OutgoingDocument) -> OutgoingDocument:
    """Answer the rules' questions for a page in two queries instead of one per rule."""
    cache: dict[str, set[int]] = {}
    rows = doc.steps.filter(round=doc.round, status=StepStatus.CURRENT).values_list("phase", "assignee_id")
    for phase, user_id in rows:
        cache.setdefault(phase, set()).add(user_id)
    doc._current_assignees = cache
    doc._line_staff_ids = set(doc.line.staff.values_list("pk", flat=True))
    return doc


def list_rows(qs: QuerySet) -> QuerySet:
    """The columns every list shows, fetched in the same query (no per-row queries)."""
    return qs.select_related("series", "line", "drafter__profile", "holder__profile").only(
        "id",
        "authority",
        "series__prefix",
        "doc_type",
        "title",
        "doc_number",
        "secret_level",
        "urgency",
        "importance",
        "state",
        "round",
        "created_at",
        "issue_date",
        "distributed_at",
        "line__name",
        "drafter__id",
        "drafter__username",
        "drafter__profile__full_name",
        "holder__id",
        "holder__username",
        "holder__profile__full_name",
    )


# --- lists ----------------------------------------------------------------------------------------------------


def _pool_states(user) -> list[str]:
    """The steps a role's pool takes [30(5)]: 打字室 numbers and prints, 收发 seals and distributes; the
    clerk stands in for the 打字室."""
    roles = roles_of(user)
    states = []
    if roles & {Role.TYPIST, Role.REGISTRY_CLERK}:
        states += [State.NUMBERING, State.PRINTING]
    if Role.REGISTRY_CLERK in roles:
        states += [State.SEALING, State.DISTRIBUTING]
    return states


def waiting_for(user) -> QuerySet[OutgoingDocument]:
    """What waits for this person now: their review or signing step, their draft or proof, their pool's
    step — and, distributed to them, a document to read."""
    return _waiting(outgoing_visible_to(user), user)


def _waiting(qs: QuerySet, user) -> QuerySet:
    my_steps = RouteStep.objects.filter(assignee=user, status=StepStatus.CURRENT).values("document_id")
    condition = Q(pk__in=my_steps) | Q(holder=user, state__in=HOLDER_STATES)
    pool = _pool_states(user)
    if pool:
        condition |= Q(state__in=pool)
    return qs.exclude(state__in=CLOSED_STATES).filter(condition)


# A person's unread documents are read first as ids (a short list), then through the visibility rule:
# the planner then looks each one up by primary key instead of scanning the whole visible table.
UNREAD_LIMIT = 5000


def _unread_ids(user) -> list[int]:
    return list(
        Recipient.objects.filter(user=user, read_at__isnull=True)
        .order_by("-delivered_at", "-id")
        .values_list("document_id", flat=True)[:UNREAD_LIMIT]
    )


def unread_documents(user) -> QuerySet[OutgoingDocument]:
    """Documents distributed to this person that they have not yet marked read [30(5)] (the newest
    ``UNREAD_LIMIT``), through the visibility rule: a clearance since lowered hides a classified one."""
    return outgoing_visible_to(user).filter(pk__in=_unread_ids(user))


def drafted_by(user) -> QuerySet[OutgoingDocument]:
    return outgoing_visible_to(user).filter(drafter=user)


@dataclass(frozen=True)
class ListFilter:
    state: str = ""
    year: int | None = None
    series: int | None = None
    line: int | None = None
    q: str = ""
    active: bool = False

    @property
    def year_only(self) -> bool:
        """Narrowed by the year alone: counted and paged in the date index's order (as the incoming registry)."""
        return not (self.q or self.state or self.series or self.line or self.active)


def document_list(user, f: ListFilter) -> QuerySet[OutgoingDocument]:
    """Everything this person may see, narrowed by the filter. ``year`` is the year of drafting: a list
    counts one year's documents, never the whole table (PERFORMANCE.md: paginator traps)."""
    return _filtered(outgoing_visible_to(user), f).order_by("-created_at", "-id")


def _filtered(qs: QuerySet, f: ListFilter) -> QuerySet:
    if f.active:
        qs = qs.exclude(state__in=CLOSED_STATES)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.year:
        tz = timezone.get_current_timezone()
        qs = qs.filter(
            created_at__gte=datetime(f.year, 1, 1, tzinfo=tz), created_at__lt=datetime(f.year + 1, 1, 1, tzinfo=tz)
        )
    if f.series:
        qs = qs.filter(series_id=f.series)
    if f.line:
        qs = qs.filter(line_id=f.line)
    if f.q:
        qs = search(qs, f.q)
    return qs


# --- the lists at a county's ten years of paper (issue 13) -----------------------------------------------------

TABS = ("mine", "drafts", "unread", "all")
# A list says “共 N 件” up to this many and “超过 N 件” beyond: paging is by keyset, so nothing needs the exact
# size of a large set, and a count that stops here is an index range read (issue 13).
COUNT_CAP = 10_000


def list_parts(user, tab: str, f: ListFilter) -> list[QuerySet[OutgoingDocument]]:
    """One tab of the 发文 list (待我办理, 我拟的稿, 待阅文件, 全部发文 with its filter) as its unclassified and
    classified halves (``Visibility.parts``), which do not overlap: each is counted and paged through its own
    partial index on (created_at, id), where ``secret_level = 0 OR …`` defeats them all [31], [32]. A search
    applies to every tab."""
    unread = _unread_ids(user) if tab == "unread" else []
    parts = []
    for part in VISIBILITY.parts(user):
        qs = OutgoingDocument.objects.filter(part)
        if tab == "mine":
            qs = _waiting(qs, user)
        elif tab == "drafts":
            qs = qs.filter(drafter=user)
        elif tab == "unread":
            qs = qs.filter(pk__in=unread)
        if tab == "all":
            qs = _filtered(qs, f)
        elif f.q:
            qs = search(qs, f.q)
        parts.append(qs)
    return parts


def list_counts(parts: list[QuerySet], cap: int = COUNT_CAP, *, ordered: bool = True) -> list[int]:
    """How many documents each part holds, each counted to ``cap + 1`` at most, in one query — in the list's order
    (newest first) unless searching, as the incoming registry counts (``capped_counts``, issue 13)."""
    return capped_counts(parts, cap, order_by=("-created_at", "-id") if ordered else None)


def search(qs: QuerySet, q: str) -> QuerySet:
    """By title, 发文字号 (杂政〔2026〕12号, or part of it; [] and ［］ find 〔〕) or 主送机关, the whole text
    anywhere in one of them. On PostgreSQL first narrowed by the GIN index of their two-character pieces
    (``search_bigrams``, core.bigrams: pg_trgm indexes nothing for a two-character word), then re-checked
    with ``icontains``; on SQLite, and for one character, a plain ``icontains`` (issue 13)."""
    q = q.strip()[:100]
    if not q:
        return qs
    by_index = indexed(qs.db)
    if by_index:
        qs = qs.alias(bigram_set=bigram_set())
    normalised = q.replace("[", "〔").replace("]", "〕").replace("［", "〔").replace("］", "〕")
    text = Q(title__icontains=q) | Q(main_recipients__icontains=q)
    if normalised == q:
        return qs.filter(narrowed(text | Q(doc_number__icontains=q), q, indexed=by_index))
    number = narrowed(Q(doc_number__icontains=normalised), normalised, indexed=by_index)
    return qs.filter(narrowed(text, q, indexed=by_index) | number)


def register_rows(user, *, year: int, series_id: int | None = None) -> QuerySet[OutgoingDocument]:
    """发文登记簿 [30(5)]: the numbered documents of a year in number order. For people whose role reads the
    register, every number is a row: one they may not read (classified, not cleared or not on it) has
    ``readable`` False and shows its number and level only — a masked row, never a gap that looks like a lost
    number [32]. Anyone else sees only their own readable rows."""
    condition = VISIBILITY.condition(user)
    if condition is None:
        return OutgoingDocument.objects.none()
    numbered = OutgoingDocument.objects.filter(year=year, serial__isnull=False)
    if user.has_perm(VISIBILITY.perm):
        readable = Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        qs = numbered.annotate(readable=readable)
    else:
        qs = numbered.filter(condition).annotate(readable=Value(True, output_field=BooleanField()))
    if series_id:
        qs = qs.filter(series_id=series_id)
    # In the order of the index (year, series, serial): no sort of the year's rows before the first page.
    return (
        qs.select_related("series", "line", "drafter__profile")
        .defer("body", "body_file_text")
        .order_by("series_id", "serial")
    )


# --- one document's parts ---------------------------------------------------------------------------------------


def route_of(doc: OutgoingDocument, round_: int | None = None) -> list[RouteStep]:
    """The steps of a round (the current one by default) with their gate sign-offs, in order."""
    return list(
        doc.steps.filter(round=round_ or doc.round)
        .select_related("assignee__profile")
        .prefetch_related(Prefetch("gates", queryset=GateCheck.objects.select_related("checked_by__profile")))
        .order_by("phase", "seq", "id")
    )


def all_steps_of(doc: OutgoingDocument) -> list[RouteStep]:
    """Every step of every round, for the 公文处理单."""
    return list(
        doc.steps.select_related("assignee__profile")
        .prefetch_related(Prefetch("gates", queryset=GateCheck.objects.select_related("checked_by__profile")))
        .order_by("round", "phase", "seq", "id")
    )


def revisions_of(doc: OutgoingDocument) -> list[Revision]:
    return list(doc.revisions.select_related("author__profile").defer("body").order_by("-number"))


def attachments_of(doc: OutgoingDocument, *, include_removed: bool = False) -> list[Attachment]:
    qs = doc.attachments.select_related("uploaded_by__profile").order_by("kind", "seq", "id")
    if not include_removed:
        qs = qs.filter(removed_at__isnull=True)
    return list(qs)


def get_attachment_for(user, pk, attachment_pk) -> Attachment:
    doc = get_outgoing_for(user, pk)
    try:
        return doc.attachments.get(pk=attachment_pk)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404("该附件不存在，或您无权查看。") from None


def history_of(doc: OutgoingDocument) -> list[TransitionLog]:
    return list(doc.log.select_related("actor__profile").order_by("at", "id"))


def recipients_of(doc: OutgoingDocument) -> list[Recipient]:
    return list(doc.recipients.select_related("user__profile", "unit").order_by("id"))


def signatures_of(doc: OutgoingDocument) -> list[RouteStep]:
    """The signing steps done in the current round, in order: 签发人 on upward documents, the sheet."""
    return list(
        doc.steps.filter(round=doc.round, phase=Phase.SIGN, status=StepStatus.DONE)
        .select_related("assignee__profile")
        .order_by("seq", "acted_at")
    )
