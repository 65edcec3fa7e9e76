"""政府工作报告任务分解: the sheet offices keep, imported with every row checked and nothing half-imported, and
exported again with each task's status — a unit contact's export holding their unit's tasks only [11], [37], [40]."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.workflow import ActionRefused
from ops import xlsx
from org.selectors import display_name
from supervision import exports, imports, services
from supervision.models import Item, Source, State
from supervision.selectors import items_visible_to

from .factories import TODAY, feedback

pytestmark = pytest.mark.django_db

HEADER = ["序号", "任务内容", "牵头领导", "牵头单位", "协办单位", "完成时限"]


def sheet(*rows, title: str | None = "2026年政府工作报告重点任务分解表", header=HEADER) -> bytes:
    book = xlsx.workbook()
    ws = book.active
    ws.title = "任务分解"
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    return xlsx.save(book)


def good_rows(office):
    dept, town, station = (office.units[k] for k in ("department", "township", "county_unit"))
    return [
        (
            1,
            "完成测试乡三条村道硬化。年底前验收。",
            display_name(office["fuxianzhang1"]),
            dept.name,
            town.short_name,
            "2026-12-31",
        ),
        (2, "新建牧区寄宿制小学一所", display_name(office["changwu"]), town.name, "", date(2026, 11, 30)),
        (3, "气象灾害预警覆盖全部行政村", "", station.short_name, f"{dept.short_name}、{town.name}", "2026年10月31日"),
    ]


def run(office, data: bytes, **extra):
    return imports.import_tasks(
        actor=office["guikou2"],
        data=data,
        year=2026,
        first_responsible=office["fuzhuren"],
        handler=office["guikou2"],
        **extra,
    )


def test_a_good_sheet_registers_every_task_and_starts_tracking_11_37(office):
    """[11], [37]: the tasks split out of the work report become items — task, lead leader (the 分管副县长),
    lead unit, assisting units, deadline — tracked at once."""
    result = run(office, sheet(*good_rows(office)))
    assert result.ok and len(result.items) == 3
    items = list(Item.objects.order_by("serial"))
    assert [i.state for i in items] == [State.TRACKING] * 3
    assert {i.source for i in items} == {Source.WORK_REPORT}
    first, second, third = items
    assert first.title == "完成测试乡三条村道硬化" and first.text.endswith("年底前验收。")
    assert first.deputy_head == office["fuxianzhang1"] and first.lead_unit == office.units["department"]
    assert list(first.assisting_units.all()) == [office.units["township"]]
    assert first.deadline == date(2026, 12, 31) and second.deadline == date(2026, 11, 30)
    assert second.deputy_head == office["changwu"]  # the executive deputy head leads too [39]
    assert third.deputy_head is None and third.deadline == date(2026, 10, 31)
    assert {u.pk for u in third.assisting_units.all()} == {office.units["department"].pk, office.units["township"].pk}
    assert {i.first_responsible for i in items} == {office["fuzhuren"]}


def test_a_sheet_with_one_bad_row_imports_nothing_and_names_the_row_37(office):
    """[37]: one unknown unit among good rows — the row is reported by its number in the sheet, nothing is
    imported (the good rows neither)."""
    rows = good_rows(office)
    rows.insert(1, (9, "修缮县城主干道", "", "不存在的单位", "", "2026-12-31"))
    result = run(office, sheet(*rows))
    assert not result.ok and result.items == []
    assert result.messages() == ["第4行：牵头单位“不存在的单位”不在系统的单位名录中。"]  # title row 1, header row 2
    assert Item.objects.count() == 0


def test_every_bad_row_is_reported_with_its_reason_37_39(office):
    """[37], [39]: empty task, a leader who is not a 副县长, a date that is not one, a unit both lead and
    assisting, an unknown assisting unit — each row by number; nothing imported."""
    dept = office.units["department"].name
    result = run(
        office,
        sheet(
            (1, "", "", dept, "", "2026-12-31"),
            (2, "任务乙", display_name(office["xianzhang"]), dept, "", "2026-12-31"),
            (3, "任务丙", "", dept, "", "年底前"),
            (4, "任务丁", "", dept, dept, "2026-02-30"),
            (5, "任务戊", "", dept, "某某局", ""),
            title=None,
        ),
    )
    text = "\n".join(result.messages())
    assert "第2行：任务内容为空" in text
    assert f"第3行：牵头领导“{display_name(office['xianzhang'])}”不是系统中的副县长" in text
    assert "第4行：完成时限“年底前”不是日期" in text
    assert "第5行：" in text and "已是牵头单位" in text and "2026-02-30" in text
    assert "第6行：协办单位“某某局”不在系统的单位名录中；完成时限为空" in text
    assert Item.objects.count() == 0


def test_a_row_the_service_refuses_rolls_back_the_rows_before_it_37(office):
    """[37]: the rows are registered in one transaction; a row the service refuses (a deadline years ago) undoes
    the rows already registered — never half a list."""
    rows = [*good_rows(office), (4, "任务过期", "", office.units["department"].name, "", "2020-01-01")]
    result = run(office, sheet(*rows))
    assert result.messages() == ["第6行：办结时限不正确。"]
    assert result.items == [] and Item.objects.count() == 0


def test_what_is_not_a_sheet_and_who_may_import_37(office):
    assert run(office, b"not a workbook").messages() == [
        "文件不是 Excel 工作簿（.xlsx）。请用系统提供的模板填写，或另存为 .xlsx 后上传。"
    ]
    assert "找不到表头" in run(office, sheet(("a", "b"), header=["甲", "乙"])).messages()[0]
    assert "缺少列：完成时限" in run(office, sheet(header=["任务内容", "牵头单位"])).messages()[0]
    with pytest.raises(ActionRefused):
        imports.import_tasks(
            actor=office["xianzhang"],
            data=sheet(*good_rows(office)),
            year=2026,
            first_responsible=office["fuzhuren"],
            handler=office["guikou2"],
        )


def test_the_template_reads_back_and_its_example_row_is_refused_37(office):
    """The template's header is the import's; its example row is refused (placeholders), so nothing slips in."""
    data = imports.template_xlsx(2026)
    book = load_workbook(BytesIO(data))
    assert [c.value for c in book["任务分解"][1]] == HEADER and "说明" in book.sheetnames
    result = run(office, data)
    assert not result.ok and result.messages()[0].startswith("第2行：牵头领导“（副县长姓名）”")


def _rows(data: bytes) -> list[list]:
    ws = load_workbook(BytesIO(data))["任务分解"]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=1) if row[1].value]


def test_the_export_is_the_same_sheet_with_status_and_a_contact_gets_their_unit_only_11_40(office, clock):
    """[11]: the export repeats the import's columns and fills in number, state, lateness, latest progress;
    [40]: a unit contact's export holds their unit's tasks, nothing else."""
    run(office, sheet(*good_rows(office)))
    first = Item.objects.get(lead_unit=office.units["department"])
    feedback(office, first, text="两条村道已完工")
    clock.move_to("2027-01-05 09:00+08:00")  # the first task is now late
    content = exports.work_report_xlsx(items_visible_to(office["zhuren"]).filter(year=2026), year=2026)
    header, *rows = _rows(content)
    assert header[:6] == HEADER and header[6:9] == ["督查编号", "状态", "是否逾期"]
    by_task = {r[1]: r for r in rows}
    late = by_task["完成测试乡三条村道硬化。年底前验收。"]
    assert late[3] == office.units["department"].name and late[7] == "督办中" and late[8] == "逾期未办结"
    assert late[9] == "两条村道已完工" and late[2] == display_name(office["fuxianzhang1"])
    assert len(rows) == 3
    # The township's contact: the task their unit leads, and the one it assists — not the weather station's alone.
    contact = exports.work_report_xlsx(items_visible_to(office["lianluo"]).filter(year=2026), year=2026)
    tasks = sorted(r[1] for r in _rows(contact)[1:])
    assert tasks == sorted(
        ["完成测试乡三条村道硬化。年底前验收。", "新建牧区寄宿制小学一所", "气象灾害预警覆盖全部行政村"]
    )
    services.item_cancel(
        actor=office["fuzhuren"], pk=Item.objects.get(text="新建牧区寄宿制小学一所").pk, reason="并入其他项目"
    )
    office["lianluo"].profile.unit = office.units["county_unit"]
    office["lianluo"].profile.save()
    from django.contrib.auth import get_user_model

    station_contact = get_user_model().objects.get(pk=office["lianluo"].pk)
    tasks = [
        r[1]
        for r in _rows(exports.work_report_xlsx(items_visible_to(station_contact).filter(year=2026), year=2026))[1:]
    ]
    assert tasks == ["气象灾害预警覆盖全部行政村"]


def test_a_formula_typed_as_a_task_stays_text_in_the_export(office):
    run(
        office,
        sheet((1, '=HYPERLINK("http://x.test","点我")', "", office.units["department"].name, "", "2026-12-31")),
    )
    ws = load_workbook(BytesIO(exports.work_report_xlsx(Item.objects.all(), year=2026)))["任务分解"]
    cell = ws.cell(2, 2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_today_is_known(office):
    assert date(2026, 9, 14) == TODAY
