"""督查统计 for leaders: on-time rate per unit and per source, late items with the reasons the units gave, items per
leader — the same figures in charts, tables and the Excel export, through the one visibility selector (a unit
contact's figures are their unit's; a classified item counts only for those who may see it) [11], [37]–[40]."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from org.models import SecretLevel
from supervision import exports, services, statistics

from .factories import feedback, tracked

pytestmark = pytest.mark.django_db


def finish(office, item):
    services.item_submit_close(actor=office["guikou2"], pk=item.pk, result="已办结，验收合格")
    return services.item_close(actor=office["fuzhuren"], pk=item.pk)


def scenario(office, clock):
    """Department: one done on time, one not due. Township: one done late (with a reason), one late and open."""
    not_due = tracked(office, days=30, title="测试：部门未到期事项")
    on_time = tracked(office, days=2, title="测试：部门按期事项")
    finish(office, on_time)
    late_done = tracked(office, days=1, unit="township", title="测试：乡镇逾期办结事项")
    overdue = tracked(office, days=2, unit="township", title="测试：乡镇逾期未办结事项")
    clock.move_to("2026-09-19 09:00+08:00")
    feedback(office, late_done, late_reason="上级资金未按期到位", text="资金已到位，正在收尾")
    finish(office, late_done)
    return not_due, on_time, late_done, overdue


def test_the_on_time_rate_per_unit_counts_late_open_items_against_the_unit_11_40(office, clock):
    """[11], [40]: 按期办结率 = 按期办结 ÷ (已办结 + 逾期未办结); an item not yet due counts neither way."""
    scenario(office, clock)
    s = statistics.year_statistics(office["zhuren"], year=2026)
    by_unit = {f.label: f for f in s.units}
    dept, town = by_unit[office.units["department"].name], by_unit[office.units["township"].name]
    assert (dept.on_time, dept.late_done, dept.overdue, dept.not_due, dept.rate) == (1, 0, 0, 1, "100.0%")
    assert (town.on_time, town.late_done, town.overdue, town.not_due, town.rate) == (0, 1, 1, 0, "0.0%")
    assert s.units[0] is dept  # best rate first
    t = s.total
    assert (t.on_time, t.late_done, t.overdue, t.not_due, t.rate) == (1, 1, 1, 1, "33.3%")
    sources = {f.key: f for f in s.sources}
    assert sources["work_report"].total == 4 and sources["meeting"].total == 0
    assert [(f.label, f.total) for f in s.leaders] == [(office["fuzhuren"].profile.full_name, 4)]


def test_late_items_carry_the_reason_the_unit_gave_40(office, clock):
    """[40]: the late items, done late or still open, with the latest reason and how many days late."""
    _, _, late_done, overdue = scenario(office, clock)
    s = statistics.year_statistics(office["zhuren"], year=2026)
    assert s.late_count == 2
    rows = {x.item.pk: x for x in s.late_items}
    assert rows[late_done.pk].reason == "上级资金未按期到位" and not rows[late_done.pk].overdue
    assert rows[late_done.pk].days == 4  # deadline 15 September, asked to close on the 19th
    assert rows[overdue.pk].reason == "" and rows[overdue.pk].overdue and rows[overdue.pk].days == 3


def test_a_unit_contact_sees_their_units_figures_only_and_so_does_their_export_40(office, clock):
    """[40]: the township's contact counts the township's items; the department's appear nowhere."""
    scenario(office, clock)
    s = statistics.year_statistics(office["lianluo"], year=2026)
    assert [f.label for f in s.units] == [office.units["township"].name]
    assert s.total.total == 2 and {x.item.lead_unit_id for x in s.late_items} == {office.units["township"].pk}
    book = load_workbook(BytesIO(exports.statistics_xlsx(s, scope="（本单位）")))
    names = [r[0].value for r in book["按单位"].iter_rows(min_row=3) if r[0].value]
    assert office.units["department"].name not in str(names) and office.units["township"].name in names
    late = [r[1].value for r in book["逾期事项"].iter_rows(min_row=3)]
    assert late and all("乡镇" in t for t in late)


def test_a_classified_item_counts_only_for_those_who_may_see_it_31_32(office):
    """[31], [32]: statistics go through the visibility selector, classified items included."""
    tracked(office, secret_level=SecretLevel.SECRET, title="测试：涉密事项")
    assert statistics.year_statistics(office["fuzhuren"], year=2026).total.total == 1  # on it (首办责任人)
    assert statistics.year_statistics(office["fuxianzhang2"], year=2026).total.total == 0
    assert statistics.year_statistics(office["fuxianzhang2"], year=2026, unclassified=True).total.total == 0
    assert statistics.year_statistics(office["fuzhuren"], year=2026, unclassified=True).total.total == 0


def test_the_excel_export_has_the_same_figures_as_the_page_11(office, clock):
    scenario(office, clock)
    s = statistics.year_statistics(office["zhuren"], year=2026)
    book = load_workbook(BytesIO(exports.statistics_xlsx(s)))
    assert book.sheetnames == ["按单位", "按来源", "按首办责任人", "按分管副县长", "逾期事项"]
    rows = {r[0].value: [c.value for c in r] for r in book["按单位"].iter_rows(min_row=3) if r[0].value}
    assert rows[office.units["township"].name][1:] == [0, 1, 1, 0, 2, "0.0%"]
    assert rows["合计"][1:] == [1, 1, 1, 1, 4, "33.3%"]
    reasons = [r[7].value for r in book["逾期事项"].iter_rows(min_row=3)]
    assert "上级资金未按期到位" in reasons and "（未说明）" in reasons


def test_the_statistics_cost_the_same_queries_for_few_items_as_for_many_11(office, count_queries):
    """PERFORMANCE.md: grouped in the database — the query count does not grow with items, units or leaders."""
    tracked(office, days=10)
    statistics.year_statistics(office["zhuren"], year=2026)  # the person's roles and permissions, cached once
    with count_queries() as few:
        statistics.year_statistics(office["zhuren"], year=2026)
    for index, unit in enumerate(["township", "county_unit", "peer", "department", "township", "county_organ"] * 2):
        leader = office["fuzhuren"] if index % 2 else office["fuzhuren_wenmi"]
        obj = tracked(office, days=index - 3 if index > 2 else 5, unit=unit, first_responsible=leader)
        if index % 3 == 0:
            feedback(office, obj)
    with count_queries() as many:
        s = statistics.year_statistics(office["zhuren"], year=2026)
    assert s.total.total == 13
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
