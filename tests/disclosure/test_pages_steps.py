"""Each step of an inspection, a finding and an assessment through its page [36]: who may take it, a refusal as a
Chinese 403, bad input as a 400, a unit's 联络员 reporting for their own unit and a 404 on another unit's finding,
and the lists flat in queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from disclosure.models import Assessment, Finding, FindingState, Inspection, InspectionState

from .factories import CONTACT, LEADER, OFFICER, finding, planned, running, scheme, scored

pytestmark = pytest.mark.django_db


def test_the_officer_plans_a_leader_approves_the_officer_starts_36(office, client_as):
    """[36]: a plan is approved by an office leader before the inspection starts."""
    client = client_as(OFFICER)
    response = client.post(
        reverse("disclosure:inspection_new"),
        {"title": "2026年第四季度政务公开检查", "period": "2026年第四季度", "planned_on": "2026-10-12",
         "units": [office.units["township"].pk], "note": "查公开目录和公开栏"},
    )  # fmt: skip
    assert response.status_code == 302
    inspection = Inspection.objects.get(title="2026年第四季度政务公开检查")
    page = client.get(reverse("disclosure:inspection", args=[inspection.pk])).content.decode()
    assert "待办公室领导批准" in page and "data-approve" not in page and "data-start" not in page
    refused = client.post(
        reverse("disclosure:inspection_act", args=[inspection.pk, "start"]), {"version": inspection.version}
    )
    assert refused.status_code == 403 and "批准" in refused.content.decode()
    leader = client_as(LEADER)
    assert "data-approve" in leader.get(reverse("disclosure:inspection", args=[inspection.pk])).content.decode()
    assert (
        leader.post(
            reverse("disclosure:inspection_act", args=[inspection.pk, "approve"]), {"version": inspection.version}
        ).status_code
        == 302
    )
    inspection.refresh_from_db()
    client = client_as(OFFICER)
    assert (
        client.post(
            reverse("disclosure:inspection_act", args=[inspection.pk, "start"]), {"version": inspection.version}
        ).status_code
        == 302
    )
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS and inspection.leader == office[LEADER]


def test_the_officer_cannot_approve_their_own_plan_36(office, client_as):
    """[36]: approval is an office leader's; the officer gets a Chinese 403."""
    inspection = planned(office)
    response = client_as(OFFICER).post(
        reverse("disclosure:inspection_act", args=[inspection.pk, "approve"]), {"version": inspection.version}
    )
    assert response.status_code == 403 and "主任" in response.content.decode()


def test_a_finding_is_recorded_on_the_inspection_page_and_bad_input_is_a_400_36(office, client_as):
    """[36]: the unit, the problem, the rectification asked and its deadline; a missing deadline or a unit not
    inspected is refused next to the form."""
    inspection = running(office, units=("township",))
    client = client_as(OFFICER)
    url = reverse("disclosure:finding_new", args=[inspection.pk])
    good = {
        "unit": office.units["township"].pk,
        "problem": "公开栏内容未更新",
        "rectification_asked": "十日内更新",
        "due_on": "2026-09-30",
    }
    bad = client.post(url, {**good, "due_on": ""})
    assert bad.status_code == 400 and "整改期限" in bad.content.decode()
    other = client.post(url, {**good, "unit": office.units["department"].pk})
    assert other.status_code == 400
    assert client.post(url, good).status_code == 302
    f = Finding.objects.get(inspection=inspection)
    assert (f.unit, f.due_on, f.state) == (office.units["township"], date(2026, 9, 30), FindingState.OPEN)


def test_the_townships_contact_reports_and_the_officer_accepts_36(office, client_as):
    """[36]: the unit's 联络员 reports their own unit's rectification; the office checks and accepts it."""
    f = finding(office)
    contact = client_as(CONTACT)
    page = contact.get(reverse("disclosure:finding", args=[f.pk])).content.decode()
    assert "data-report-form" in page and "data-accept" not in page
    assert (
        contact.post(reverse("disclosure:report", args=[f.pk]), {"report": "", "version": f.version}).status_code == 400
    )
    response = contact.post(
        reverse("disclosure:report", args=[f.pk]), {"report": "已补发年度报告并张贴", "version": f.version}
    )
    assert response.status_code == 302
    f.refresh_from_db()
    assert f.state == FindingState.REPORTED and f.reported_by == office[CONTACT]
    refused = contact.post(reverse("disclosure:finding_act", args=[f.pk, "accept"]), {"version": f.version})
    assert refused.status_code == 403 and "验收" in refused.content.decode()
    officer = client_as(OFFICER)
    assert (
        officer.post(reverse("disclosure:finding_act", args=[f.pk, "accept"]), {"version": f.version}).status_code
        == 302
    )
    f.refresh_from_db()
    assert f.state == FindingState.ACCEPTED and f.on_time


def test_the_officer_sends_a_rectification_back_with_a_reason_36(office, client_as):
    """[36]: 退回 needs a reason (400 without); the finding is open again, the reason shown to the unit."""
    f = finding(office)
    client_as(CONTACT).post(reverse("disclosure:report", args=[f.pk]), {"report": "已整改", "version": f.version})
    f.refresh_from_db()
    officer = client_as(OFFICER)
    url = reverse("disclosure:finding_act", args=[f.pk, "send_back"])
    assert officer.post(url, {"reason": "", "version": f.version}).status_code == 400
    assert (
        officer.post(url, {"reason": "未见张贴照片", "due_on": "2026-10-20", "version": f.version}).status_code == 302
    )
    f.refresh_from_db()
    assert f.state == FindingState.OPEN and f.due_on == date(2026, 10, 20)
    assert "未见张贴照片" in client_as(CONTACT).get(reverse("disclosure:finding", args=[f.pk])).content.decode()


def test_a_unit_contact_gets_404_on_another_units_finding_36(office, client_as):
    """[36]: a 联络员 sees and reports their own unit's findings only — another's is "not found"."""
    f = finding(office, unit="department")
    contact = client_as(CONTACT)
    assert contact.get(reverse("disclosure:finding", args=[f.pk])).status_code == 404
    assert (
        contact.post(reverse("disclosure:report", args=[f.pk]), {"report": "x", "version": f.version}).status_code
        == 404
    )
    assert contact.get(reverse("disclosure:findings") + "?state=all").content.decode().count("data-finding=") == 0


def test_closing_with_an_unsettled_finding_asks_to_carry_it_over_36(office, client_as):
    """[36]: an inspection ends when every finding is accepted, or the rest are carried over (结转)."""
    f = finding(office)
    inspection = f.inspection
    inspection.refresh_from_db()
    officer = client_as(OFFICER)
    url = reverse("disclosure:inspection_act", args=[inspection.pk, "close"])
    refused = officer.post(url, {"summary": "", "version": inspection.version})
    assert refused.status_code == 400 and "结转" in refused.content.decode()
    assert (
        officer.post(url, {"summary": "总体良好", "carry_over": "on", "version": inspection.version}).status_code == 302
    )
    inspection.refresh_from_db()
    f.refresh_from_db()
    assert inspection.state == InspectionState.CLOSED and f.carried_over


def test_scores_through_the_page_never_above_the_maximum_and_a_leader_confirms_36(office, client_as):
    """[36]: points per criterion within its maximum (400 above it); an office leader confirms; then read-only."""
    the_scheme = scheme(office)
    client = client_as(OFFICER)
    response = client.post(reverse("disclosure:assessment_new", args=[2026]), {"unit": office.units["township"].pk})
    assert response.status_code == 302
    a = Assessment.objects.get(unit=office.units["township"])
    criteria = list(the_scheme.criteria.order_by("order", "id"))
    data = {"version": a.version, "comment": "总体较好"}
    data.update({f"points_{c.pk}": "10" for c in criteria})
    too_much = client.post(
        reverse("disclosure:assessment_score", args=[a.pk]), {**data, f"points_{criteria[0].pk}": "99"}
    )
    assert too_much.status_code == 400
    assert client.post(reverse("disclosure:assessment_score", args=[a.pk]), data).status_code == 302
    a.refresh_from_db()
    assert sum(s.points for s in a.scores.all()) == Decimal("30")
    refused = client.post(reverse("disclosure:assessment_confirm", args=[a.pk]), {"version": a.version})
    assert refused.status_code == 403 and "主任" in refused.content.decode()
    leader = client_as(LEADER)
    assert leader.post(reverse("disclosure:assessment_confirm", args=[a.pk]), {"version": a.version}).status_code == 302
    a.refresh_from_db()
    assert a.is_confirmed
    page = client.get(reverse("disclosure:assessment", args=[a.pk])).content.decode()
    assert "data-scores-form" not in page
    late = client.post(reverse("disclosure:assessment_score", args=[a.pk]), data)
    assert late.status_code == 403


def test_a_unit_contact_sees_their_confirmed_assessment_only_36(office, client_as):
    """[36]: a draft is the office's; a confirmed one is the unit's to see, no other unit's row."""
    the_scheme = scheme(office)
    mine = scored(office, the_scheme)
    other = scored(office, the_scheme, unit="department", points=(40, 30, 30))
    contact = client_as(CONTACT)
    assert contact.get(reverse("disclosure:assessment", args=[mine.pk])).status_code == 404
    from disclosure import services

    services.assessment_confirm(actor=office[LEADER], pk=mine.pk)
    services.assessment_confirm(actor=office[LEADER], pk=other.pk)
    assert contact.get(reverse("disclosure:assessment", args=[mine.pk])).status_code == 200
    assert contact.get(reverse("disclosure:assessment", args=[other.pk])).status_code == 404
    page = contact.get(reverse("disclosure:assessments")).content.decode()
    assert office.units["township"].name in page and office.units["department"].name not in page
    assert contact.get(reverse("disclosure:assessment_pdf", args=[2026])).status_code == 403
    assert contact.get(reverse("disclosure:assessment_xlsx", args=[2026])).status_code == 403


def test_bad_filters_and_years_are_400s(office, client_as):
    client = client_as(OFFICER)
    assert client.get(reverse("disclosure:findings") + "?state=nonsense").status_code == 400
    assert client.get(reverse("disclosure:inspections") + "?year=abc").status_code == 400
    assert client.get(reverse("disclosure:assessments") + "?year=1900").status_code == 400
    assert client.get(reverse("disclosure:stats") + "?year=99999").status_code == 400
    assert client.get(reverse("disclosure:assessment_pdf", args=[1900])).status_code == 400


def _findings(office, n):
    inspection = running(office)
    for i in range(n):
        finding(office, inspection, unit="township" if i % 2 else "department", problem=f"问题{i}")


@pytest.mark.parametrize(
    "name", ["disclosure:findings", "disclosure:inspections", "disclosure:home", "disclosure:stats"]
)
def test_lists_are_flat_in_queries(office, client_as, count_queries, name):
    """A list costs the same queries for 2 findings as for 12."""
    client = client_as(OFFICER)
    _findings(office, 2)
    url = reverse(name)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _findings(office, 10)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("disclosure:inspection_new", []),
        ("disclosure:entry_new", [1]),
        ("disclosure:finding_new", [1]),
        ("disclosure:report", [1]),
        ("disclosure:scheme_new", [2026]),
        ("disclosure:assessment_new", [2026]),
    ],
)
def test_every_create_view_is_idempotent(name, args):
    """A double click creates one plan, entry, finding, report, scheme or assessment (core.idempotency)."""
    from django.urls import resolve

    assert getattr(resolve(reverse(name, args=args)).func, "idempotent", False)


def test_a_double_submitted_plan_makes_one_inspection_36(office, client_as):
    """[36]: the same form token twice: one inspection, the second answer leads to it."""
    import uuid

    client = client_as(OFFICER)
    data = {"title": "双击检查", "period": "2026年第四季度", "planned_on": "2026-10-12",
            "units": [office.units["township"].pk], "idempotency_key": str(uuid.uuid4())}  # fmt: skip
    first = client.post(reverse("disclosure:inspection_new"), data)
    second = client.post(reverse("disclosure:inspection_new"), data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Inspection.objects.filter(title="双击检查").count() == 1


def test_a_unit_contacts_inspection_page_names_no_other_unit_36(office, client_as):
    """[36]: the inspection of several units shows the contact their own unit, its findings and nothing else."""
    inspection = running(office)
    finding(office, inspection, unit="department", problem="部门问题：预算未公开")
    finding(office, inspection, unit="township", problem="乡镇问题：公开栏未更新")
    page = client_as(CONTACT).get(reverse("disclosure:inspection", args=[inspection.pk])).content.decode()
    assert "乡镇问题" in page and "部门问题" not in page
    assert office.units["department"].name not in page
    page = client_as(OFFICER).get(reverse("disclosure:inspection", args=[inspection.pk])).content.decode()
    assert office.units["department"].name in page and "部门问题" in page


def test_a_unit_contacts_inspection_counts_are_their_own_units_36(office, client_as):
    """[36]: the inspections list counts the contact's unit's findings, not the other units'."""
    inspection = running(office)
    finding(office, inspection, unit="department")
    finding(office, inspection, unit="department")
    finding(office, inspection, unit="township")
    page = client_as(CONTACT).get(reverse("disclosure:inspections")).content.decode()
    row = page.split(f'data-inspection="{inspection.pk}"')[1].split("</tr>")[0]
    assert '<td class="num" data-label="问题">1</td>' in row


def test_a_large_inspection_lists_its_first_rows_and_leads_to_the_rest(office, client_as, monkeypatch):
    """An inspection with more findings than its page lists links to the findings list filtered to it."""
    from disclosure.views import inspections

    monkeypatch.setattr(inspections, "FINDING_ROWS", 2)
    inspection = running(office)
    for i in range(3):
        finding(office, inspection, problem=f"问题{i}")
    client = client_as(OFFICER)
    page = client.get(reverse("disclosure:inspection", args=[inspection.pk])).content.decode()
    assert page.count("data-finding=") == 2 and "data-all-findings" in page
    listed = client.get(reverse("disclosure:findings") + f"?state=all&inspection={inspection.pk}").content.decode()
    assert listed.count("data-finding=") == 3
