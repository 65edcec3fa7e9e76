"""考核 pages [36]: a year's assessments (the scheme and its criteria, each unit's total and rank), one unit's
assessment (points per criterion within its maximum, confirmed by an office leader, then read-only), and the
year's report as the 通报 PDF and as Excel.

A unit's 联络员 sees their own unit's assessment once confirmed, and its rank — no other unit's row; the report
files are the office's (``rules.can_export``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pdf import pdf_response

from .. import exports, lifecycle, pdf, rules, scoring, selectors, services, statistics
from ..forms import CommentForm, OpenAssessmentForm, SchemeForm, ScoresForm, guided_units
from ..models import AssessmentScheme, AssessmentState
from .common import BadYear, allowed, nav, year_of

ASSESS_ONLY = "只有政务公开专员或办公室领导可以考核评分 [36]。"


def assessments(request):
    """考核: the year's scheme, every unit's total and rank (the office), or one's own (a unit's 联络员) [36]."""
    user = request.user
    allowed(user)
    try:
        year = year_of(request)
    except BadYear as error:
        return refusal_response(request, status=400, messages=[str(error)])
    scheme = selectors.schemes_visible_to(user).filter(year=year).first()
    officer = rules.is_officer(user)
    if scheme is None and not officer and "year" not in request.GET:
        # A unit's 联络员 cannot make this year's scheme: show the latest year assessed, not an empty page [36].
        latest = selectors.schemes_visible_to(user).filter(year__lt=year).order_by("-year").first()
        if latest is not None:
            scheme, year = latest, latest.year
    rows = scoring.totals(year, confirmed_only=False) if officer else statistics.visible_ranking(user, year)
    assessed = {r.unit_id for r in rows}
    open_form = None
    if officer and scheme is not None:
        open_form = OpenAssessmentForm()
        open_form.fields["unit"].queryset = guided_units().exclude(pk__in=assessed)
    return render(
        request,
        "disclosure/assessments.html",
        {
            **nav(user),
            "title": f"{year}年政务公开考核",
            "year": year,
            "scheme": scheme,
            "criteria": list(scheme.criteria.order_by("order", "id")) if scheme else [],
            "rows": rows,
            "confirmed": sum(1 for r in rows if r.confirmed),
            "officer": officer,
            "can_assess": rules.can_assess(user),
            "can_export": rules.can_export(user),
            "scheme_form": SchemeForm() if scheme is None and rules.can_assess(user) else None,
            "open_form": open_form,
        },
    )


@idempotent  # a double click makes one scheme
def scheme_new(request, year: int):
    """考核方案 of the year, with its criteria [36]."""
    user = request.user
    allowed(user)
    if not rules.can_assess(user):
        raise PermissionDenied("只有政务公开专员或办公室领导可以制定考核方案 [36]。")
    form = SchemeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            criteria = [services.CriterionData(name=n, max_points=p) for n, p in form.cleaned_data["criteria"]]
            scheme = apply_to_form(
                form,
                lambda: services.scheme_create(
                    actor=user, year=year, name=form.cleaned_data["name"], criteria=criteria
                ),
            )
            if scheme is not None:
                messages.success(request, f"已制定{year}年考核方案。")
                return redirect(f"{_list_url()}?year={year}")
        status = 400
    return render(
        request,
        "disclosure/scheme_form.html",
        {**nav(user), "title": f"制定{year}年考核方案", "year": year, "form": form},
        status=status,
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("disclosure:assessments")


@idempotent  # a double click opens one assessment
@workflow_action
def assessment_new(request, year: int):
    """开始考核评分 of a unit in the year's scheme [36]."""
    user = request.user
    allowed(user)
    scheme = AssessmentScheme.objects.filter(year=year).first()
    if scheme is None:
        raise ValidationError(f"{year}年尚无考核方案，请先制定。")
    form = OpenAssessmentForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请选择要考核的单位。")
    assessment = services.assessment_open(actor=user, scheme_pk=scheme.pk, unit_pk=form.cleaned_data["unit"].pk)
    return redirect("disclosure:assessment", pk=assessment.pk)


def assessment_detail(request, pk: int):
    """One unit's assessment: the points per criterion, the comment, who confirmed it [36]."""
    user = request.user
    allowed(user)
    assessment = selectors.get_assessment_for(user, pk)
    criteria = list(assessment.scheme.criteria.order_by("order", "id"))
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    editable = rules.can_edit_assessment(assessment, user)
    form = ScoresForm(criteria=criteria, scores=scores, initial={"comment": assessment.comment}) if editable else None
    return _assessment_page(request, assessment, criteria, scores, form)


def _assessment_page(request, assessment, criteria, scores, form, status: int = 200):
    user = request.user
    draft = assessment.state == AssessmentState.DRAFT
    total = sum((s.points for s in scores.values()), start=0)
    return render(
        request,
        "disclosure/assessment_detail.html",
        {
            **nav(user),
            "title": services.ASSESSMENT_FLOW.name(assessment),
            "assessment": assessment,
            "rows": [{"criterion": c, "score": scores.get(c.pk)} for c in criteria],
            "total": total,
            "maximum": sum((c.max_points for c in criteria), start=0),
            "rank": scoring.unit_total(assessment.scheme.year, assessment.unit_id, confirmed_only=not draft),
            "form": form,
            "can_confirm": draft and rules.can_confirm_assessment(assessment, user),
            "fully_scored": bool(criteria) and len(scores) == len(criteria),
            "log": list(assessment.log.select_related("actor__profile").order_by("at", "id")),
            "steps": lifecycle.steps_for(assessment),
        },
        status=status,
    )


def assessment_score(request, pk: int):
    """Save the points per criterion (each within its maximum [36]); the page comes back with errors (400)."""
    user = request.user
    allowed(user)
    if request.method != "POST":
        return redirect("disclosure:assessment", pk=pk)
    assessment = selectors.get_assessment_for(user, pk)
    if not rules.can_edit_assessment(assessment, user):
        raise PermissionDenied("该考核结果已确认，或您不是政务公开专员，不能评分 [36]。")
    criteria = list(assessment.scheme.criteria.order_by("order", "id"))
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    form = ScoresForm(request.POST, criteria=criteria, scores=scores)
    if form.is_valid():
        done = apply_to_form(
            form,
            lambda: services.assessment_score(
                actor=user,
                pk=assessment.pk,
                seen_version=seen_version(request),
                scores=form.to_scores(),
                comment=form.cleaned_data["comment"],
            ),
        )
        if done is not None:
            messages.success(request, "评分已保存。")
            return redirect("disclosure:assessment", pk=assessment.pk)
    return _assessment_page(request, assessment, criteria, scores, form, status=400)


@workflow_action
def assessment_confirm(request, pk: int):
    """确认考核结果: an office leader, once every criterion is scored [36]."""
    user = request.user
    allowed(user)
    assessment = selectors.get_assessment_for(user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError("意见不超过300字。")
    services.assessment_confirm(
        actor=user, pk=assessment.pk, seen_version=seen_version(request), comment=form.cleaned_data["comment"]
    )
    messages.success(request, "考核结果已确认。")
    return redirect("disclosure:assessment", pk=assessment.pk)


def _report(request, year: int):
    user = request.user
    allowed(user)
    if not rules.can_export(user):
        raise PermissionDenied("考核结果通报和导出供办公室使用 [36]。")
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise BadYear(f"年度应为2000至{this_year + 1}年之间的年份。")
    return statistics.assessment_report(year)


def assessment_pdf(request, year: int):
    """考核结果通报 (PDF) [36]."""
    try:
        report = _report(request, year)
    except BadYear as error:
        return refusal_response(request, status=400, messages=[str(error)])
    return pdf_response(pdf.assessment_pdf(report), f"{year}年度政务公开考核结果通报.pdf")


def assessment_xlsx(request, year: int):
    """考核结果 (Excel) [36]."""
    try:
        report = _report(request, year)
    except BadYear as error:
        return refusal_response(request, status=400, messages=[str(error)])
    return exports.download(exports.assessment_xlsx(report), f"{year}年度政务公开考核结果.xlsx")


urlpatterns: list = [
    path("assessments/", assessments, name="assessments"),
    path("assessments/<int:year>/scheme/", scheme_new, name="scheme_new"),
    path("assessments/<int:year>/new/", assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment"),
    path("assessments/<int:pk>/score/", assessment_score, name="assessment_score"),
    path("assessments/<int:pk>/confirm/", assessment_confirm, name="assessment_confirm"),
    path("assessments/<int:year>/report.pdf", assessment_pdf, name="assessment_pdf"),
    path("assessments/<int:year>/report.xlsx", assessment_xlsx, name="assessment_xlsx"),
]
