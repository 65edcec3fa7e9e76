"""考核 [36]: a yearly scheme of criteria with their maxima, scores per unit never above a criterion's maximum,
confirmed by an office leader and read-only after; totals and ranking in SQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.workflow import ActionRefused, StaleAction
from disclosure import scoring, selectors, services
from disclosure.models import AssessmentLog, AssessmentState, Score
from disclosure.todo import DisclosureWork

from .factories import CONTACT, LEADER, OFFICER, scheme, scored


def test_a_score_above_its_criterions_maximum_is_refused_36(office):
    """[36]: points are given within the scheme: above a criterion's maximum (or negative) is refused, and
    nothing of that form is kept."""
    s = scheme(office)
    first, second, _ = s.criteria.order_by("order")
    a = services.assessment_open(actor=office[OFFICER], scheme_pk=s.pk, unit_pk=office.units["township"].pk)
    with pytest.raises(ValidationError, match=r"“公开目录完整”的得分41.0超过该指标分值40.0分 \[36\]"):
        services.assessment_score(actor=office[OFFICER], pk=a.pk, scores={first.pk: "41", second.pk: "20"})
    with pytest.raises(ValidationError, match="不能为负数"):
        services.assessment_score(actor=office[OFFICER], pk=a.pk, scores={first.pk: "-1"})
    with pytest.raises(ValidationError, match="须为数字"):
        services.assessment_score(actor=office[OFFICER], pk=a.pk, scores={first.pk: "很好"})
    assert not Score.objects.exists()
    services.assessment_score(actor=office[OFFICER], pk=a.pk, scores={first.pk: ("40", "满分"), second.pk: "29.5"})
    assert Score.objects.get(criterion=second).points == Decimal("29.5")
    # The maximum cannot be lowered under a score already given [36].
    with pytest.raises(ValidationError, match="不能低于已评分数"):
        services.criterion_change(
            actor=office[OFFICER], criterion_pk=second.pk, data=services.CriterionData(name=second.name, max_points=20)
        )


def test_a_confirmed_assessment_cannot_be_changed_36(office):
    """[36]: confirmed by an office leader (not the officer, not before every criterion is scored), then
    read-only: no score changes, no second confirmation, no change of the year's criteria."""
    s = scheme(office)
    a = services.assessment_open(actor=office[OFFICER], scheme_pk=s.pk, unit_pk=office.units["township"].pk)
    with pytest.raises(ValidationError, match="尚有考核指标未评分"):
        services.assessment_confirm(actor=office[LEADER], pk=a.pk)
    a = scored(office, s)
    with pytest.raises(ActionRefused, match=r"主任或副主任确认 \[36\]"):
        services.assessment_confirm(actor=office[OFFICER], pk=a.pk)
    done = services.assessment_confirm(actor=office[LEADER], pk=a.pk, seen_version=a.version)
    assert done.state == AssessmentState.CONFIRMED and done.confirmed_by == office[LEADER]
    criterion = s.criteria.first()
    with pytest.raises(ActionRefused, match=r"不能再修改 \[36\]"):
        services.assessment_score(actor=office[OFFICER], pk=a.pk, scores={criterion.pk: "1"})
    with pytest.raises(ActionRefused):
        services.assessment_confirm(actor=office["zhuren"], pk=a.pk)
    with pytest.raises(ActionRefused, match=r"考核指标不能再修改 \[36\]"):
        services.criterion_add(actor=office[OFFICER], scheme_pk=s.pk, data=services.CriterionData("新指标", 10))
    with pytest.raises(ActionRefused, match=r"\[36\]"):
        services.criterion_change(
            actor=office[OFFICER], criterion_pk=criterion.pk, data=services.CriterionData(criterion.name, 50)
        )
    assert Score.objects.get(assessment=a, criterion=criterion).points == Decimal("35.0")
    assert list(AssessmentLog.objects.filter(document=a).values_list("action", flat=True)) == [
        "open",
        "score",
        "confirm",
    ]


def test_a_stale_scoring_page_is_refused_36(office):
    s = scheme(office)
    a = scored(office, s)
    seen = a.version
    first = s.criteria.order_by("order").first()
    services.assessment_score(actor=office["zhuren"], pk=a.pk, seen_version=seen, scores={first.pk: "30"})
    with pytest.raises(StaleAction):
        services.assessment_score(actor=office[OFFICER], pk=a.pk, seen_version=seen, scores={first.pk: "20"})
    assert Score.objects.get(assessment=a, criterion=first).points == Decimal("30.0")


def test_totals_and_ranking_in_one_query_ties_share_a_rank_36(office):
    """[36]: the year's ranking of confirmed assessments, best first; equal totals share a rank."""
    s = scheme(office)
    units = ["township", "department", "county_unit", "peer"]
    points = [(35, 25, 28), (30, 30, 28), (40, 30, 30), (10, 10, 10)]
    for unit, p in zip(units, points, strict=True):
        a = scored(office, s, unit=unit, points=p)
        if unit != "peer":
            services.assessment_confirm(actor=office[LEADER], pk=a.pk)
    with CaptureQueriesContext(connection) as queries:
        ranking = scoring.ranking(2026)
    assert len(queries) == 1
    assert [(r.unit_id, r.total, r.rank) for r in ranking] == [
        (office.units["county_unit"].pk, Decimal("100.0"), 1),
        (office.units["township"].pk, Decimal("88.0"), 2),
        (office.units["department"].pk, Decimal("88.0"), 2),
    ] or [(r.unit_id, r.total, r.rank) for r in ranking] == [
        (office.units["county_unit"].pk, Decimal("100.0"), 1),
        (office.units["department"].pk, Decimal("88.0"), 2),
        (office.units["township"].pk, Decimal("88.0"), 2),
    ]
    assert ranking[0].maximum == Decimal("100.0") and ranking[0].percent == 100.0
    everyone = scoring.totals(2026, confirmed_only=False)
    assert len(everyone) == 4 and everyone[-1].rank == 4 and not everyone[-1].confirmed
    assert scoring.unit_total(2026, office.units["township"].pk).rank == 2


def test_a_contact_sees_their_units_assessment_once_confirmed_36(office):
    s = scheme(office)
    own = scored(office, s)
    other = scored(office, s, unit="department")
    contact = office[CONTACT]
    assert not selectors.assessments_visible_to(contact).exists()  # a draft is the office's work
    services.assessment_confirm(actor=office[LEADER], pk=own.pk)
    services.assessment_confirm(actor=office[LEADER], pk=other.pk)
    assert list(selectors.assessments_visible_to(contact)) == [own]
    with pytest.raises(ActionRefused):
        services.assessment_open(actor=contact, scheme_pk=s.pk, unit_pk=office.units["township"].pk)


def test_my_work_queue_36(office):
    """我的待办 [36]: the leader sees fully scored drafts to confirm, the officer reported rectifications to
    check, the contact their unit's findings to report — each in a fixed number of queries."""
    from .factories import finding

    s = scheme(office)
    services.assessment_open(actor=office[OFFICER], scheme_pk=s.pk, unit_pk=office.units["department"].pk)
    scored(office, s)  # complete
    f = finding(office)
    finding(office, unit="department", problem="农牧局的问题")
    provider = DisclosureWork()
    assert provider.count(office[LEADER]) == 1
    assert [i.action for i in provider.items(office[LEADER], 10)] == ["确认考核结果 [36]"]
    assert provider.count(office[CONTACT]) == 1
    assert provider.items(office[CONTACT], 10)[0].action == "请按期整改并报送整改情况 [36]"
    assert provider.count(office[OFFICER]) == 0
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    assert provider.count(office[OFFICER]) == 1 and provider.count(office[CONTACT]) == 0
    assert provider.count(office["guikou1"]) == 0
    with CaptureQueriesContext(connection) as queries:
        provider.items(office[LEADER], 10)
    assert len(queries) <= 4


def test_a_plan_waiting_for_approval_is_in_the_leaders_work_queue_36(office):
    """[36] 定期进行检查: a planned inspection waits in an office leader's 我的待办 until approved, due by its date."""
    from .factories import planned

    plan = planned(office, title="第四季度政务公开检查")
    provider = DisclosureWork()
    items = provider.items(office[LEADER], 10)
    assert [(i.action, i.title) for i in items] == [("批准检查计划 [36]", "政务公开检查：第四季度政务公开检查")]
    assert provider.count(office[LEADER]) == 1 and provider.count(office[OFFICER]) == 0
    services.inspection_approve(actor=office[LEADER], pk=plan.pk)
    assert provider.count(office[LEADER]) == 0
