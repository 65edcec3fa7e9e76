"""清理 and 废止建议 [13]: 法制科 starts a clean-up, lists documents with a proposal each (继续有效 / 修改 / 废止)
and submits it; the county head or the executive deputy head decides it, and every item applies at once. A repeal
proposal on one document is decided the same way; accepting it repeals the document.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from core.actions import apply_to_form, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from .. import lifecycle, rules, selectors, services
from ..forms import CleanupItemForm, CleanupStartForm, CommentForm, DecideForm
from ..models import CleanupState, ProposalState
from .common import PAGE_SIZE, CappedPaginator, cleanup_candidates, keeper_only, nav, register_allowed


def errors_of(form) -> list[str]:
    """Each error with its field's label: 公布日期：这个字段是必填项。"""
    return [
        f"{form.fields[name].label}：{message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    ]


def cleanups(request):
    """规范性文件清理: newest first [13]."""
    user = request.user
    register_allowed(user)
    paginator = CappedPaginator(selectors.cleanups_visible_to(user).order_by("-started_on", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    return render(
        request,
        "normative/cleanups.html",
        {
            **nav(user),
            "title": "规范性文件清理",
            "page": page,
            "capped": paginator.capped,
            "query": "",
            "form": CleanupStartForm() if rules.can_start_cleanup(user) else None,
        },
    )


@idempotent
def cleanup_new(request):
    user = request.user
    keeper_only(user, "只有法制科可以组织清理 [13]。")
    form = CleanupStartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            cleanup = apply_to_form(form, lambda: services.cleanup_start(actor=user, title=form.cleaned_data["title"]))
            if cleanup is not None:
                messages.success(request, "已开始清理，请逐件列入清理意见 [13]。")
                return redirect("normative:cleanup", pk=cleanup.pk)
        status = 400
    return render(
        request,
        "normative/form.html",
        {**nav(user), "title": "开始清理", "form": form, "create": True, "submit": "开始清理"},
        status=status,
    )


def cleanup(request, pk: int):
    user = request.user
    register_allowed(user)
    found = selectors.get_cleanup_for(user, pk)
    keeper = rules.is_legal_section(user)
    drafting = found.state == CleanupState.DRAFTING
    items = list(selectors.cleanup_items(found))
    can = {
        "add": keeper and drafting,
        "submit": keeper and drafting and bool(items),
        "decide": found.state == CleanupState.SUBMITTED and rules.is_decider(user),
    }
    add_form = CleanupItemForm(queryset=cleanup_candidates(user)) if can["add"] else None
    return render(
        request,
        "normative/cleanup.html",
        {
            **nav(user),
            "title": found.title,
            "cleanup": found,
            "items": items,
            "can": can,
            "add_form": add_form,
            "log": list(found.log.select_related("actor__profile").order_by("at", "id")),
        },
    )


@workflow_action
def cleanup_act(request, pk: int, action: str):
    """列入 a document, 提交 for decision, 决定 (the county head or the executive deputy head) [13]."""
    user = request.user
    register_allowed(user)
    found = selectors.get_cleanup_for(user, pk)
    version = seen_version(request)
    if action == "add":
        form = CleanupItemForm(request.POST, queryset=cleanup_candidates(user))
        if not form.is_valid():
            raise ValidationError(errors_of(form))
        d = form.cleaned_data
        services.cleanup_add(
            actor=user, cleanup_pk=found.pk, document_pk=d["document"].pk, proposal=d["proposal"], reason=d["reason"]
        )
        messages.success(request, "已列入清理。")
    elif action == "submit":
        services.cleanup_submit(actor=user, pk=found.pk, seen_version=version)
        messages.success(request, "已提请县政府领导决定 [13]。")
    elif action == "decide":
        form = CommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError(errors_of(form))
        services.cleanup_decide(actor=user, pk=found.pk, seen_version=version, comment=form.cleaned_data["comment"])
        messages.success(request, "清理结果已决定，各件文件已按决定处理 [13]。")
    else:
        raise Http404("没有这个操作。")
    return redirect("normative:cleanup", pk=found.pk)


def proposals(request):
    """废止建议: waiting for a decision first, then the decided, newest first [13]."""
    user = request.user
    register_allowed(user)
    qs = selectors.proposals_visible_to(user).select_related("document", "proposed_by__profile", "decided_by__profile")
    waiting = list(qs.filter(state=ProposalState.PROPOSED).order_by("id"))
    paginator = CappedPaginator(qs.exclude(state=ProposalState.PROPOSED).order_by("-decided_on", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    return render(
        request,
        "normative/proposals.html",
        {
            **nav(user),
            "title": "废止建议",
            "waiting": waiting,
            "page": page,
            "capped": paginator.capped,
            "query": "",
            "can_decide": rules.is_decider(user),
            "decide_form": DecideForm(),
        },
    )


@workflow_action
def proposal_decide(request, pk: int):
    """采纳 (the document is repealed) or 不予采纳 [13]."""
    user = request.user
    register_allowed(user)
    proposal = selectors.get_proposal_for(user, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        if "accept" in form.errors:
            raise ValidationError("请选择采纳或不予采纳。")
        raise ValidationError(errors_of(form))
    d = form.cleaned_data
    services.repeal_decide(
        actor=user, pk=proposal.pk, seen_version=seen_version(request), accept=d["accept"], comment=d["comment"]
    )
    messages.success(request, "已采纳，该文件已废止 [13]。" if d["accept"] else "已决定不予采纳。")
    if request.POST.get("from") == "document":
        return redirect("normative:document", pk=proposal.document_id)
    return redirect("normative:proposals")


def lifecycle_page(request, key: str = "normative"):
    """规范性文件 and 清理 lifecycles, generated from the state machines [13]."""
    register_allowed(request.user)
    chosen = {"normative": lifecycle.LIFECYCLE, "cleanups": lifecycle.CLEANUPS}.get(key)
    if chosen is None:
        raise Http404("没有这个流程。")
    return render(request, "core/lifecycle.html", {"lifecycle": chosen, "title": chosen.title})


urlpatterns: list = [
    path("lifecycle/", lifecycle_page, name="lifecycle"),
    path("lifecycle/<slug:key>/", lifecycle_page, name="lifecycle_of"),
    path("cleanups/", cleanups, name="cleanups"),
    path("cleanups/new/", cleanup_new, name="cleanup_new"),
    path("cleanups/<int:pk>/", cleanup, name="cleanup"),
    path("cleanups/<int:pk>/act/<slug:action>/", cleanup_act, name="cleanup_act"),
    path("proposals/", proposals, name="proposals"),
    path("proposals/<int:pk>/decide/", proposal_decide, name="proposal_decide"),
]
