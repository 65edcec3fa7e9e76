"""印信 registers as Excel [7]: the 印章登记簿 and the 用印登记簿 through ops/xlsx.py — their rows, what each person's
export holds (a 联络员's only their unit's seals), the list's filters, and typed text that stays text."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from seals import services
from seals.models import Purpose

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_seal_register_lists_every_seal_for_the_clerk_7(office, client_as):
    """[7] 印章登记簿: title, headers, one row per seal in registration order, the owner and the keeper."""
    own = f.county_seal(office)
    unit_seal = f.handed_over_application(office).seal
    rows = rows_of(client_as("shoufa").get(fp.url("register_xlsx")))
    assert rows[0][0].startswith("印章登记簿")
    assert rows[1][:5] == ("序号", "登记编号", "印文", "种类", "所属单位")
    assert [r[1] for r in rows[2:]] == [own.number, unit_seal.number]
    assert rows[2][4] == "杂多县人民政府" and rows[2][5] == office["shoufa"].profile.full_name
    assert rows[3][4] == "测试乡人民政府" and rows[3][5] == "才仁多杰" and rows[3][7] == "在用"


def test_a_contacts_register_holds_only_their_unit_7(office, client_as):
    """[7] A 联络员's export: their own unit's seals only, titled 本单位印章登记簿."""
    f.county_seal(office)
    ours = f.handed_over_application(office).seal
    f.handed_over_application(office, unit="department", actor=f.CLERK, seal_name="测试县农牧局")
    response = client_as("lianluo").get(fp.url("register_xlsx"))
    assert "本单位印章登记簿" in response["Content-Disposition"] or "%E6%9C%AC" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0][0].startswith("本单位印章登记簿")
    assert [r[1] for r in rows[2:]] == [ours.number]


def test_register_export_follows_the_lists_filters_7(office, client_as):
    """[7] The export is the list as filtered: a suspended seal only when 停用 is asked for."""
    a = f.county_seal(office)
    b = f.office_seal(office)
    services.seal_suspend(actor=office["shoufa"], pk=b.pk, reason="送修")
    rows = rows_of(client_as("zhuren").get(fp.url("register_xlsx", query="state=suspended")))
    assert [r[1] for r in rows[2:]] == [b.number]
    assert rows[2][9] == "送修"
    assert a.number not in [r[1] for r in rows[2:]]


def test_use_register_lists_each_use_with_its_ground_7(office, client_as):
    """[7] 用印登记簿: time, seal, subject, purpose, copies, the request it rests on, who approved and stamped."""
    use = f.use(office)
    rows = rows_of(client_as("shoufa").get(fp.url("uses_xlsx")))
    assert rows[0][0].startswith("用印登记簿")
    assert rows[1] == (
        "序号",
        "用印时间",
        "印章",
        "用印事由",
        "类别",
        "份数",
        "依据",
        "批准人",
        "监印人",
        "备注",
        "作废",
    )
    row = rows[2]
    assert row[2] == "杂多县人民政府" and row[3] == use.subject and row[4] == "函件" and row[5] == 2
    assert row[6] == use.request.number
    assert row[7] == office["zhuren"].profile.full_name and row[8] == office["shoufa"].profile.full_name


def test_a_staff_members_use_export_holds_their_own_requests_only_7(office, client_as):
    """[7] The uses a staff member may see are those of their own requests; so is their export."""
    seal = f.county_seal(office)
    mine = f.use(office, seal, actor="guikou1")
    f.use(office, seal, actor="guikou2")
    rows = rows_of(client_as("guikou1").get(fp.url("uses_xlsx")))
    assert [r[6] for r in rows[2:]] == [mine.request.number]
    assert client_as("lianluo").get(fp.url("uses_xlsx")).status_code == 403


def test_typed_formulas_stay_text_in_the_exports_7(office, client_as):
    """[7] A subject typed as a formula is written as text (ops/xlsx.py), never a live formula."""
    seal = f.county_seal(office)
    req = services.request_submit(
        actor=office["guikou1"],
        data=services.RequestData(seal_id=seal.pk, subject='=HYPERLINK("http://x","点")', purpose=Purpose.OTHER),
    )
    services.request_approve(actor=office["zhuren"], pk=req.pk)
    services.use_record(actor=office["shoufa"], data=services.UseData(seal_id=seal.pk, request_id=req.pk))
    response = client_as("shoufa").get(fp.url("uses_xlsx"))
    sheet = load_workbook(BytesIO(response.content)).active
    cell = sheet.cell(row=3, column=4)
    assert cell.value == '=HYPERLINK("http://x","点")' and cell.data_type == "s" and cell.quotePrefix


def test_a_bad_filter_on_an_export_is_a_400_7(office, client_as):
    """[7] A hand-edited month on the export is a 400 in Chinese, not a file."""
    page = client_as("shoufa").get(fp.url("uses_xlsx", query="month=13-2026"))
    assert page.status_code == 400 and "筛选条件不正确" in page.content.decode()
