"""What records people may see. Titles of classified papers come only through the documents' own
visibility selectors; everyone else sees a number and a level, never a title [31], [32]."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core import archive
from documents.types import SecretLevel
from org.selectors import clearance_of, cleared_for

from . import rules
from .models import Custody, DestructionList, FileItem, FixityCheck, FixityProblem, content_type_of


def out_of_safe(key: str) -> QuerySet:
    """Every classified paper of one kind not back in the safe: handed out and not returned, or never
    placed [31]. Filed papers are with the archive; 退文 and 撤稿 are no longer the office's to keep.
    Each paper carries ``custody_since`` and ``custody_holder_id`` (None when its place was never recorded)."""
    kind = archive.kind_of(key)
    custody = Custody.objects.of_kind(kind).filter(object_id=OuterRef("pk"))
    return (
        kind.model.objects.filter(secret_level__gt=SecretLevel.NONE)
        .exclude(state__in=kind.out_of_custody_states)
        .filter(~Exists(custody.filter(place=Custody.Place.SAFE)))
        .annotate(custody_since=custody.values("since")[:1], custody_holder_id=custody.values("holder")[:1])
        .order_by("created_at", "pk")
    )


def custody_rows(user) -> list[dict]:
    """The end-of-day custody list as this person may see it: a title only where they may see the paper."""
    rows = []
    for kind in archive.all_kinds():
        docs = list(out_of_safe(kind.key))
        visible = set(kind.visible_to(user).filter(pk__in=[d.pk for d in docs]).values_list("pk", flat=True))
        holders = get_user_model().objects.filter(pk__in={d.custody_holder_id for d in docs} - {None})
        names = {u.pk: u.profile.full_name for u in holders.select_related("profile")}
        for doc in docs:
            rows.append(
                {
                    "kind": kind,
                    "doc": doc,
                    "number": kind.number(doc),
                    "level": SecretLevel(doc.secret_level).label,
                    "title": doc.title if doc.pk in visible else "（无权查看标题）",
                    "visible": doc.pk in visible,
                    "where": f"已送交{names[doc.custody_holder_id]}" if doc.custody_holder_id else "未登记去向",
                    "since": doc.custody_since,
                }
            )
    return rows


def custody_recipients(level: int) -> QuerySet:
    """Whom a classified paper of ``level`` may be handed to: the office's active staff as every picker lists
    them (org.selectors.pickable_people) whose clearance covers the level [31]; the service checks it again."""
    return cleared_for(level)


def to_file(user) -> list[dict]:
    """Finished documents ready to be filed: incoming originals back with the clerk [26(5)], outgoing
    documents distributed [30(5)] — whatever each registered kind calls ready."""
    rows = []
    for kind in archive.all_kinds():
        for doc in kind.visible_to(user).filter(state=kind.ready_to_file_state).order_by("pk")[:200]:
            rows.append({"kind": kind, "doc": doc, "number": kind.number(doc), "url": kind.url(doc)})
    return rows


def unfiled_in_year(kind: archive.ArchiveKind, year: int) -> QuerySet:
    """THE answer to “which of ``year``'s documents are not filed yet” [33]: the kind's documents of that year
    (``in_year``) but those filed or never to be filed (``unfiled_exempt_states``). The 档案 page, the hand-over
    page and the 1 May reminders all count this, so they never disagree."""
    return kind.model.objects.exclude(state__in=kind.unfiled_exempt_states).filter(kind.in_year(year))


def unfiled_count(year: int) -> int:
    return sum(unfiled_in_year(kind, year).count() for kind in archive.all_kinds())


def unfiled_of_year(user, year: int, limit: int | None = None) -> list[dict]:
    """A year's documents not filed yet — every one of them, what the 30 June hand-over is waiting for [33].
    One this person may not open is a masked row (kind, number, level; no title, no link) [32]: never left
    out, so the list and its count are the reminders'."""
    rows = []
    for kind in archive.all_kinds():
        qs = unfiled_in_year(kind, year).order_by("pk")
        if limit is not None:
            qs = qs[: max(limit - len(rows), 0)]
        docs = list(qs)
        readable = set(kind.visible_to(user).filter(pk__in=[d.pk for d in docs]).values_list("pk", flat=True))
        for doc in docs:
            shown = doc.pk in readable
            rows.append(
                {
                    "kind": kind,
                    "doc": doc if shown else None,
                    "number": kind.number(doc),
                    "level": SecretLevel(doc.secret_level).label if doc.secret_level else "",
                    "state": doc.get_state_display(),
                    "url": kind.url(doc) if shown else "",
                    "masked": not shown,
                }
            )
    return rows


def items_visible_to(user) -> QuerySet[FileItem]:
    """Archive items through the document's own visibility, one indexed (content type, id) condition per
    kind; destruction lists for records keepers and leaders, classified ones only where cleared [32]."""
    condition = Q(pk__in=[])
    for kind in archive.all_kinds():
        condition |= Q(content_type=content_type_of(kind), object_id__in=kind.visible_to(user).values("pk"))
    if rules.is_records_keeper(user) or rules.can_approve_destruction(DestructionList(drawn_up_by_id=None), user):
        condition |= Q(destruction_list__isnull=False, secret_level__lte=clearance_of(user))
    return FileItem.objects.filter(condition).select_related("archive_class", "transfer")


def hand_over_items(user, year: int) -> list[FileItem]:
    """移交清册 [33]: every 件 of ``year`` — as many as the hand-over moves. A 件 whose document this person may
    not open keeps its 档号, 件号, level and dates, with ``masked`` set and no title [32]."""
    items = list(
        FileItem.objects.filter(year=year)
        .select_related("archive_class", "transfer")
        .order_by("archive_class__code", "number")
    )
    readable = set(items_visible_to(user).filter(year=year).values_list("pk", flat=True))
    for item in items:
        item.masked = item.pk not in readable
    return items


def pending_hand_over_count(year: int) -> int:
    """What 登记移交 will move [33]: every filed 件 of ``year`` not yet handed over."""
    return FileItem.objects.filter(year=year, transfer__isnull=True).count()


def filed_item(doc) -> FileItem | None:
    """The 件 a document was filed as (its page has already checked the reader may see it) [33]."""
    return FileItem.objects.of(doc).order_by("pk").first()


def with_links(items) -> list[FileItem]:
    """Each item with ``link``, its document's page (through its kind; one query per kind on the page)."""
    items = list(items)
    by_type = {content_type_of(kind).pk: kind for kind in archive.all_kinds()}
    for item in items:
        kind = by_type.get(item.content_type_id)
        item.link = kind.url(item.document) if kind is not None and item.document is not None else ""
    return items


def archive_search(user, *, year=None, retention="", archive_class=None, q="") -> QuerySet[FileItem]:
    qs = items_visible_to(user)
    if year:
        qs = qs.filter(year=year)
    if retention:
        qs = qs.filter(retention=retention)
    if archive_class:
        qs = qs.filter(archive_class_id=archive_class)
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(archive_code__icontains=q))
    return qs.order_by("-year", "archive_class__code", "number")


def destruction_lists_visible_to(user) -> QuerySet[DestructionList]:
    """Records keepers and leaders see every destruction list; any staff member sees the approved ones,
    so that they can come and supervise [34(3)]."""
    if rules.is_records_keeper(user) or rules.can_approve_destruction(DestructionList(drawn_up_by_id=None), user):
        return DestructionList.objects.all()
    return DestructionList.objects.filter(
        Q(state__in=["approved", "destroyed"], supervisions__supervisor=user) | Q(state="approved")
    ).distinct()


def entry_rows(user, dl: DestructionList) -> list[dict]:
    """Entries as this person may read them: a classified copy's name only where they may see its document."""
    entries = list(dl.entries.all())
    seen = set()
    for kind in archive.all_kinds():
        content_type = content_type_of(kind)
        ids = [e.object_id for e in entries if e.content_type_id == content_type.pk]
        if ids:
            seen |= {
                (content_type.pk, pk) for pk in kind.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
            }
    rows = []
    for e in entries:
        hidden = e.secret_level > 0 and (e.content_type_id, e.object_id) not in seen
        label = SecretLevel(e.secret_level).label if e.secret_level else ""
        rows.append({"entry": e, "description": f"涉密材料（{label}）" if hidden else e.description})
    return rows


def document_by_number(user, number: str):
    """The document people name by its number (收文流水号 2026-15, 发文字号 杂政〔2026〕12号 …), through each
    kind's visibility selector; ``None`` for no number. Raises ``LookupError`` with what to tell them."""
    if not number:
        return None
    missing = []
    for kind in archive.all_kinds():
        condition = kind.by_number(number)
        if condition is None:
            continue
        doc = kind.visible_to(user).filter(condition).first()
        if doc is not None:
            return doc
        missing.append(f"没有{kind.number_label}为 {number} 的{kind.label}，或您无权查看。")
    hint = "或".join(
        f"{kind.number_label}（如 {kind.number_example}）" if kind.number_example else kind.number_label
        for kind in archive.all_kinds()
    )
    raise LookupError("".join(missing) + f"请填写{hint}。")


def last_year() -> int:
    return timezone.localdate().year - 1


def open_fixity_problems(user) -> list[FixityProblem]:
    """完整性检查 [33]: the filed files that failed the check and are not whole again, each with ``title`` as this
    records keeper may read it — a classified 件's title only where its document is visible to them [32]."""
    problems = list(
        FixityProblem.objects.filter(closed_by=None)
        .select_related("component__item", "found_by", "last_seen_by")
        .order_by("component__item__archive_code", "component_id")
    )
    items = {p.component.item_id for p in problems}
    visible = set(items_visible_to(user).filter(pk__in=items).values_list("pk", flat=True)) if items else set()
    for problem in problems:
        item = problem.component.item
        shown = item.secret_level == SecretLevel.NONE or item.pk in visible
        problem.title = item.title if shown else f"（{SecretLevel(item.secret_level).label}件，无权查看标题）"
        problem.part = problem.component.name if shown else problem.component.kind
    return problems


def fixity_runs(limit: int = 12) -> list[FixityCheck]:
    """The latest runs of the integrity check, newest first."""
    return list(FixityCheck.objects.order_by("-started_at", "-id")[:limit])
