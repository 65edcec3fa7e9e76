"""What the archive needs to file an outgoing document (立卷归档 [30(5)], [33]) and keep it while classified [31].

Registered by ``OutgoingConfig.ready()`` with ``core.archive``; the records chapter reads only the registry.
"""

from __future__ import annotations

from django.db.models import Q

from core.archive import ArchiveKind, ScheduleKind
from core.pdf import ARCHIVAL, render_pdf

from . import printing
from .choices import Importance, State
from .models import OutgoingDocument
from .selectors import outgoing_visible_to
from .services import FLOW


def retention_kinds(doc: OutgoingDocument) -> list[str]:
    """The retention schedule's kinds describing ``doc``, most specific first [33]."""
    kinds = []
    if doc.importance == Importance.NORMATIVE:
        kinds.append("outgoing_normative")
    if doc.importance == Importance.IMPORTANT:
        kinds.append("outgoing_important")
    if doc.doc_type == "letter":
        kinds.append("outgoing_letter")
    return [*kinds, "outgoing_any"]


def parts(doc: OutgoingDocument) -> list[tuple[str, str, bytes]]:
    """The whole history of how it was written [30(5)]: the 公文处理单, the document as issued, every revision;
    as PDF/A [33]."""
    name = doc.doc_number or f"发文{doc.pk}"
    revisions = doc.revisions.select_related("author__profile").order_by("number")
    return [
        ("公文处理单", f"公文处理单-{name}.pdf", _pdf_a("outgoing/pdf/sheet.html", printing.sheet_context(doc))),
        ("正式文件", f"正式文件-{name}.pdf", printing.render_document(doc, pdf_variant=ARCHIVAL)),
        (
            "文稿修改记录",
            f"文稿修改记录-{name}.pdf",
            _pdf_a("outgoing/pdf/revisions.html", {"doc": doc, "revisions": revisions}),
        ),
    ]


def _pdf_a(template_name: str, context: dict) -> bytes:
    return render_pdf(template_name, context, pdf_variant=ARCHIVAL)


def files(doc: OutgoingDocument) -> list[tuple[str, str, str]]:
    """Its files (the signed original's scan, attachments …), as they are stored."""
    return [(a.get_kind_display(), a.name, a.file.name) for a in doc.attachments.all()]


def by_number(number: str) -> Q | None:
    """发文字号 as printed: 杂政〔2026〕12号."""
    return Q(doc_number=number) if "〔" in number or number.endswith("号") else None


def in_year(year: int) -> Q:
    """A document's year is its numbering year; a draft never numbered belongs to the year it was begun."""
    return Q(year=year) | Q(year__isnull=True, created_at__year=year)


ARCHIVE_KIND = ArchiveKind(
    key="outgoing",
    label="发文",
    model=OutgoingDocument,
    visible_to=outgoing_visible_to,
    flow=FLOW,
    file_transition="file_away",
    file_refusal="只有已分发的发文，才能由收发秘书或档案管理员立卷归档 [30(5)]。",
    filing_note="公文处理单、正式文件、全部修改稿与附件一并归入此件 [第三十条(五)]。",
    ready_to_file_state=State.DISTRIBUTED,
    out_of_custody_states=(State.FILED, State.ABANDONED),
    unfiled_exempt_states=(State.FILED, State.ABANDONED),
    retention_kinds=retention_kinds,
    schedule=(
        ScheduleKind("outgoing_normative", "发文·规范性文件", "Y", 11),
        ScheduleKind("outgoing_important", "发文·重要公文", "Y", 12),
        ScheduleKind("outgoing_letter", "发文·函", "D10", 13),
        ScheduleKind("outgoing_any", "发文·其他", "D30", 45),
    ),
    archive_class=("FW", "发文", 2),
    parts=parts,
    files=files,
    number_label="发文字号",
    number_example="杂政〔2026〕12号",
    by_number=by_number,
    in_year=in_year,
)
