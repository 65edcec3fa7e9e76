"""政务公开 overview [35], [36]: the units' catalogues, the inspections under way, the findings past their
deadline and what waits for this person (rectifications to check, findings to report, assessments to confirm).

A unit's 联络员 sees their own unit only (the selectors); a few fixed queries whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from .. import rules, selectors
from ..forms import GUIDED_KINDS
from ..models import InspectionState
from .common import allowed, count_findings, finding_rows, nav

OVERDUE_ROWS = 20


def home(request):
    user = request.user
    allowed(user)
    today = timezone.localdate()
    findings = selectors.findings_visible_to(user)
    overdue = list(finding_rows(selectors.overdue_findings(findings, today)).order_by("due_on", "id")[:OVERDUE_ROWS])
    for f in overdue:
        f.late_days = (today - f.due_on).days
    inspections = list(
        selectors.open_inspections(selectors.inspections_visible_to(user)).order_by("planned_on", "id")[:20]
    )
    count_findings(inspections, user)
    catalogues = selectors.catalogues_visible_to(user).aggregate(
        n=Count("id", distinct=True),
        entry_count=Count("entries", filter=Q(entries__active=True)),
        exempt_count=Count("entries", filter=Q(entries__active=True) & ~Q(entries__exempt="")),
    )
    contact_unit = rules.contact_unit_id(user)
    counts = {
        "overdue": selectors.overdue_findings(findings, today).count(),
        "to_accept": selectors.to_accept(user).count(),
        "to_report": selectors.to_report(user).count(),
        "to_confirm": selectors.to_confirm(user).count(),
        # a plan waits for an office leader's approval before the inspection starts [36]; 我的待办 does not list it
        "to_approve": _plans_to_approve(user),
    }
    from org.models import Unit

    units_total = Unit.objects.filter(is_active=True, kind__in=GUIDED_KINDS).count() if contact_unit is None else 1
    return render(
        request,
        "disclosure/home.html",
        {
            **nav(user),
            "title": "政务公开",
            "today": today,
            "overdue": overdue,
            "inspections": inspections,
            "catalogues": catalogues,
            "units_total": units_total,
            "counts": counts,
            "contact_unit": Unit.objects.filter(pk=contact_unit).first() if contact_unit else None,
        },
    )


def _plans_to_approve(user) -> int:
    if not rules.is_office_leader(user):
        return 0
    return (
        selectors.inspections_visible_to(user).filter(state=InspectionState.PLANNED, approved_at__isnull=True).count()
    )


urlpatterns: list = [
    path("", home, name="home"),
]
