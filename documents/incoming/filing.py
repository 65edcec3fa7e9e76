"""What the archive needs to file an incoming document (立卷归档 [26(5)], [33]) and keep it while classified [31].

Registered by ``IncomingConfig.ready()`` with ``core.archive``; the records chapter reads only the registry.
"""

from __future__ import annotations

import re

from django.db.models import Q

from core.archive import ArchiveKind, ScheduleKind
from core.pdf import ARCHIVAL

from . import exports
from .models import Category, IncomingDocument, Intake, State
from .selectors import incoming_visible_to
from .services import FLOW


def retention_kinds(doc: IncomingDocument) -> list[str]:
    """The retention schedule's kinds describing ``doc``, most specific first [33]."""
    kinds = ["incoming_request"] if doc.intake == Intake.REQUEST else []
    kinds.append("incoming_handle" if doc.category == Category.HANDLE else "incoming_read")
    return [*kinds, "incoming_any"]


def parts(doc: IncomingDocument) -> list[tuple[str, str, bytes]]:
    """The 批阅单 with every leader's instruction goes into the 件 with the original [26(5)], [28(2)5], as PDF/A
    [33]."""
    return [("批阅单", f"文件批阅单-{doc.serial_label}.pdf", exports.sheet_pdf(doc, pdf_variant=ARCHIVAL))]


def files(doc: IncomingDocument) -> list[tuple[str, str, str]]:
    """The scanned original and the other uploads, as they are stored."""
    return [(a.get_kind_display(), a.name, a.file.name) for a in doc.attachments.all()]


def by_number(number: str) -> Q | None:
    """收文流水号 as people write it: 2026-15."""
    match = re.fullmatch(r"(\d{4})-(\d+)", number)
    return Q(year=int(match[1]), serial=int(match[2])) if match else None


ARCHIVE_KIND = ArchiveKind(
    key="incoming",
    label="收文",
    model=IncomingDocument,
    visible_to=incoming_visible_to,
    flow=FLOW,
    file_transition="file_document",
    file_refusal="只有原件已收回的收文，才能由收发秘书或档案管理员立卷归档 [26(5)]。",
    filing_note="批阅单（含领导批示）与原件一并归入此件 [第二十六条(五)]。",
    ready_to_file_state=State.RETURNED,
    out_of_custody_states=(State.FILED, State.SENT_BACK),
    unfiled_exempt_states=(State.FILED, State.SENT_BACK, State.HANDED_OUT),
    retention_kinds=retention_kinds,
    schedule=(
        ScheduleKind("incoming_handle", "收文·批办件", "D30", 20),
        ScheduleKind("incoming_read", "收文·批阅件", "D10", 30),
        ScheduleKind("incoming_request", "收文·请示件", "D30", 10),
        ScheduleKind("incoming_any", "收文·其他", "D10", 40),
    ),
    archive_class=("SW", "收文", 1),
    parts=parts,
    files=files,
    number_label="收文流水号",
    number_example="2026-15",
    by_number=by_number,
)
