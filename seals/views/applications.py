"""刻制印章 [7]: a department's or township's new seal. The unit's 联络员 applies for their own unit (or the clerk
enters a paper application); the office director approves or refuses; the clerk records it made (刻制) and then
handed over (交接), which puts the seal into the register. The list, one application with its history and the
steps this person may take, its 刻制印章审批表 and 印章交接单 (PDF) — each read through
``selectors.applications_visible_to`` (another unit's application is a 404 to a 联络员).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django_fsm import has_transition_perm

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from .. import pdf, rules, selectors, services
from ..forms import ApplicationFilterForm, ApplicationForm, CommentForm, HandoverForm, MadeForm
from .common import (
    BAD_FILTER,
    PAGE_SIZE,
    CappedPaginator,
    allowed,
    answers_stale,
    contact_unit_id,
    get_visible,
    nav,
    pdf_answer,
    query_without_page,
)


def visible_applications(user):
    return selectors.application_list(user).select_related("handed_by__profile")


def applications(request):
    """刻制印章申请 [7]."""
    user = request.user
    allowed(user)
    contact = contact_unit_id(user) is not None
    form = ApplicationFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    qs = visible_applications(user)
    d = form.cleaned_data if form.is_bound else {}
    if d.get("state"):
        qs = qs.filter(state=d["state"])
    if d.get("unit"):
        qs = qs.filter(unit=d["unit"])
    paginator = CappedPaginator(qs.order_by("-submitted_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    query = query_without_page(request)
    return render(
        request,
        "seals/applications.html",
        {
            **nav(user),
            "title": "本单位刻制印章申请" if contact else "刻制印章申请",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query,
            "filtered": bool(query),
            "contact": contact,
            "may_apply": may_apply(user),
        },
    )


def may_apply(user) -> bool:
    return rules.can_apply_for_unit(user)


@idempotent  # a double click submits one application
def application_new(request):
    """申请刻制印章: a 联络员 for their own unit, the clerk for a unit's paper application [7]."""
    user = request.user
    allowed(user)
    if not may_apply(user):
        raise PermissionDenied("刻制印章由单位联络员为本单位申请，或由收发秘书代为登记 [7]。")
    unit = contact_unit_id(user)
    form = ApplicationForm(request.POST or None, request.FILES or None, contact_unit=unit)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(form, lambda: services.application_submit(actor=user, data=form.to_data()))
            if done is not None:
                messages.success(request, "刻制印章申请已提交，待办公室主任审批 [7]。")
                return redirect("seals:application", pk=done.pk)
        status = 400
    return render(
        request,
        "seals/application_form.html",
        {**nav(user), "title": "申请刻制印章", "form": form, "contact": unit is not None},
        status=status,
    )


def offered(app, user) -> dict:
    """Only the steps this person may take now (the transitions' own permission checks) [7]."""
    return {
        "decide": has_transition_perm(app.approve, user),
        "withdraw": has_transition_perm(app.withdraw, user),
        "resubmit": has_transition_perm(app.resubmit, user),
        "made": has_transition_perm(app.make, user),
        "hand_over": has_transition_perm(app.hand_over, user),
    }


def application_detail(request, pk: int):
    user = request.user
    allowed(user)
    app = get_visible(visible_applications(user), pk)
    can = offered(app, user)
    today = timezone.localdate()
    return render(
        request,
        "seals/application_detail.html",
        {
            **nav(user),
            "title": f"刻制印章申请 {app.number}",
            "app": app,
            "log": list(app.log.select_related("actor__profile").order_by("at", "id")),
            "can": can,
            "made_form": MadeForm(initial={"made_on": today}) if can["made"] else None,
            "handover_form": HandoverForm(initial={"handed_on": today}) if can["hand_over"] else None,
        },
    )


DECISIONS = {
    "approve": (services.application_approve, "已批准刻制印章，收发秘书办理刻制 [7]。"),
    "reject": (services.application_reject, "已不予批准，已告知申请单位。"),
    "return": (services.application_return, "已退回补正，已告知申请单位。"),
}


@workflow_action
def application_act(request, pk: int, action: str):
    """批准 / 不予批准 / 退回补正 (the office director), 撤回 (the applicant, the unit's contact or the clerk) [7]."""
    user = request.user
    allowed(user)
    app = get_visible(selectors.applications_visible_to(user), pk)
    version = seen_version(request)
    if action in DECISIONS:
        form = CommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError("意见不超过500字。")
        comment = form.cleaned_data["comment"].strip()
        if action != "approve" and not comment:
            raise ValidationError("不予批准或退回补正须写明理由 [7]。")
        step, said = DECISIONS[action]
        step(actor=user, pk=app.pk, seen_version=version, comment=comment)
        messages.success(request, said)
    elif action == "withdraw":
        services.application_withdraw(actor=user, pk=app.pk, seen_version=version)
        messages.success(request, "已撤回刻制印章申请。")
    else:
        raise Http404("没有这个操作。")
    return redirect("seals:application", pk=app.pk)


@idempotent
@answers_stale
def application_resubmit(request, pk: int):
    """补正后重新提交: the returned application corrected, for the director to decide again [7]."""
    user = request.user
    allowed(user)
    app = get_visible(visible_applications(user), pk)
    if not has_transition_perm(app.resubmit, user):
        raise PermissionDenied("只有退回补正的申请可由申请人、本单位联络员或收发秘书补正后重新提交 [7]。")
    initial = {
        "unit": app.unit_id,
        "seal_name": app.seal_name,
        "kind": app.kind,
        "reason": app.reason,
        "explanation": app.explanation,
    }
    form = ApplicationForm(request.POST or None, request.FILES or None, contact_unit=app.unit_id, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(
                form,
                lambda: services.application_resubmit(
                    actor=user, pk=app.pk, seen_version=seen_version(request), data=form.to_data()
                ),
            )
            if done is not None:
                messages.success(request, "已补正并重新提交，待办公室主任审批 [7]。")
                return redirect("seals:application", pk=app.pk)
        status = 400
    return render(
        request,
        "seals/application_form.html",
        {**nav(user), "title": "补正后重新提交", "form": form, "app": app, "contact": True},
        status=status,
    )


def _step_form(request, pk: int, form_class, template_title: str, call, done_message: str):
    """A step with a form of its own (刻制, 交接): shown again with its errors (400) on bad input [7]."""
    user = request.user
    allowed(user)
    app = get_visible(visible_applications(user), pk)
    if not rules.can_keep_seals(user):
        raise PermissionDenied("印章的刻制和交接由收发秘书登记 [7]。")
    form = form_class(request.POST)
    if form.is_valid():
        done = apply_to_form(form, lambda: call(user, app, form))
        if done is not None:
            messages.success(request, done_message)
            return redirect("seals:application", pk=app.pk)
    return render(
        request,
        "seals/application_step_form.html",
        {**nav(user), "title": template_title, "app": app, "form": form, "step": request.resolver_match.url_name},
        status=400,
    )


@workflow_action
def application_made(request, pk: int):
    """登记刻制: the date and the maker [7]."""
    return _step_form(
        request,
        pk,
        MadeForm,
        "登记刻制",
        lambda user, app, form: services.application_made(
            actor=user,
            pk=app.pk,
            seen_version=seen_version(request),
            made_on=form.cleaned_data["made_on"],
            maker=form.cleaned_data["maker"].strip(),
        ),
        "已登记刻制，待单位领取交接 [7]。",
    )


@workflow_action
def application_hand_over(request, pk: int):
    """登记交接: who received the seal; the seal enters the register, in use [7]."""
    return _step_form(
        request,
        pk,
        HandoverForm,
        "登记交接",
        lambda user, app, form: services.application_hand_over(
            actor=user, pk=app.pk, seen_version=seen_version(request), data=form.to_data()
        ),
        "已交接，印章已登入印章登记簿 [7]。",
    )


def application_pdf(request, pk: int):
    """刻制印章审批表 [7]."""
    user = request.user
    allowed(user)
    app = get_visible(visible_applications(user), pk)
    return pdf_answer(
        lambda: pdf.application_pdf(app, printed_on=timezone.localdate()), f"刻制印章审批表-{app.number}.pdf"
    )


def handover_pdf(request, pk: int):
    """印章交接单 [7]: made before the handover (to be signed on paper) or after it (with the names filled)."""
    user = request.user
    allowed(user)
    app = get_visible(visible_applications(user), pk)
    if app.state not in ("made", "handed_over"):
        return refusal_response(request, status=400, messages=["印章刻制后才能打印交接单 [7]。"])
    return pdf_answer(lambda: pdf.handover_pdf(app, printed_on=timezone.localdate()), f"印章交接单-{app.number}.pdf")


def basis_file(request, pk: int):
    """批准文件, only through its application's visibility [7]."""
    app = get_visible(selectors.applications_visible_to(request.user), pk)
    if not app.basis_file:
        raise Http404("该申请没有上传批准文件。")
    try:
        handle = app.basis_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    response = FileResponse(handle, as_attachment=True, filename=app.basis_file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list = [
    path("applications/", applications, name="applications"),
    path("applications/new/", application_new, name="application_new"),
    path("applications/<int:pk>/", application_detail, name="application"),
    path("applications/<int:pk>/act/<slug:action>/", application_act, name="application_act"),
    path("applications/<int:pk>/resubmit/", application_resubmit, name="application_resubmit"),
    path("applications/<int:pk>/made/", application_made, name="application_made"),
    path("applications/<int:pk>/hand-over/", application_hand_over, name="application_hand_over"),
    path("applications/<int:pk>/form.pdf", application_pdf, name="application_pdf"),
    path("applications/<int:pk>/handover.pdf", handover_pdf, name="handover_pdf"),
    path("applications/<int:pk>/basis/", basis_file, name="application_basis"),
]
