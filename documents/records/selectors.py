"""What records people may see. Titles of classified papers come only through the documents' own
visibility selectors; everyone else sees a number and a level, never a title [31], [32]."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from documents.types import SecretLevel
from org.selectors import clearance_of

from . import rules
from .kinds import KINDS, kind_of
from .models import DestructionList, FileItem


def out_of_safe(key: str) -> QuerySet:
    """Every classified paper of one kind not back in the safe: handed out and not returned, or never
    placed [31]. Filed papers are with the archive; 退文 and 撤稿 are no longer the office's to keep."""
    kind = kind_of(key)
    return (
        kind.model.objects.filter(secret_level__gt=SecretLevel.NONE)
        .exclude(state__in=kind.custody_exempt_states)
        .exclude(custody__place="safe")
        .select_related("custody__holder__profile")
        .order_by("created_at", "pk")
    )


def custody_rows(user) -> list[dict]:
    """The end-of-day custody list as this person may see it: a title only where they may see the paper."""
    rows = []
    for kind in KINDS.values():
        visible = set(kind.visible_to(user).filter(secret_level__gt=0).values_list("pk", flat=True))
        for doc in out_of_safe(kind.key):
            custody = getattr(doc, "custody", None)
            rows.append(
                {
                    "kind": kind,
                    "doc": doc,
                    "number": kind.number(doc),
                    "level": SecretLevel(doc.secret_level).label,
                    "title": doc.title if doc.pk in visible else "（无权查看标题）",
                    "visible": doc.pk in visible,
                    "where": (
                        f"已送交{custody.holder.profile.full_name}" if custody and custody.holder_id else "未登记去向"
                    ),
                    "since": custody.since if custody else None,
                }
            )
    return rows


def to_file(user) -> list[tuple]:
    """Finished documents ready to be filed: incoming originals back with the clerk [26(5)], outgoing
    documents distributed [30(5)]."""
    rows = []
    for kind in KINDS.values():
        for doc in kind.visible_to(user).filter(state=kind.ready_to_file_state).order_by("pk")[:200]:
            rows.append((kind, doc))
    return rows


def unfiled_of_year(user, year: int) -> list[tuple]:
    """A year's documents not filed yet — what the 30 June hand-over is waiting for [33]."""
    rows = []
    for kind in KINDS.values():
        qs = kind.visible_to(user).exclude(state__in=kind.unfiled_exempt_states)
        qs = (
            qs.filter(year=year)
            if kind.key == "incoming"
            else qs.filter(Q(year=year) | Q(year__isnull=True, created_at__year=year))
        )
        rows += [(kind, doc) for doc in qs.order_by("pk")]
    return rows


def items_visible_to(user) -> QuerySet[FileItem]:
    """Archive items through the document's own visibility; destruction lists for records keepers and
    leaders, classified ones only where cleared [32]."""
    condition = Q(incoming__in=KINDS["incoming"].visible_to(user).values("pk")) | Q(
        outgoing__in=KINDS["outgoing"].visible_to(user).values("pk")
    )
    if rules.is_records_keeper(user) or rules.can_approve_destruction(DestructionList(drawn_up_by_id=None), user):
        condition |= Q(destruction_list__isnull=False, secret_level__lte=clearance_of(user))
    return FileItem.objects.filter(condition).select_related("archive_class", "transfer")


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
    visible = {
        "incoming": set(
            KINDS["incoming"]
            .visible_to(user)
            .filter(pk__in=[e.incoming_id for e in entries if e.incoming_id])
            .values_list("pk", flat=True)
        ),
        "outgoing": set(
            KINDS["outgoing"]
            .visible_to(user)
            .filter(pk__in=[e.outgoing_id for e in entries if e.outgoing_id])
            .values_list("pk", flat=True)
        ),
    }
    rows = []
    for e in entries:
        seen = (e.incoming_id in visible["incoming"]) or (e.outgoing_id in visible["outgoing"])
        hidden = e.secret_level > 0 and not seen
        label = SecretLevel(e.secret_level).label if e.secret_level else ""
        rows.append({"entry": e, "description": f"涉密材料（{label}）" if hidden else e.description})
    return rows


def last_year() -> int:
    return timezone.localdate().year - 1
