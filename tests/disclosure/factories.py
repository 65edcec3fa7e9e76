"""Disclosure records for tests, made through the services (never by hand) [35], [36]."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from disclosure import services
from disclosure.models import Exempt, Frequency

from .conftest import NOW

TODAY = NOW.date()
OFFICER = "gongkai"  # 政务公开专员
LEADER = "fuzhuren_wenmi"  # 分管综合科的副主任
CONTACT = "lianluo"  # 测试乡的联络员


def entry(office, *, unit="township", actor=OFFICER, **extra):
    values = {
        "title": "财政预决算",
        "category": "财政资金",
        "published_where": "政府网站",
        "frequency": Frequency.YEARLY,
        "exempt": Exempt.NONE,
        "legal_basis": "",
    }
    values.update(extra)
    return services.entry_add(actor=office[actor], unit_pk=office.units[unit].pk, data=services.EntryData(**values))


def planned(office, *, units=("township", "department"), planned_on: date | None = None, **extra):
    data = services.InspectionData(
        title=extra.pop("title", "2026年第三季度政务公开检查"),
        period=extra.pop("period", "2026年第三季度"),
        planned_on=planned_on or TODAY + timedelta(days=3),
        units=tuple(office.units[u] for u in units),
        **extra,
    )
    return services.inspection_plan(actor=office[OFFICER], data=data)


def approved(office, **kwargs):
    inspection = planned(office, **kwargs)
    return services.inspection_approve(actor=office[LEADER], pk=inspection.pk)


def running(office, **kwargs):
    """An approved inspection in 检查中."""
    inspection = approved(office, **kwargs)
    return services.inspection_start(actor=office[OFFICER], pk=inspection.pk)


def finding(office, inspection=None, *, unit="township", due_on: date | None = None, **extra):
    inspection = inspection or running(office)
    data = services.FindingData(
        unit=office.units[unit],
        problem=extra.pop("problem", "政府信息公开年度报告未按时发布"),
        rectification_asked=extra.pop("rectification_asked", "补发年度报告并在公开栏张贴"),
        due_on=due_on or date(2026, 10, 9),
    )
    return services.finding_record(actor=office[OFFICER], inspection_pk=inspection.pk, data=data)


def scheme(office, *, year=2026, maxima=(40, 30, 30)):
    names = ["公开目录完整", "主动公开及时", "依申请公开规范"]
    criteria = [services.CriterionData(name=n, max_points=Decimal(m)) for n, m in zip(names, maxima, strict=False)]
    return services.scheme_create(actor=office[OFFICER], year=year, name=f"{year}年政务公开考核方案", criteria=criteria)


def scored(office, the_scheme, *, unit="township", points=(35, 25, 28)):
    """A unit's assessment scored on every criterion (still a draft)."""
    assessment = services.assessment_open(actor=office[OFFICER], scheme_pk=the_scheme.pk, unit_pk=office.units[unit].pk)
    criteria = list(the_scheme.criteria.order_by("order", "id"))
    scores = {c.pk: Decimal(p) for c, p in zip(criteria, points, strict=False)}
    return services.assessment_score(actor=office[OFFICER], pk=assessment.pk, scores=scores)
