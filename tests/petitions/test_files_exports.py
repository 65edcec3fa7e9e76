"""信访登记簿 as Excel [48]: every case of the period, with its petitioners' personal data MASKED for everyone —
the petition staff included — and the sheet's header says so (issue 19: exports are masked); formula injection
neutralised (ops.xlsx); only the petition staff and the leaders download it."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from petitions.exports import MASKED_NOTE

from .factories import accepted, group_visit, id_number, person, phone, registered

pytestmark = pytest.mark.django_db


def register_of(client, query: str = "?year=2026"):
    response = client.get(reverse("petitions:register_xlsx") + query)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    return load_workbook(BytesIO(response.content))["信访登记簿"]


def test_the_register_masks_personal_data_for_everyone_and_says_so_48(office, client_as):
    """[48] (issue 19): petition staff and leaders alike get 才**, 6327**********0012, 139****0001 — never clear."""
    accepted(office, title="冬季草场边界争议", people=[person(1, name="才仁多杰")])
    group_visit(office, title="牧民搬迁补偿款未发放")
    for key in ("xinfang", "zhuren", "xianzhang"):
        sheet = register_of(client_as(key))
        assert sheet["A2"].value == MASKED_NOTE and "已隐去" in sheet["A2"].value
        header = [c.value for c in sheet[3]]
        assert "身份证号码（已隐去）" in header and "信访人（已隐去）" in header
        rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4, max_row=5)]
        first = dict(zip(header, rows[0], strict=True))
        assert (
            first["信访人（已隐去）"] == "才***"
            and first["身份证号码（已隐去）"] == "6327**********" + id_number(1)[-4:]
        )
        assert first["联系电话（已隐去）"] == "139****0001" and first["信访事由"] == "冬季草场边界争议"
        group = dict(zip(header, rows[1], strict=True))
        assert group["人数"] == 8 and group["集体访"] == "是" and group["信访人（已隐去）"].count("、") == 2
        everything = " ".join(str(c.value) for r in sheet.iter_rows() for c in r)
        for secret in ("才仁多杰", id_number(1), phone(1), "萨呼腾镇第1村1号"):
            assert secret not in everything, (key, secret)


def test_a_title_typed_as_a_formula_stays_text(office, client_as):
    """ops.xlsx: a 事由 typed as =HYPERLINK(…) is shown as typed, never a live formula."""
    registered(office, title='=HYPERLINK("http://x.example","点击查看")')
    sheet = register_of(client_as("xinfang"))
    cell = sheet.cell(4, 12)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix


def test_only_petition_staff_and_leaders_download_the_register_47(office, client_as):
    """[47]: a unit's contact, a handler with no role in petitions and an outsider get 403."""
    registered(office)
    url = reverse("petitions:register_xlsx")
    for key, status in (("xinfang", 200), ("zhuren", 200), ("lianluo", 403), ("guikou2", 403), ("dazi", 403)):
        assert client_as(key).get(url).status_code == status, key
    assert client_as("xinfang").get(url + "?year=2026&month=13").status_code == 400


def test_the_register_costs_the_same_queries_for_few_and_many_cases(office, client_as, count_queries):
    registered(office, title="第一件")
    client = client_as("xinfang")
    client.get(reverse("petitions:register_xlsx"))
    with count_queries() as few:
        client.get(reverse("petitions:register_xlsx"))
    for n in range(2, 12):
        registered(office, title=f"事项第{n}号关于不同的问题", people=[person(n), person(n + 50)])
    with count_queries() as many:
        client.get(reverse("petitions:register_xlsx"))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
