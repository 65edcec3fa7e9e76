"""Paper and spreadsheets of 请销假 [51], [54]: the 请假审批单 (PDF) and the monthly 考勤汇总 (Excel).

Both read through ``selectors`` (the visibility rule applies); the Excel cells that hold typed text can never
become formulas (a name or a reason beginning with "=" stays text): the workbook is saved by ``ops.xlsx``.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.pdf import render_pdf
from ops import xlsx
from org.roles import OFFICE_STAFF
from org.selectors import display_name

from . import rules
from .models import LeaveKind, LeaveRequest
from .selectors import chain_of, month_calendar

XLSX_TYPE = xlsx.CONTENT_TYPE
HALF = Decimal("0.5")
ZERO = Decimal(0)


disposition = xlsx.disposition


# --- 请假审批单 ----------------------------------------------------------------------------------------------------


def form_pdf(req: LeaveRequest) -> bytes:
    """请假审批单: who, what, when, where, why, who covers; the approver's post, rule and article, opinion and
    date; 续假 and 销假 — the form a clerk files or a person carries [51], [54]."""
    log = list(req.log.select_related("actor__profile").order_by("at", "id"))
    decision = next((e for e in reversed(log) if e.action in ("approve", "reject")), None)
    returned = next((e for e in reversed(log) if e.action == "return"), None)
    return render_pdf(
        "leave/pdf/form.html",
        {
            "req": req,
            "person": display_name(req.person),
            "section": req.person.profile.section.name
            if getattr(req.person, "profile", None) and req.person.profile.section_id
            else "",
            "approver": display_name(req.approver) if req.approver else "",
            "cover": display_name(req.cover) if req.cover else "",
            "decision": decision,
            "returned": returned,
            "returned_by": display_name(req.returned_by) if req.returned_by_id else "",
            "chain": chain_of(req) if req.extends_id or req.extensions.exists() else [],
            "printed_at": timezone.localtime(),
        },
    )


# --- 考勤汇总 ------------------------------------------------------------------------------------------------------


def attendance_rows(user, *, year: int, month: int, section_id: int | None = None):
    """(kinds, rows): per person, the working days away in the month by kind, from the month calendar (what
    really happened after 销假). Those who see all get every member of the office's staff, away or not."""
    cal = month_calendar(user, year=year, month=month, section_id=section_id)
    kinds = list(LeaveKind.objects.order_by("sort_order", "name").values_list("name", flat=True))
    away: dict[int, tuple[str, str, dict[str, Decimal]]] = {}
    for section in cal.sections:
        for row in section.rows:
            by_kind: dict[str, Decimal] = {}
            for cell in row.cells:
                if not cell.working:
                    continue
                for what in (cell.morning, cell.afternoon):
                    if what:
                        by_kind[what] = by_kind.get(what, ZERO) + HALF
            away[row.person.pk] = (section.name, row.name, by_kind)
    extra = sorted({k for _, _, by_kind in away.values() for k in by_kind} - set(kinds))
    kinds += extra  # clerk-recorded reasons (会议, 出差 …) that are not leave kinds
    people = []
    if rules.sees_all(user):
        qs = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[r.value for r in OFFICE_STAFF])
            .select_related("profile__section")
            .order_by("profile__section__sort_order", "profile__section_id", "profile__sort_order", "id")
            .distinct()
        )
        if section_id is not None:
            qs = qs.filter(profile__section_id=section_id)
        people = [
            (p.pk, p.profile.section.name if p.profile.section_id else "未分科室", display_name(p))
            for p in qs
            if hasattr(p, "profile")
        ]
    seen = {pk for pk, _, _ in people}
    people += [(pk, section, name) for pk, (section, name, _) in away.items() if pk not in seen]
    working_days = sum(1 for _, working in cal.days if working)
    rows = []
    for pk, section, name in people:
        by_kind = away.get(pk, ("", "", {}))[2]
        total = sum(by_kind.values(), ZERO)
        rows.append([section, name, *[by_kind.get(k, ZERO) for k in kinds], total, Decimal(working_days) - total])
    return kinds, rows, working_days


def attendance_xlsx(user, *, year: int, month: int, section_id: int | None = None) -> bytes:
    kinds, rows, working_days = attendance_rows(user, year=year, month=month, section_id=section_id)
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = f"{year}年{month}月考勤汇总"
    header = ["科室", "姓名", *kinds, "外出合计", "在岗天数"]
    sheet.append([f"杂多县政府办公室{year}年{month}月考勤汇总（本月工作日{working_days}天，单位：工作日）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(header)
    thin = Side(style="thin", color="999999")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        cell.fill = PatternFill("solid", start_color="DCE6F1")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for values in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    sheet.append([])
    sheet.append([f"依据规章第五十一、五十四条；导出时间 {timezone.localtime():%Y-%m-%d %H:%M}"])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 12
    for index in range(3, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 9
    sheet.freeze_panes = "C3"
    return xlsx.save(book)
