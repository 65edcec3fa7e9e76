"""政务信息登记簿 as Excel [44], [46]: every item of the period as the person may see it (``items_visible_to``),
with where it was sent, where it was adopted, the leaders' 批示 and the points it earned by the rules of its
adoption dates.

Saved by ``ops.xlsx``, the project's one Excel writer: a title typed as ``=cmd|' /C calc'!A0`` stays text.
Sendings and adoptions are read per chunk of items (``prefetch_related``), so the queries grow with the chunks,
not the rows.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill

from ops import xlsx

from .models import Adoption, InformationItem, Sending
from .scoring import OFFICE_LABEL, points_label, scored

MAX_ROWS = 20000
CHUNK = 1000
HEADER = [
    "序号",
    "标题",
    "类别",
    "报送单位",
    "撰稿人",
    "来稿时间",
    "状态",
    "报送情况",
    "采用情况",
    "领导批示",
    "得分",
]
WIDTHS = [7, 44, 9, 20, 10, 17, 9, 30, 40, 36, 8]
WRAPPED = (1, 7, 8, 9)  # 标题, 报送情况, 采用情况, 领导批示
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
WRAP = Alignment(vertical="top", wrap_text=True)


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = xlsx.disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _rows(items: QuerySet[InformationItem]):
    qs = (
        items.select_related("unit")
        .only("id", "title", "kind", "unit_id", "unit__name", "author", "submitted_at", "state")
        .order_by("submitted_at", "id")
        .prefetch_related(
            Prefetch("sendings", queryset=Sending.objects.order_by("sent_on", "id")),
            Prefetch("adoptions", queryset=scored(Adoption.objects.order_by("adopted_on", "id"))),
        )
    )
    return qs[:MAX_ROWS].iterator(chunk_size=CHUNK)


def register_xlsx(items: QuerySet[InformationItem], *, label: str) -> tuple[bytes, int]:
    """The register of ``items`` (already the person's visible ones) and how many rows it holds. Streamed
    (``ops.xlsx.write_only_workbook``) as the chunks are read: a year's register runs to thousands of rows."""
    book = xlsx.write_only_workbook()
    sheet = xlsx.write_only_sheet(book, "政务信息登记簿", widths=WIDTHS, freeze_panes="A4")
    sheet.append([xlsx.cell_style(sheet, font=Font(bold=True, size=14))(f"政务信息登记簿（{label}）")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}；得分按各条采用之日有效的计分标准计算 [46]。"])
    header = xlsx.cell_style(
        sheet, font=BOLD, fill=HEADER_FILL, alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)
    )
    sheet.append([header(value) for value in HEADER])
    wrap = xlsx.cell_style(sheet, alignment=WRAP)  # the long texts wrap; a style on every cell would double the time
    count = 0
    for count, item in enumerate(_rows(items), start=1):
        sendings = list(item.sendings.all())
        adoptions = list(item.adoptions.all())
        points = sum((a.level_points + a.instruction_points for a in adoptions), start=0)
        values = [
            count,
            item.title,
            item.get_kind_display(),
            item.unit.name if item.unit_id else OFFICE_LABEL,
            item.author,
            timezone.localtime(item.submitted_at).strftime("%Y-%m-%d %H:%M"),
            item.get_state_display(),
            "；".join(f"{s.get_target_display()} {s.sent_on:%Y-%m-%d}（{s.get_channel_display()}）" for s in sendings),
            "；".join(
                f"{a.get_level_display()} {a.adopted_on:%Y-%m-%d}" + (f" {a.publication}" if a.publication else "")
                for a in adoptions
            ),
            "；".join(
                (f"{a.instructed_by}：" if a.instructed_by else "") + a.instruction.strip()
                for a in adoptions
                if a.instruction.strip()
            ),
            points_label(points) if adoptions else "",
        ]
        for index in WRAPPED:
            values[index] = wrap(values[index])
        sheet.append(values)
    if count >= MAX_ROWS:
        sheet.append([f"仅导出前{MAX_ROWS}条，请按年度或月份分段导出。"])
    return xlsx.save(book), count
