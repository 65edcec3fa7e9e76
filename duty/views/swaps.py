"""换班 pages [42]: asked by the person on duty from their shift, accepted (or declined) by the other, approved
(or refused) by the office leader who made the roster, withdrawn by the one who asked. On approval the shifts
change hands and the roster's history keeps both names (``services.swap_approve``)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from org.selectors import display_name

from .. import rules, services
from ..forms import CommentForm, SwapForm, rota_choices
from ..models import RosterState, SwapState
from ..selectors import get_for, shifts_visible_to, swaps_visible_to
from .common import chapter

PAGE_SIZE = 30
EXCHANGE_DAYS = 62


def _other_shifts(user, shift) -> list[tuple[str, str]]:
    """Other people's shifts not started yet of published rosters (two months ahead), for an exchange."""
    now = timezone.now()
    qs = (
        shifts_visible_to(user)
        .filter(
            roster__state=RosterState.PUBLISHED,
            starts_at__gt=now,
            starts_at__lt=now + timedelta(days=EXCHANGE_DAYS),
            person__isnull=False,
        )
        .exclude(person=user)
        .exclude(pk=shift.pk)
        .order_by("starts_at", "seat", "id")[:200]
    )
    return [(str(s.pk), f"{s.day:%m月%d日} {s.kind.name} · {display_name(s.person)}") for s in qs]


@idempotent
def swap_new(request, shift_pk: int):
    """换班申请 from one's own shift [42]."""
    chapter(request.user)
    shift = get_for(request.user, shifts_visible_to(request.user).select_related("roster"), shift_pk)
    people = [(pk, name) for pk, name in rota_choices()[1:] if pk != str(request.user.pk)]
    form = SwapForm(request.POST or None, people=people, shifts=_other_shifts(request.user, shift))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        swap = apply_to_form(
            form,
            lambda: services.swap_request(
                actor=request.user,
                shift_pk=shift.pk,
                other_person_pk=d["other_person"],
                reason=d["reason"],
                other_shift_pk=d["other_shift"],
            ),
        )
        if swap is not None:
            messages.success(request, f"已向{display_name(swap.other_person)}提出换班申请，待对方同意后由领导批准。")
            return redirect("duty:swap", swap.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "duty/swap_new.html",
        {"title": "申请换班", "nav": "swaps", "shift": shift, "form": form},
        status=status,
    )


def swap_detail(request, pk: int):
    chapter(request.user)
    swap = get_for(request.user, swaps_visible_to(request.user).select_related("decided_by__profile"), pk)
    user = request.user
    open_ = swap.state in (SwapState.REQUESTED, SwapState.ACCEPTED)
    return render(
        request,
        "duty/swap_detail.html",
        {
            "title": "换班申请",
            "nav": "swaps",
            "swap": swap,
            "log": list(swap.log.select_related("actor__profile").order_by("at", "id")),
            "can_answer": swap.state == SwapState.REQUESTED and rules.can_answer_swap(swap, user),
            "can_decide": swap.state == SwapState.ACCEPTED and rules.can_approve_swap(swap, user),
            "can_withdraw": open_ and rules.can_request_swap(swap, user),
            "comment_form": CommentForm(),
        },
    )


def swap_list(request):
    """换班: those waiting for me first, then every swap newest first (paged, the page number capped)."""
    chapter(request.user)
    user = request.user
    base = swaps_visible_to(user)
    waiting = list(
        base.filter(
            Q(state=SwapState.REQUESTED, other_person=user) | Q(state=SwapState.ACCEPTED, shift__roster__made_by=user)
        ).order_by("created_at", "id")[:20]
    )
    mine_only = request.GET.get("mine") == "1"
    qs = base.order_by("-created_at", "-id")
    if mine_only:
        qs = qs.filter(Q(requested_by=user) | Q(other_person=user))
    page = Paginator(qs, PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "duty/swap_list.html",
        {"title": "换班", "nav": "swaps", "waiting": waiting, "page": page, "mine_only": mine_only},
    )


def _step(request, pk: int, call, done: str):
    call()
    messages.success(request, done)
    return redirect("duty:swap", pk)


@workflow_action
def swap_accept(request, pk: int):
    chapter(request.user)
    get_for(request.user, swaps_visible_to(request.user), pk)
    return _step(
        request,
        pk,
        lambda: services.swap_accept(actor=request.user, pk=pk, seen_version=seen_version(request)),
        "已同意换班，待领导批准。",
    )


@workflow_action
def swap_decline(request, pk: int):
    chapter(request.user)
    get_for(request.user, swaps_visible_to(request.user), pk)
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda: services.swap_decline(actor=request.user, pk=pk, comment=comment, seen_version=seen_version(request)),
        "已答复不同意换班。",
    )


@workflow_action
def swap_approve(request, pk: int):
    chapter(request.user)
    get_for(request.user, swaps_visible_to(request.user), pk)
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda: services.swap_approve(actor=request.user, pk=pk, comment=comment, seen_version=seen_version(request)),
        "已批准换班，值班表已更新（记录保留双方姓名）。",
    )


@workflow_action
def swap_refuse(request, pk: int):
    chapter(request.user)
    get_for(request.user, swaps_visible_to(request.user), pk)
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda: services.swap_refuse(actor=request.user, pk=pk, comment=comment, seen_version=seen_version(request)),
        "已不批准换班。",
    )


@workflow_action
def swap_withdraw(request, pk: int):
    chapter(request.user)
    get_for(request.user, swaps_visible_to(request.user), pk)
    return _step(
        request,
        pk,
        lambda: services.swap_withdraw(actor=request.user, pk=pk, seen_version=seen_version(request)),
        "已撤回换班申请。",
    )


urlpatterns: list = [
    path("swaps/", swap_list, name="swaps"),
    path("shifts/<int:shift_pk>/swap/", swap_new, name="swap_new"),
    path("swaps/<int:pk>/", swap_detail, name="swap"),
    path("swaps/<int:pk>/accept/", swap_accept, name="swap_accept"),
    path("swaps/<int:pk>/decline/", swap_decline, name="swap_decline"),
    path("swaps/<int:pk>/approve/", swap_approve, name="swap_approve"),
    path("swaps/<int:pk>/refuse/", swap_refuse, name="swap_refuse"),
    path("swaps/<int:pk>/withdraw/", swap_withdraw, name="swap_withdraw"),
]
