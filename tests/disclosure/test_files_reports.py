"""政务公开 files [36]: the assessment 通报 as PDF (text, an embedded CJK font) and Excel (a typed "=cmd" stays
text), the inspection's findings list as PDF — a unit's 联络员 sees no other unit in any of them, nor in the
statistics."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from disclosure import services, statistics
from tests import requires

from .factories import CONTACT, LEADER, OFFICER, finding, running, scheme, scored

pytestmark = [pytest.mark.django_db, requires.poppler]


def fonts_embedded(content: bytes, tmp_path: Path) -> bool:
    """Every font of the PDF embedded, a CJK one among them (poppler's pdffonts)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    return bool(rows) and any("CJK" in r or "Noto" in r for r in rows) and all(" yes " in r for r in rows)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def confirmed_year(office):
    the_scheme = scheme(office)
    for unit, points in (("township", (35, 25, 28)), ("department", (38, 29, 30))):
        a = scored(office, the_scheme, unit=unit, points=points)
        services.assessment_confirm(actor=office[LEADER], pk=a.pk)
    return the_scheme


def test_the_assessment_report_pdf_ranks_the_units_with_an_embedded_font_36(office, client_as, tmp_path):
    """[36]: the 通报: title, the ranking (best first), the office's signature; the CJK font embedded."""
    confirmed_year(office)
    response = client_as(OFFICER).get(reverse("disclosure:assessment_pdf", args=[2026]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "2026年度全县政务公开工作考核结果的通报" in text.replace("\n", "")
    assert text.index(office.units["department"].name) < text.index(office.units["township"].name)
    assert "97" in text and "88" in text and "（40）" in text
    assert fonts_embedded(response.content, tmp_path)
    assert "尚未全部确认" not in text


def test_an_unconfirmed_year_prints_as_a_marked_draft_36(office, client_as):
    """[36]: until an office leader confirmed every assessment, the PDF says it is not the 通报."""
    scored(office, scheme(office))
    text = pdf_text(client_as(OFFICER).get(reverse("disclosure:assessment_pdf", args=[2026])).content)
    assert "尚未全部确认" in text


def test_the_assessment_excel_neutralises_formulas_36(office, client_as):
    """[36]: the ranking in Excel; a unit named "=cmd|' /C calc'!A0" stays text."""
    confirmed_year(office)
    township = office.units["township"]
    township.name = "=cmd|' /C calc'!A0"
    township.save(update_fields=["name"])
    response = client_as(OFFICER).get(reverse("disclosure:assessment_xlsx", args=[2026]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content))["考核结果"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == [1, 2]
    cell = sheet.cell(row=4, column=2)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s" and cell.quotePrefix
    assert rows[0][-2] == 97.0


def test_the_findings_pdf_of_a_unit_contact_holds_their_unit_only_36(office, client_as, tmp_path):
    """[36]: the inspection's findings list; a 联络员's copy names no other unit."""
    inspection = running(office)
    finding(office, inspection, unit="township", problem="乡镇：公开目录未更新")
    finding(office, inspection, unit="department", problem="部门：预算未公开")
    full = pdf_text(client_as(OFFICER).get(reverse("disclosure:inspection_pdf", args=[inspection.pk])).content)
    assert "乡镇：公开目录未更新" in full and "部门：预算未公开" in full
    response = client_as(CONTACT).get(reverse("disclosure:inspection_pdf", args=[inspection.pk]))
    assert response.status_code == 200 and fonts_embedded(response.content, tmp_path)
    mine = pdf_text(response.content)
    assert "乡镇：公开目录未更新" in mine
    assert "部门：预算未公开" not in mine and office.units["department"].name not in mine


def test_statistics_count_findings_and_rectification_on_time_36(office, client_as, clock):
    """[36]: per unit: accepted on time or late, waiting, overdue; 按期整改率 = 按期 ÷ (已验收 + 逾期未整改)."""
    from datetime import date

    inspection = running(office)
    on_time = finding(office, inspection, unit="township", due_on=date(2026, 9, 20))
    late = finding(office, inspection, unit="township", due_on=date(2026, 9, 16))
    finding(office, inspection, unit="department", due_on=date(2026, 9, 15))
    services.rectification_report(actor=office[CONTACT], pk=on_time.pk, report="已整改")
    services.rectification_accept(actor=office[OFFICER], pk=on_time.pk)
    clock.move_to("2026-09-18 09:00+08:00")
    services.rectification_report(actor=office[CONTACT], pk=late.pk, report="已整改（逾期）")
    services.rectification_accept(actor=office[OFFICER], pk=late.pk)
    s = statistics.year_statistics(office[OFFICER], year=2026)
    by_unit = {u.label: u for u in s.units}
    town, dept = by_unit[office.units["township"].name], by_unit[office.units["department"].name]
    assert (town.on_time, town.late_done, town.overdue, town.rate) == (1, 1, 0, "50.0%")
    assert (dept.total, dept.open, dept.overdue, dept.rate) == (1, 1, 1, "0.0%")
    assert s.total.rate == "33.3%"
    page = client_as(OFFICER).get(reverse("disclosure:stats")).content.decode()
    assert "33.3%" in page and 'id="disclosure-stats-data"' in page and "<script>" not in page


def test_a_unit_contacts_statistics_name_no_other_unit_36(office, client_as):
    """[36]: the figures, the chart data and the ranking are the contact's unit's only."""
    inspection = running(office)
    finding(office, inspection, unit="township")
    finding(office, inspection, unit="department")
    confirmed_year(office)
    s = statistics.year_statistics(office[CONTACT], year=2026)
    assert [u.label for u in s.units] == [office.units["township"].name]
    assert [r.unit_name for r in s.ranking] == [office.units["township"].name]
    page = client_as(CONTACT).get(reverse("disclosure:stats")).content.decode()
    assert office.units["department"].name not in page
    assert (office.units["department"].short_name or "§") not in page


def test_the_findings_register_excel_is_the_persons_rows_and_neutralises_formulas_36(office, client_as):
    """[36]: the officer's export has every unit's findings, a 联络员's their unit's only; a problem typed as
    "=cmd|…" stays text."""
    inspection = running(office)
    finding(office, inspection, unit="township", problem="=cmd|' /C calc'!A0")
    finding(office, inspection, unit="department", problem="部门：预算未公开")

    def rows(username):
        response = client_as(username).get(reverse("disclosure:findings_xlsx") + "?state=all")
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content))["整改问题"]
        return sheet, [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]

    sheet, all_rows = rows(OFFICER)
    assert {r[2] for r in all_rows} == {office.units["township"].name, office.units["department"].name}
    cell = next(c for r in sheet.iter_rows(min_row=3) for c in r if c.value == "=cmd|' /C calc'!A0")
    assert cell.data_type == "s" and cell.quotePrefix
    _, mine = rows(CONTACT)
    assert [r[2] for r in mine] == [office.units["township"].name]
    assert "部门：预算未公开" not in str(mine)
    assert client_as(OFFICER).get(reverse("disclosure:findings_xlsx") + "?state=bad").status_code == 400
