"""督查 registers, files and figures as pages: statistics with charts and tables and their Excel, the work-report
import and export, the proposals' pages and yearly summary, the 催办通知单 and the 督查通报 — each through the one
visibility selector (a unit contact's pages and files hold their unit only), refusals in Chinese, never a 500
[11], [12], [37]–[40], [31], [32]."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.workflow import ActionRefused
from org.models import SecretLevel
from supervision import services
from supervision.models import Bulletin, Item, Satisfaction, State
from tests import requires

from .factories import feedback, item, pdf, proposal, tracked
from .test_files_import import HEADER, good_rows, sheet

pytestmark = pytest.mark.django_db


def chart_data(response) -> dict:
    html = response.content.decode()
    return json.loads(html.split('id="supervision-stats-data" type="application/json">')[1].split("</script>")[0])


def xlsx_rows(response, sheet_name=None) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    ws = book[sheet_name] if sheet_name else book.active
    return [[c.value for c in row] for row in ws.iter_rows()]


# --- statistics [11] ------------------------------------------------------------------------------------------


def test_the_statistics_page_draws_charts_from_the_figures_in_its_tables_11(client_as, office, clock):
    done = tracked(office, days=1, title="测试：按期办结")
    services.item_submit_close(actor=office["guikou2"], pk=done.pk, result="已办")
    services.item_close(actor=office["fuzhuren"], pk=done.pk)
    tracked(office, days=1, unit="township", title="测试：逾期未办结")
    clock.move_to("2026-09-20 09:00+08:00")
    page = client_as("xianzhang").get(reverse("supervision:statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in html and 'id="chart-units"' in html and 'data-table="units"' in html
    data = chart_data(page)
    assert data["rate"] == 50.0
    units = dict(zip(data["units"]["names"], data["units"]["rates"], strict=True))
    assert units == {office.units["department"].name: 100.0, office.units["township"].name: 0.0}
    assert "测试：逾期未办结" in html and "data-on-time-rate>50.0%" in html
    assert client_as("xianzhang").get(reverse("supervision:statistics") + "?year=abc").status_code == 200
    assert client_as("dazi").get(reverse("supervision:statistics")).status_code == 403  # not a working role


def test_a_unit_contacts_statistics_and_excel_hold_their_unit_only_40(client_as, office, clock):
    """[40]: the township's contact sees the township's figures; the department's are in neither page nor file."""
    tracked(office, days=1, title="测试：部门的事项")
    tracked(office, days=1, unit="township", title="测试：乡里的事项")
    clock.move_to("2026-09-20 09:00+08:00")
    client = client_as("lianluo")
    page = client.get(reverse("supervision:statistics"))
    html = page.content.decode()
    assert "测试：乡里的事项" in html and "测试：部门的事项" not in html
    assert office.units["department"].name not in html
    rows = xlsx_rows(client.get(reverse("supervision:statistics_xlsx")), "逾期事项")
    assert [r[1] for r in rows[2:]] == ["测试：乡里的事项"]
    assert office.units["department"].name not in str(xlsx_rows(client.get(reverse("supervision:statistics_xlsx"))))


def test_the_statistics_page_costs_the_same_queries_for_few_items_as_for_many_11(client_as, office, count_queries):
    client = client_as("zhuren")
    tracked(office, days=5)
    client.get(reverse("supervision:statistics"))
    with count_queries() as few:
        assert client.get(reverse("supervision:statistics")).status_code == 200
    for index, unit in enumerate(["township", "county_unit", "peer", "department"] * 3):
        obj = tracked(office, days=5 + index, unit=unit, first_responsible=office["fuzhuren_wenmi"])
        feedback(office, obj)
    with count_queries() as many:
        assert client.get(reverse("supervision:statistics")).status_code == 200
    assert len(many) == len(few), [q["sql"][:200] for q in many.captured_queries]


# --- the work-report import and export [11], [37] -------------------------------------------------------------


def upload(data: bytes, name="任务分解.xlsx"):
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def import_form(office, data: bytes, **extra) -> dict:
    return {
        "sheet": upload(data),
        "year": 2026,
        "first_responsible": office["fuzhuren"].pk,
        "handler": office["guikou2"].pk,
        "start": "on",
        **extra,
    }


def test_the_import_page_refuses_a_sheet_with_a_bad_row_and_imports_nothing_37(client_as, office):
    """[37]: the page lists every bad row by number; nothing is registered; the corrected sheet goes through."""
    client = client_as("guikou2")
    assert client.get(reverse("supervision:work_report_import")).status_code == 200
    rows = [*good_rows(office), (4, "", "", "不存在的单位", "", "明年")]
    page = client.post(reverse("supervision:work_report_import"), import_form(office, sheet(*rows)))
    assert page.status_code == 400
    html = page.content.decode()
    assert "未导入任何任务" in html and "第6行：任务内容为空；牵头单位“不存在的单位”不在系统的单位名录中" in html
    assert Item.objects.count() == 0
    done = client.post(reverse("supervision:work_report_import"), import_form(office, sheet(*good_rows(office))))
    assert done.status_code == 302 and Item.objects.filter(state=State.TRACKING).count() == 3
    listing = client.get(done["Location"]).content.decode()
    assert "新建牧区寄宿制小学一所" in listing


def test_the_import_is_the_offices_and_the_template_is_its_sheet_37(client_as, office):
    assert client_as("xianzhang").get(reverse("supervision:work_report_import")).status_code == 403
    assert client_as("lianluo").get(reverse("supervision:work_report_template")).status_code == 403
    rows = xlsx_rows(client_as("guikou2").get(reverse("supervision:work_report_template")))
    assert rows[0] == HEADER
    page = client_as("guikou2").post(reverse("supervision:work_report_import"), import_form(office, b"%PDF-1.4"))
    assert page.status_code == 400 and "不是 Excel 工作簿" in page.content.decode()


def test_the_exported_sheet_of_a_unit_contact_has_their_units_tasks_only_11_40(client_as, office):
    """[11], [40]: the same sheet with status; the township's contact gets the tasks the township leads or
    assists, not the others."""
    client_as("guikou2").post(reverse("supervision:work_report_import"), import_form(office, sheet(*good_rows(office))))
    dept_only = tracked(office, days=20, title="测试：部门独办的任务", text="测试：农牧局独自牵头的一项任务")
    office_rows = xlsx_rows(client_as("xianzhang").get(reverse("supervision:work_report_xlsx")))
    contact_rows = xlsx_rows(client_as("lianluo").get(reverse("supervision:work_report_xlsx")))
    assert len([r for r in office_rows[1:] if r[1]]) == 4
    tasks = [r[1] for r in contact_rows[1:] if r[1] and r[0]]
    assert len(tasks) == 3 and dept_only.text not in tasks
    page = client_as("lianluo").get(reverse("supervision:work_report")).content.decode()
    assert "测试乡" in page and dept_only.text[:20] not in page


# --- proposals [12] -------------------------------------------------------------------------------------------


def tracked_proposal(office, *, source="deputy_proposal", number="建议第12号", **kwargs):
    if source == "deputy_proposal" and number == "建议第12号":
        obj = proposal(office, **kwargs)
    else:
        obj = item(
            office,
            source=source,
            days=None,
            proposal_number=number,
            proposer="测试委员",
            session="测试县政协第一届委员会第三次会议",
            assigned_on=date(2026, 9, 14),
            **kwargs,
        )
    return services.item_start(actor=office["guikou2"], pk=obj.pk)


def test_a_proposal_cannot_close_without_its_answer_letter_uploaded_on_its_page_12(client_as, office):
    """[12]: 报请办结 is refused until the answer letter is in; the page uploads it, then the item can close."""
    obj = tracked_proposal(office)
    page = client_as("guikou2").get(reverse("supervision:proposal", args=[obj.pk]))
    html = page.content.decode()
    assert (
        page.status_code == 200
        and "建议第12号" in html
        and "测试代表" in html
        and "测试县第一届人民代表大会第三次会议" in html
    )
    assert "2026年12月14日" in html  # three months from assignment (14 September)
    with pytest.raises(ActionRefused, match="答复函"):
        services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已答复")
    bad = client_as("guikou2").post(
        reverse("supervision:proposal_answer", args=[obj.pk]), {"answered_on": "2026-09-14"}
    )
    assert bad.status_code == 400
    done = client_as("guikou2").post(
        reverse("supervision:proposal_answer", args=[obj.pk]), {"letter": pdf(), "answered_on": "2026-09-14"}
    )
    assert done.status_code == 302
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已答复")
    assert services.item_close(actor=office["fuzhuren"], pk=obj.pk).state == State.DONE
    answer = obj.answers.get()
    letter = client_as("xianzhang").get(reverse("supervision:proposal_answer_file", args=[obj.pk, answer.pk]))
    assert letter.status_code == 200 and letter["X-Content-Type-Options"] == "nosniff"


def test_dissatisfied_proposer_brings_a_second_handling_12(client_as, office):
    """[12]: 不满意 after the first answer: the proposal is handled again with a new answer deadline."""
    obj = tracked_proposal(office)
    services.proposal_attach_answer(actor=office["guikou2"], pk=obj.pk, upload=pdf(), answered_on=date(2026, 9, 14))
    services.item_submit_close(actor=office["guikou2"], pk=obj.pk, result="已答复")
    obj = services.item_close(actor=office["fuzhuren"], pk=obj.pk)
    response = client_as("guikou2").post(
        reverse("supervision:proposal_satisfaction", args=[obj.pk]),
        {"satisfaction": Satisfaction.DISSATISFIED, "version": obj.version},
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.state == State.TRACKING and obj.handling_round == 2
    html = client_as("guikou2").get(reverse("supervision:proposal", args=[obj.pk])).content.decode()
    assert "第2轮（二次办理）" in html and "上传第2轮答复函" in html


def test_the_yearly_summary_per_unit_and_its_excel_12(client_as, office):
    first = tracked_proposal(office)
    services.proposal_attach_answer(actor=office["guikou2"], pk=first.pk, upload=pdf(), answered_on=date(2026, 9, 14))
    services.proposal_record_satisfaction(actor=office["guikou2"], pk=first.pk, satisfaction=Satisfaction.SATISFIED)
    tracked_proposal(office, source="cppcc_proposal", number="提案第34号", unit="township")
    page = client_as("xianzhang").get(reverse("supervision:proposal_summary"))
    assert page.status_code == 200
    rows = xlsx_rows(client_as("xianzhang").get(reverse("supervision:proposal_summary_xlsx")))
    by_unit = {r[0]: r[1:] for r in rows[2:] if r[0]}
    assert by_unit[office.units["department"].name][:8] == [1, 0, 1, 1, 1, 1, 0, 0]
    assert by_unit[office.units["township"].name][:4] == [0, 1, 1, 0]
    assert by_unit["合计"][2] == 2
    contact = xlsx_rows(client_as("lianluo").get(reverse("supervision:proposal_summary_xlsx")))
    assert office.units["department"].name not in str(contact)
    listing = client_as("lianluo").get(reverse("supervision:proposals")).content.decode()
    assert "提案第34号" in listing and "建议第12号" not in listing


def test_the_proposal_list_costs_the_same_queries_for_few_as_for_many_12(client_as, office, count_queries):
    client = client_as("guikou2")
    tracked_proposal(office)
    client.get(reverse("supervision:proposals"))
    with count_queries() as few:
        client.get(reverse("supervision:proposals"))
    for n in range(8):
        tracked_proposal(office, number=f"建议第{20 + n}号", unit=["township", "peer"][n % 2])
    with count_queries() as many:
        assert client.get(reverse("supervision:proposals")).status_code == 200
    assert len(many) == len(few)


# --- the papers [40], [11] ------------------------------------------------------------------------------------


@requires.poppler
def test_the_urge_notice_is_for_a_late_item_and_for_the_office_only_40(client_as, office, clock):
    """[40]: the office prints it for a late item; an item not late has none; a unit contact of another unit
    and an outsider to a classified item get a 404; a county leader is not the office (403)."""
    late = tracked(office, days=1)
    fresh = tracked(office, days=30)
    secret = tracked(office, days=1, secret_level=SecretLevel.SECRET, handler=office["guikou1"])
    clock.move_to("2026-09-20 09:00+08:00")
    assert (
        client_as("guikou2").get(reverse("supervision:urge_pdf", args=[late.pk]))["Content-Type"] == "application/pdf"
    )
    assert client_as("guikou2").get(reverse("supervision:urge_pdf", args=[fresh.pk])).status_code == 400
    assert client_as("lianluo").get(reverse("supervision:urge_pdf", args=[late.pk])).status_code == 404
    assert client_as("guikou3").get(reverse("supervision:urge_pdf", args=[secret.pk])).status_code == 404
    assert client_as("xianzhang").get(reverse("supervision:urge_pdf", args=[late.pk])).status_code == 403


@requires.poppler
def test_the_bulletin_page_previews_issues_and_keeps_the_issued_paper_11_40(client_as, office, clock):
    tracked(office, days=1)
    clock.move_to("2026-09-30 09:00+08:00")
    period = {"start": "2026-09-01", "end": "2026-09-30", "title": ""}
    assert client_as("guikou2").get(reverse("supervision:bulletins")).status_code == 200
    preview = client_as("guikou2").get(reverse("supervision:bulletin_preview"), period)
    assert preview["Content-Type"] == "application/pdf" and Bulletin.objects.count() == 0
    assert client_as("guikou2").post(reverse("supervision:bulletin_issue"), period).status_code == 403
    issued = client_as("zhuren").post(reverse("supervision:bulletin_issue"), period)
    assert issued.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.number_label == "〔2026〕第1期" and bulletin.overdue == 1
    paper = client_as("fuzhuren").get(reverse("supervision:bulletin_pdf", args=[bulletin.pk]))
    assert paper.status_code == 200 and b"".join(paper.streaming_content).startswith(b"%PDF")
    assert client_as("lianluo").get(reverse("supervision:bulletins")).status_code == 403
    assert client_as("lianluo").get(reverse("supervision:bulletin_pdf", args=[bulletin.pk])).status_code == 403
    bad = client_as("zhuren").post(reverse("supervision:bulletin_issue"), {"start": "2026-09-30", "end": "2026-09-01"})
    assert bad.status_code == 400 and Bulletin.objects.count() == 1
