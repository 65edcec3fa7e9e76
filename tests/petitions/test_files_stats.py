"""信访统计 and the monthly report [47]–[50]: cases by channel, category, township and unit; the on-time rates of
the 《信访工作条例》's limits (受理告知 15 days, 办结 60 days); repeat, skip-level and group visits; incidents [49];
a late case listed — figures against hand-counted data, grouped in SQL (query count flat in rows), the same
figures in the Excel and PDF report, no personal data anywhere in them."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from petitions import exports, services, statistics
from petitions.models import Category, Channel
from petitions.statistics import Period
from tests import requires

from .conftest import NOW
from .factories import accepted, group_visit, id_number, person, phone, referred, registered

pytestmark = pytest.mark.django_db


def scenario(office):
    """Six cases of 2026 (hand-counted below) and one incident:
    A accepted (本机关办理), visit;  B referred to the township, the unit's answer, answered on time, letter;
    C received 25 August by phone, still undecided: its 15 days ended 9 September — 5 days late, the late case;
    D a group visit of 8;  E the same person as A again (a repeat by ID number);  F refused (劳动社保)."""
    a = accepted(office, title="冬季草场边界争议", people=[person(1, name="才仁多杰")])
    b = referred(
        office, title="村道损毁无人维修", channel=Channel.LETTER, category=Category.URBAN_RURAL, people=[person(2)]
    )
    services.record_unit_answer(actor=office["lianluo"], pk=b.pk, answer="已安排维修。")
    services.answer_case(actor=office["xinfang"], pk=b.pk, answer="道路已于九月修复。")
    c = registered(
        office, title="低保资格被取消", channel=Channel.PHONE, category=Category.CIVIL_AFFAIRS,
        received_at=NOW - timedelta(days=20), people=[person(3)],
    )  # fmt: skip
    d = group_visit(office, title="牧民搬迁补偿款未发放", category=Category.AGRICULTURE)
    e = registered(office, title="要求重新核定承包面积", people=[person(1, name="才仁多杰")])
    f = registered(office, title="讨要工程款", category=Category.LABOUR, people=[person(4)], township="department")
    services.refuse_case(actor=office["xinfang"], pk=f.pk, reason="已进入诉讼程序。")
    services.record_incident(
        actor=office["xinfang"],
        data=services.IncidentData(
            occurred_at=NOW - timedelta(minutes=30), place="县政府大门口", people_count=6,
            what_happened="在大门口拦阻车辆", measures="劝离，约定次日接谈", case_id=a.pk,
        ),
    )  # fmt: skip
    return a, b, c, d, e, f


def test_the_year_figures_match_the_hand_count_and_the_late_case_shows_47_48(office):
    """[47], [48], 《信访工作条例》: 6 cases, 13 people; decided on time 3 of 4 due (C undecided past its 15 days);
    handled on time 1 of 1; one group visit, one repeat; C listed late by 5 days."""
    a, _, c, _, e, _ = scenario(office)
    e.refresh_from_db()
    assert e.is_repeat  # registration linked it to A (the same ID number) [48]
    s = statistics.period_statistics(office["zhuren"], period=Period(2026))
    t = s.total
    assert (t.total, t.people, t.group, t.repeat, t.skip_level) == (6, 13, 1, 1, 0)
    assert (t.accept_on_time, t.accept_late, t.accept_overdue, t.accept_rate) == (3, 0, 1, "75.0%")
    assert (t.handle_on_time, t.handle_late, t.handle_overdue, t.handle_rate) == (1, 0, 0, "100.0%")
    assert s.refused == 1 and s.incident_count == 1 and s.incident_people == 6
    assert {f.label: f.total for f in s.channels} == {"来信": 1, "来访": 4, "来电": 1, "网上信访": 0, "领导交办": 0}
    categories = {f.label: f.total for f in s.categories}
    assert categories["国土资源/草场纠纷"] == 2 and categories["劳动社保"] == 1 and categories["农林水利"] == 1
    townships = {f.label: f.total for f in s.townships}
    assert townships == {office.units["township"].name: 5, office.units["department"].name: 1}
    units = {f.label: f for f in s.units}
    assert units["本机关办理"].total == 1 and units[office.units["township"].name].handle_rate == "100.0%"
    assert units["未分流"].total == 4 and units["未分流"].accept_overdue == 1
    assert s.months[8] == 5 and s.months[7] == 1 and sum(s.months) == 6  # September, August
    assert s.late_count == 1
    (late,) = s.late_cases
    assert (late.number, late.kind, late.days, late.open) == (c.number, "超期未告知", 5, True)
    assert [(i.place, i.people, i.case_number) for i in s.incidents] == [("县政府大门口", 6, a.number)]


def test_a_month_counts_the_cases_received_in_it(office):
    """Filter by month: September holds five of the six; August the one received on 25 August."""
    scenario(office)
    assert statistics.period_statistics(office["zhuren"], period=Period(2026, 9)).total.total == 5
    august = statistics.period_statistics(office["zhuren"], period=Period(2026, 8))
    assert august.total.total == 1 and august.late_count == 1 and august.incident_count == 0


def test_an_answer_after_the_60_days_counts_late(office, clock):
    """《信访工作条例》: accepted 14 September, 60 days end 13 November; answered on the 20th: 逾期办结, 7 days."""
    case = accepted(office, title="自来水管道破裂")
    assert case.handle_due.isoformat() == "2026-11-13"
    clock.move_to("2026-11-20 10:00+08:00")
    services.answer_case(actor=office["xinfang"], pk=case.pk, answer="已修复。")
    s = statistics.period_statistics(office["zhuren"], period=Period(2026), today=timezone.localdate())
    assert (s.total.handle_on_time, s.total.handle_late, s.total.handle_rate) == (0, 1, "0.0%")
    (late,) = s.late_cases
    assert (late.kind, late.days, late.open) == ("逾期办结", 7, False)


def test_the_statistics_cost_the_same_queries_for_few_cases_as_for_many(office, count_queries):
    """PERFORMANCE.md: grouped in the database — the count does not grow with cases, townships or units."""
    accepted(office, title="第一件")
    statistics.period_statistics(office["zhuren"], period=Period(2026))  # roles and permissions, cached once
    with count_queries() as few:
        statistics.period_statistics(office["zhuren"], period=Period(2026))
    scenario(office)
    for n, unit in enumerate(["department", "county_unit", "peer"], start=10):
        referred(office, unit=unit, township=unit, title=f"事项{n}号", people=[person(n)])
    with count_queries() as many:
        s = statistics.period_statistics(office["zhuren"], period=Period(2026))
    assert s.total.total == 10
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_page_is_for_petition_staff_and_leaders_with_charts_and_no_personal_data_47(office, client_as):
    """[47]: the leaders' statistics; the late case shows; no petitioner's name or number on the page."""
    (*_,) = scenario(office)
    c = statistics.period_statistics(office["zhuren"], period=Period(2026)).late_cases[0]
    url = reverse("petitions:statistics")
    for key, status in (("zhuren", 200), ("xianzhang", 200), ("xinfang", 200), ("lianluo", 403), ("dazi", 403)):
        assert client_as(key).get(url + "?year=2026").status_code == status, key
    html = client_as("xianzhang").get(url + "?year=2026").content.decode()
    assert c.number in html and "超期未告知" in html and 'id="chart-units"' in html
    assert "vendor/echarts/echarts.min.js" in html and "petitions-stats-data" in html
    for secret in ("才仁多杰", id_number(1), phone(1), "萨呼腾镇第1村"):
        assert secret not in html, secret


def test_a_bad_period_is_a_chinese_400(office, client_as):
    for query in ("?year=abc", "?year=1800", "?year=2026&month=13", "?year=2026&month=x"):
        response = client_as("zhuren").get(reverse("petitions:statistics") + query)
        assert response.status_code == 400, query
    assert client_as("zhuren").get(reverse("petitions:statistics") + "?year=2026&month=9").status_code == 200


def test_the_excel_report_has_the_same_figures_and_no_personal_data_47_49(office, client_as):
    """[47], [49]: 概况 and one sheet per table; the late case and the incident; nothing personal."""
    _, _, c, *_ = scenario(office)
    response = client_as("zhuren").get(reverse("petitions:report_xlsx") + "?year=2026")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["概况", "按信访形式", "按属地", "按分类", "按责任单位", "按月份", "超期件", "突发事件"]
    overview = {r[0].value: r[1].value for r in book["概况"].iter_rows(min_row=2) if r[0].value}
    assert overview["登记信访件（件）"] == 6 and overview["按期受理告知率"] == "75.0%"
    assert overview["信访突发事件（起）"] == 1 and overview["超期件（件）"] == 1
    late = [[c.value for c in r] for r in book["超期件"].iter_rows(min_row=3)]
    assert late[0][0] == c.number and late[0][4] == "超期未告知" and late[0][6] == 5
    everything = " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    for secret in ("才仁多杰", id_number(1), phone(1)):
        assert secret not in everything


def test_a_place_typed_as_a_formula_stays_text_in_the_report(office):
    """ops.xlsx: an incident's place typed as =HYPERLINK(…) is text in whoever opens the sheet."""
    services.record_incident(
        actor=office["xinfang"],
        data=services.IncidentData(
            occurred_at=NOW - timedelta(hours=1), place='=HYPERLINK("http://x.example","点击")', people_count=2,
            what_happened="滞留", measures="劝离",
        ),
    )  # fmt: skip
    s = statistics.period_statistics(office["zhuren"], period=Period(2026))
    book = load_workbook(BytesIO(exports.report_xlsx(s)))
    cell = book["突发事件"]["B3"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix


@requires.poppler
def test_the_pdf_report_has_the_figures_and_the_late_case_47(office, client_as):
    _, _, c, *_ = scenario(office)
    response = client_as("zhuren").get(reverse("petitions:report_pdf") + "?year=2026&month=8")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages).replace(" ", "")
    text = text.replace("\n", "")
    assert "2026年8月信访工作情况报表" in text and "共登记信访件1件" in text and c.number in text
    assert "超期未告知" in text and "才仁" not in text
    assert client_as("lianluo").get(reverse("petitions:report_pdf")).status_code == 403
