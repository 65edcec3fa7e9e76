"""Who sees which disclosure records — the one place that decides it — and the reads built on it [35], [36].

The office's 政务公开专员 and its leaders see every unit's checklist, inspection, finding and assessment. A
unit's 联络员 sees their own unit's checklist, the inspections that include their unit, their unit's findings,
and their unit's assessment once an office leader confirmed it (a draft is the office's work in progress).
A superuser (the system's maintainer, in the admin) reads everything — nothing in this chapter is classified.
Everyone else sees nothing. Views, the admin, 我的待办, exports and statistics read through these functions.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from . import rules
from .models import (
    Assessment,
    AssessmentScheme,
    AssessmentState,
    Catalogue,
    CatalogueEntry,
    Criterion,
    Finding,
    FindingState,
    Inspection,
    InspectionState,
    Score,
)


def condition(user, model) -> Q | None:
    """The rule as a ``Q`` on ``model`` (Catalogue, CatalogueEntry, Inspection, Finding, Assessment); None:
    nothing; an empty ``Q()``: everything."""
    if rules.is_officer(user) or (getattr(user, "is_superuser", False) and user.is_active):
        return Q()
    unit_id = rules.contact_unit_id(user)
    if unit_id is None:
        return None
    if model is Catalogue:
        return Q(unit_id=unit_id)
    if model is CatalogueEntry:
        return Q(catalogue__unit_id=unit_id)
    if model is Inspection:
        return Q(pk__in=Inspection.units.through.objects.filter(unit_id=unit_id).values("inspection_id"))
    if model is Finding:
        return Q(unit_id=unit_id)
    if model is Assessment:
        return Q(unit_id=unit_id, state=AssessmentState.CONFIRMED)
    return None


def _visible(user, model) -> QuerySet:
    cond = condition(user, model)
    return model.objects.none() if cond is None else model.objects.filter(cond)


def catalogues_visible_to(user) -> QuerySet[Catalogue]:
    return _visible(user, Catalogue)


def entries_visible_to(user) -> QuerySet[CatalogueEntry]:
    return _visible(user, CatalogueEntry)


def inspections_visible_to(user) -> QuerySet[Inspection]:
    return _visible(user, Inspection)


def findings_visible_to(user) -> QuerySet[Finding]:
    return _visible(user, Finding)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return _visible(user, Assessment)


def schemes_visible_to(user) -> QuerySet[AssessmentScheme]:
    """The schemes themselves (criteria and maxima) are public within the chapter."""
    return AssessmentScheme.objects.all() if rules.can_open_disclosure(user) else AssessmentScheme.objects.none()


def _get(qs: QuerySet, pk, what: str):
    """404 for "missing" and for "not yours" alike."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"没有找到该{what}。") from None


def get_catalogue_for(user, unit_pk) -> Catalogue | None:
    """A unit's checklist, or None if the office has not started one yet (404 if the unit is not theirs)."""
    cond = condition(user, Catalogue)
    if cond is None:
        raise Http404("没有找到该公开目录。")
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None and str(unit_id) != str(unit_pk):
        raise Http404("没有找到该公开目录。")
    return Catalogue.objects.select_related("unit", "updated_by__profile").filter(unit_id=unit_pk).first()


def get_inspection_for(user, pk) -> Inspection:
    return _get(inspections_visible_to(user).select_related("planned_by__profile", "leader__profile"), pk, "检查")


def get_finding_for(user, pk) -> Finding:
    return _get(
        findings_visible_to(user).select_related(
            "inspection", "unit", "recorded_by__profile", "reported_by__profile", "accepted_by__profile"
        ),
        pk,
        "检查发现问题",
    )


def get_assessment_for(user, pk) -> Assessment:
    return _get(
        assessments_visible_to(user).select_related("scheme", "unit", "confirmed_by__profile", "scored_by__profile"),
        pk,
        "考核",
    )


# --- reads built on the rule ---------------------------------------------------------------------------------


def active_entries(catalogue: Catalogue | None) -> QuerySet[CatalogueEntry]:
    if catalogue is None:
        return CatalogueEntry.objects.none()
    return catalogue.entries.filter(active=True).order_by("order", "id")


def unsettled(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    """Not yet accepted — written as the partial indexes' predicate (PERFORMANCE.md)."""
    return qs.exclude(state=FindingState.ACCEPTED)


def overdue_findings(qs: QuerySet[Finding], today) -> QuerySet[Finding]:
    """Past their deadline and not accepted [36]."""
    return unsettled(qs).filter(due_on__lt=today)


def finding_rows(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    """What every list of findings shows, in the same query."""
    return qs.select_related("unit", "inspection").only(
        "id",
        "state",
        "problem",
        "due_on",
        "carried_over",
        "version",
        "reported_at",
        "unit__id",
        "unit__name",
        "unit__short_name",
        "inspection__id",
        "inspection__title",
        "inspection__period",
    )


def open_inspections(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return qs.exclude(state="closed")


def with_finding_counts(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    """Each inspection with its findings counted (all, unsettled), one query."""
    return qs.annotate(
        finding_count=Count("findings", distinct=True),
        unsettled_count=Count("findings", filter=~Q(findings__state=FindingState.ACCEPTED), distinct=True),
    )


def to_accept(user) -> QuerySet[Finding]:
    """Rectifications reported and waiting for the office to check them [36]."""
    if not rules.is_officer(user):
        return Finding.objects.none()
    return Finding.objects.filter(state=FindingState.REPORTED)


def to_report(user) -> QuerySet[Finding]:
    """A 联络员's unit's findings waiting for their rectification report [36]."""
    unit_id = rules.contact_unit_id(user)
    if unit_id is None:
        return Finding.objects.none()
    return Finding.objects.filter(unit_id=unit_id, state=FindingState.OPEN).exclude(state=FindingState.ACCEPTED)


def to_approve(user) -> QuerySet[Inspection]:
    """Inspection plans waiting for an office leader's approval before they may start [36]."""
    if not rules.is_office_leader(user):
        return Inspection.objects.none()
    return Inspection.objects.filter(state=InspectionState.PLANNED, approved_at__isnull=True)


def to_confirm(user) -> QuerySet[Assessment]:
    """Drafts scored on every criterion, waiting for an office leader's confirmation [36]."""
    if not rules.is_office_leader(user):
        return Assessment.objects.none()
    criteria = Criterion.objects.filter(scheme_id=OuterRef("scheme_id")).values("scheme_id")
    criteria_count = criteria.annotate(n=Count("id")).values("n")
    scored = Score.objects.filter(assessment_id=OuterRef("pk")).values("assessment_id")
    scored_count = scored.annotate(n=Count("id")).values("n")
    return (
        Assessment.objects.filter(state=AssessmentState.DRAFT)
        .filter(Exists(Criterion.objects.filter(scheme_id=OuterRef("scheme_id"))))
        .alias(_criteria=Subquery(criteria_count), _scored=Subquery(scored_count))
        .filter(_criteria=F("_scored"))
    )
