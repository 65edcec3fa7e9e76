"""用印登记簿 [7]: every time a seal was used — on an approved 用印申请, or on an outgoing document at its 用印
step [30(5)] — newest first, filtered by seal, month and purpose, capped paging; the clerk's 登记用印 form, which
refuses (and says why) without an approved request; a wrong entry is voided with a reason, never deleted; the
register as Excel. Every read goes through ``selectors.uses_visible_to``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from documents.outgoing.models import State

from .. import exports, rules, selectors, services
from ..forms import UseFilterForm, UseForm, VoidForm
from .common import BAD_FILTER, PAGE_SIZE, CappedPaginator, allowed, get_visible, nav, office_only, query_without_page


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    """The month as office-time moments, so the filter walks the ``used_at`` index (no cast to a date)."""
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(year + (month == 12), month % 12 + 1, 1))
    return start, end


def filtered_uses(user, form):
    qs = selectors.use_list(user)
    d = form.cleaned_data if form.is_bound else {}
    if d.get("seal"):
        qs = qs.filter(seal=d["seal"])
    if d.get("month"):
        start, end = month_range(*d["month"])
        qs = qs.filter(used_at__gte=start, used_at__lt=end)
    if d.get("purpose"):
        qs = qs.filter(purpose=d["purpose"])
    if not d.get("voided"):
        qs = qs.filter(voided_at__isnull=True)
    return qs.order_by("-used_at", "-id")


def filter_seals(user):
    return selectors.seals_visible_to(user).order_by("id")


def uses(request):
    """用印登记簿 [7]."""
    user = request.user
    office_only(user)
    form = UseFilterForm(request.GET or None, seals=filter_seals(user))
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    paginator = CappedPaginator(filtered_uses(user, form), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    query = query_without_page(request)
    return render(
        request,
        "seals/uses.html",
        {
            **nav(user),
            "title": "用印登记簿",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query,
            "filtered": bool(query),
            "keeper": rules.can_keep_seals(user),
        },
    )


def uses_xlsx(request):
    """用印登记簿 (Excel): the list's filters, the uses this person may see [7]."""
    user = request.user
    office_only(user)
    form = UseFilterForm(request.GET or None, seals=filter_seals(user))
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    rows = list(filtered_uses(user, form)[: exports.MAX_ROWS])
    today = timezone.localdate()
    content = exports.uses_xlsx(rows, title=f"用印登记簿（{today:%Y年%m月%d日}导出）")
    return exports.download(content, "用印登记簿.xlsx")


def usable_requests(user):
    """Approved requests not yet stamped nor lapsed, for the office's own seals in use [7]."""
    since = timezone.localdate() - timedelta(days=services.REQUEST_EXPIRES_DAYS)
    return selectors.requests_to_stamp(user).filter(seal__state="in_use", decided_at__date__gte=since)


def sealing_outgoing(user):
    """Outgoing documents waiting at their 用印 step [30(5)] (usually recorded by themselves when the step is
    taken; listed here for a stamp the clerk records by hand)."""
    from documents.outgoing.selectors import outgoing_visible_to

    return (
        outgoing_visible_to(user).filter(state=State.SEALING).order_by("id").only("id", "state", "title", "doc_number")
    )


@idempotent  # a double click records one use
def use_new(request):
    """登记用印: the clerk records a use on an approved request (or an outgoing document at 用印) [7][30(5)]."""
    user = request.user
    allowed(user)
    if not rules.can_keep_seals(user):
        raise PermissionDenied("用印由保管印章的收发秘书登记 [7]。")
    requests = usable_requests(user)
    initial = {}
    wanted = request.GET.get("request", "")
    if wanted.isdigit():
        initial["request"] = int(wanted)
    form = UseForm(
        request.POST or None,
        requests=requests,
        outgoing=sealing_outgoing(user),
        seals=selectors.seals_in_use(user),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(form, lambda: services.use_record(actor=user, data=form.to_data()))
            if done is not None:
                messages.success(request, f"已登记用印：{done.subject}。")
                return redirect("seals:uses")
        status = 400
    return render(
        request,
        "seals/use_form.html",
        {
            **nav(user),
            "title": "登记用印",
            "form": form,
            "no_requests": not requests.exists(),
        },
        status=status,
    )


@workflow_action
def use_void(request, pk: int):
    """作废 a wrong entry, with the reason; the row stays in the register, struck through [7]."""
    user = request.user
    allowed(user)
    use = get_visible(selectors.uses_visible_to(user), pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请写明作废理由（不超过500字）。")
    services.use_void(actor=user, pk=use.pk, reason=form.cleaned_data["reason"].strip())
    messages.success(request, "该用印记录已作废。")
    return redirect("seals:uses")


urlpatterns: list = [
    path("uses/", uses, name="uses"),
    path("uses.xlsx", uses_xlsx, name="uses_xlsx"),
    path("uses/new/", use_new, name="use_new"),
    path("uses/<int:pk>/void/", use_void, name="use_void"),
]
