"""用印申请 [7]: a use of a seal on anything but an outgoing document waits for the office director's or a deputy
director's approval. Any office staff member submits; a leader approves or returns it; the applicant may
withdraw it while it waits; the clerk records the use against it (``seals:use_new?request=<pk>``). The list,
one request with its history, the steps this person may take, its 用印审批单 (PDF) and the paper to stamp —
each read through ``selectors.requests_visible_to`` (others' requests are a 404 to a staff member).
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
from ..forms import CommentForm, RequestFilterForm, RequestForm
from .common import (
    BAD_FILTER,
    PAGE_SIZE,
    CappedPaginator,
    allowed,
    get_visible,
    nav,
    office_only,
    pdf_answer,
    query_without_page,
)


def visible_requests(user):
    return selectors.request_list(user)


def requests_list(request):
    """用印申请: the latest submitted first (the ``seals_request_recent`` index) [7]."""
    user = request.user
    office_only(user)
    form = RequestFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    qs = visible_requests(user)
    d = form.cleaned_data if form.is_bound else {}
    if d.get("state"):
        qs = qs.filter(state=d["state"])
    if d.get("mine"):
        qs = qs.filter(applicant=user)
    paginator = CappedPaginator(qs.order_by("-submitted_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    query = query_without_page(request)
    return render(
        request,
        "seals/requests.html",
        {
            **nav(user),
            "title": "用印申请",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query,
            "filtered": bool(query),
            "may_apply": rules.can_request_use(user),
        },
    )


def requestable_seals(user):
    """The seals a use may be asked for: the office's own seals in use (a unit keeps and uses its own) [7]."""
    return selectors.seals_in_use(user)


@idempotent  # a double click submits one request
def request_new(request):
    """Submit a 用印申请 [7]."""
    user = request.user
    allowed(user)
    if not rules.can_request_use(user):
        raise PermissionDenied("用印申请由县政府办公室工作人员提出 [7]。")
    initial = {}
    seal_id = request.GET.get("seal", "")
    if seal_id.isdigit():
        initial["seal"] = int(seal_id)
    form = RequestForm(request.POST or None, request.FILES or None, seals=requestable_seals(user), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(form, lambda: services.request_submit(actor=user, data=form.to_data()))
            if done is not None:
                messages.success(request, "用印申请已提交，待办公室主任或副主任审批 [7]。")
                return redirect("seals:request", pk=done.pk)
        status = 400
    return render(request, "seals/request_form.html", {**nav(user), "title": "申请用印", "form": form}, status=status)


def offered(req, user, *, lapsed: bool) -> dict:
    """Only the steps this person may take now (the transitions' own permission checks) [7]."""
    return {
        "decide": has_transition_perm(req.approve, user),
        "withdraw": has_transition_perm(req.withdraw, user),
        "use": req.state == "approved" and not lapsed and rules.can_keep_seals(user),
    }


def request_detail(request, pk: int):
    user = request.user
    allowed(user)
    req = get_visible(visible_requests(user), pk)
    uses = list(req.uses.select_related("stamped_by__profile").order_by("used_at", "id"))
    lapsed = services.is_lapsed(req)
    return render(
        request,
        "seals/request_detail.html",
        {
            **nav(user),
            "title": f"用印申请 {req.number}",
            "req": req,
            "uses": uses,
            "log": list(req.log.select_related("actor__profile").order_by("at", "id")),
            "can": offered(req, user, lapsed=lapsed),
            "lapsed": lapsed,
            "expires_on": services.expires_on(req) if req.state == "approved" else None,
        },
    )


@workflow_action
def request_act(request, pk: int, action: str):
    """批准 / 退回 (the office director or a deputy) or 撤回 (the applicant) [7]."""
    user = request.user
    allowed(user)
    req = get_visible(selectors.requests_visible_to(user), pk)
    version = seen_version(request)
    if action in ("approve", "return"):
        form = CommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError("意见不超过500字。")
        comment = form.cleaned_data["comment"].strip()
        if action == "return" and not comment:
            raise ValidationError("退回用印申请须写明理由 [7]。")
        step = services.request_approve if action == "approve" else services.request_return
        step(actor=user, pk=req.pk, seen_version=version, comment=comment)
        messages.success(request, "已批准用印，收发秘书凭此用印 [7]。" if action == "approve" else "已退回用印申请。")
    elif action == "withdraw":
        services.request_withdraw(actor=user, pk=req.pk, seen_version=version)
        messages.success(request, "已撤回用印申请。")
    else:
        raise Http404("没有这个操作。")
    return redirect("seals:request", pk=req.pk)


def request_pdf(request, pk: int):
    """用印审批单 [7]: the paper the clerk files with the stamped copy."""
    user = request.user
    allowed(user)
    req = get_visible(visible_requests(user), pk)
    uses = list(req.uses.select_related("stamped_by__profile").order_by("used_at", "id"))
    return pdf_answer(
        lambda: pdf.request_pdf(req, uses=uses, printed_on=timezone.localdate()), f"用印审批单-{req.number}.pdf"
    )


def request_file(request, pk: int):
    """The paper to stamp, only through its request's visibility [7]."""
    req = get_visible(selectors.requests_visible_to(request.user), pk)
    if not req.file:
        raise Http404("该申请没有上传文件。")
    try:
        handle = req.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    name = req.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list = [
    path("requests/", requests_list, name="requests"),
    path("requests/new/", request_new, name="request_new"),
    path("requests/<int:pk>/", request_detail, name="request"),
    path("requests/<int:pk>/act/<slug:action>/", request_act, name="request_act"),
    path("requests/<int:pk>/form.pdf", request_pdf, name="request_pdf"),
    path("requests/<int:pk>/file/", request_file, name="request_file"),
]
