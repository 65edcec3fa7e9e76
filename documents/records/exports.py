"""Records on paper: the custody list [31], the 移交清册 and file register [33], the 销毁清册 [34]."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Font

from core.pdf import render_pdf
from ops import xlsx
from org.selectors import display_name

from .models import DestructionList

SECRET_LABELS = {0: "", 1: "秘密", 2: "机密", 3: "绝密"}
ITEM_COLUMNS = [
    ("档号", 26),
    ("件号", 6),
    ("题名", 50),
    ("年度", 6),
    ("保管期限", 10),
    ("分类", 12),
    ("密级", 6),
    ("归档时间", 12),
]


def item_row(item) -> list:
    return [
        item.archive_code,
        item.number,
        # On an official list every 件 has its row; one the reader may not open shows no title [32], [33].
        f"（{SECRET_LABELS.get(item.secret_level, '')}文件，无权查看题名）"
        if getattr(item, "masked", False)
        else item.title,
        item.year,
        item.get_retention_display(),
        item.archive_class.name,
        SECRET_LABELS.get(item.secret_level, ""),
        timezone.localtime(item.filed_at).strftime("%Y-%m-%d"),
    ]


def items_xlsx(items, title: str, filename: str) -> HttpResponse:
    """归档文件目录 / 移交清册 as Excel: a year's files, streamed (``ops.xlsx.write_only_workbook``) row by row."""
    book = xlsx.write_only_workbook()
    sheet = xlsx.write_only_sheet(book, "归档文件目录", widths=[width for _, width in ITEM_COLUMNS])
    sheet.append([xlsx.cell_style(sheet, font=Font(bold=True, size=14))(title)])
    bold = xlsx.cell_style(sheet, font=Font(bold=True))
    sheet.append([bold(c) for c, _ in ITEM_COLUMNS])
    for item in items:
        sheet.append(item_row(item))
    return xlsx.response(book, filename)  # a title typed as "=…" stays text [33]


def items_pdf(items, title: str, subtitle: str = "") -> bytes:
    return render_pdf(
        "records/pdf/items.html",
        {
            "title": title,
            "subtitle": subtitle,
            "columns": [c for c, _ in ITEM_COLUMNS],
            "rows": [item_row(i) for i in items],
            "printed_at": timezone.localtime(),
        },
    )


def custody_pdf(rows) -> bytes:
    return render_pdf("records/pdf/custody.html", {"rows": rows, "printed_at": timezone.localtime()})


def destruction_pdf(
    dl: DestructionList, descriptions: list[str] | None = None, *, pdf_variant: str | None = None
) -> bytes:
    """The 销毁清册. ``descriptions`` replaces the entries' names where the reader may not see them; the filed
    copy is PDF/A [33], [34]."""
    entries = list(dl.entries.all())
    names = descriptions if descriptions is not None else [e.description for e in entries]
    return render_pdf(
        "records/pdf/destruction.html",
        {
            "dl": dl,
            "entries": list(zip(entries, names, strict=True)),
            "supervisors": [
                (display_name(s.supervisor), s.signed_at) for s in dl.supervisions.select_related("supervisor__profile")
            ],
            "drawn_up_by": display_name(dl.drawn_up_by),
            "approved_by": display_name(dl.approved_by) if dl.approved_by_id else "",
            "printed_at": timezone.localtime(),
        },
        pdf_variant=pdf_variant,
    )
