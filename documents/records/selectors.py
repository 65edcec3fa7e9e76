"""What records people may see. Titles of classified papers come only through the documents' own
visibility selector; everyone else sees a serial and a level, never a title [31], [32]."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from documents.incoming.models import IncomingDocument, State
from documents.incoming.selectors import incoming_visible_to
from documents.types import SecretLevel

from . import rules
from .models import DestructionList, FileItem

CUSTODY_EXEMPT_STATES = (State.FILED, State.SENT_BACK)


def out_of_safe() -> QuerySet[IncomingDocument]:
    """Every classified paper not back in the safe: handed out and not returned, or never placed [31].
    Filed papers are with the archive; papers sent back (退文) have left the office."""
    return (
        IncomingDocument.objects.filter(secret_level__gt=SecretLevel.NONE)
        .exclude(state__in=CUSTODY_EXEMPT_STATES)
        .exclude(custody__place="safe")
        .select_related("custody__holder__profile")
        .order_by("year", "serial")
    )


def custody_rows(user) -> list[dict]:
    """The end-of-day custody list as this person may see it: a title only where they may see the paper."""
    visible = set(incoming_visible_to(user).filter(secret_level__gt=0).values_list("pk", flat=True))
    rows = []
    for doc in out_of_safe():
        custody = getattr(doc, "custody", None)
        rows.append(
            {
                "doc": doc,
                "title": doc.title if doc.pk in visible else "（无权查看标题）",
                "visible": doc.pk in visible,
                "where": (
                    f"已送交{custody.holder.profile.full_name}" if custody and custody.holder_id else "未登记去向"
                ),
                "since": custody.since if custody else None,
            }
        )
    return rows


def to_file(user) -> QuerySet[IncomingDocument]:
    """Finished documents whose original is back: ready to be filed [26(5)]."""
    return (
        incoming_visible_to(user).filter(state=State.RETURNED).select_related("source_unit").order_by("year", "serial")
    )


def unfiled_of_year(user, year: int) -> QuerySet[IncomingDocument]:
    """A year's documents not filed yet — what the 30 June hand-over is waiting for [33]."""
    return (
        incoming_visible_to(user)
        .filter(year=year)
        .exclude(state__in=[State.FILED, State.SENT_BACK, State.HANDED_OUT])
        .order_by("serial")
    )


def items_visible_to(user) -> QuerySet[FileItem]:
    """Archive items: through the document's own visibility; destruction lists for records keepers and
    leaders, classified ones only where cleared [32]."""
    from documents.incoming.selectors import clearance_of

    condition = Q(incoming__in=incoming_visible_to(user).values("pk"))
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
    entries = list(dl.entries.select_related("incoming"))
    visible = set(
        incoming_visible_to(user)
        .filter(pk__in=[e.incoming_id for e in entries if e.incoming_id])
        .values_list("pk", flat=True)
    )
    rows = []
    for e in entries:
        hidden = e.secret_level > 0 and e.incoming_id not in visible
        label = SecretLevel(e.secret_level).label if e.secret_level else ""
        rows.append({"entry": e, "description": f"涉密材料（{label}）" if hidden else e.description})
    return rows


def last_year() -> int:
    return timezone.localdate().year - 1
