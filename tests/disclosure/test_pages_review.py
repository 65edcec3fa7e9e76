"""What a clerk stumbled on when using the 政务公开 pages on a desk and a phone [36]: a plan waiting for approval
shown to the leader on the overview, no findings PDF before there are findings, the score form naming each
criterion once with its maximum as a clerk writes it, and no rank before every criterion is scored."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosure import services

from .factories import CONTACT, LEADER, OFFICER, finding, planned, running, scheme, scored

pytestmark = pytest.mark.django_db


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_overview_shows_a_leader_the_plans_waiting_for_approval_36(office, client_as):
    """[36] a plan waits for an office leader; the leader's overview says so and links to the planned ones."""
    planned(office)
    leader = text(client_as(LEADER), reverse("disclosure:home"))
    assert 'data-tile="to_approve">1<' in leader and "检查计划待批准" in leader
    assert 'data-tile="to_approve"' not in text(client_as(OFFICER), reverse("disclosure:home"))


def test_no_findings_pdf_before_a_finding_is_recorded_36(office, client_as):
    """[36] an inspection with no findings offers no empty 问题清单 PDF; it does once a finding is recorded."""
    inspection = running(office)
    client = client_as(OFFICER)
    url = reverse("disclosure:inspection", args=[inspection.pk])
    assert "data-findings-pdf" not in text(client, url)
    finding(office, inspection)
    assert "data-findings-pdf" in text(client, url)


def test_the_score_form_names_each_criterion_once_with_whole_points_36(office, client_as):
    """[36] the legend names the criterion and its maximum (20分, not 20.0分); the inputs read 得分 and 扣分说明;
    no rank is shown while a criterion is unscored."""
    the_scheme = scheme(office, maxima=(40, 30, 30))
    criterion = the_scheme.criteria.order_by("order", "id").first()
    assessment = services.assessment_open(actor=office[OFFICER], scheme_pk=the_scheme.pk,
                                          unit_pk=office.units["township"].pk)  # fmt: skip
    page = text(client_as(OFFICER), reverse("disclosure:assessment", args=[assessment.pk]))
    assert f"{criterion.name}（满分40分）</legend>" in page and "40.0" not in page
    assert "得分（满分40分）" in page and f"{criterion.name} 扣分说明" not in page and "扣分说明" in page
    assert "名" not in page.split("data-total")[1].split("</p>")[0] and "尚有考核指标未评分" in page


def test_a_unit_contact_lands_on_the_latest_assessed_year_36(office, client_as):
    """[36] in a year with no scheme yet, a unit's 联络员 opening 考核 sees the last year's result, not an empty page;
    the office still sees this year's page (to make its scheme); an asked-for year is kept."""
    the_scheme = scheme(office, year=2025)
    assessment = scored(office, the_scheme)
    services.assessment_confirm(actor=office[LEADER], pk=assessment.pk)
    contact = client_as(CONTACT)
    page = text(contact, reverse("disclosure:assessments"))
    assert "2025年政务公开考核" in page and "尚无考核方案" not in page
    assert "2026年尚无考核方案" in text(contact, reverse("disclosure:assessments") + "?year=2026")
    assert "2026年政务公开考核" in text(client_as(OFFICER), reverse("disclosure:assessments"))
