"""行政许可事项 pages [13]: the list (public: the items in force; 法制科 and the leaders: the whole register with
cancelled items), its Excel export (行政许可项目目录), an item with its decisions, the form adding an item, the
decision on one item, and the clean-ups (a batch: one decision per item under the clean-up's document)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from .. import exports, lifecycle, rules, selectors, services
from ..forms import CleanupForm, ItemDecisionForm, ItemFilterForm, ItemForm
from ..models import IN_FORCE, LicensingStatus
from .common import PAGE_SIZE, CappedPaginator, allowed, legal_only, nav

ITEM_COLUMNS = ("id", "code", "name", "legal_basis", "state", "document_number", "decided_on", "version",
                "unit__id", "unit__name", "unit__short_name", "unit__sort_order")  # fmt: skip


def filtered_items(user, form):
    register = selectors.sees_item_register(user)
    qs = selectors.items_visible_to(user)
    d = form.cleaned_data if form.is_bound else {}
    status = d.get("status", "") if register else ""
    if not status:
        qs = qs.filter(state__in=[s.value for s in IN_FORCE])
    elif status != "all":
        qs = qs.filter(state=status)
    if d.get("unit"):
        qs = qs.filter(unit=d["unit"])
    q = (d.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(legal_basis__icontains=q))
    return qs.select_related("unit").only(*ITEM_COLUMNS).order_by("unit__sort_order", "code", "id")


def items(request):
    """行政许可事项目录 [13]."""
    user = request.user
    allowed(user)
    register = selectors.sees_item_register(user)
    form = ItemFilterForm(request.GET or None, register=register)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    paginator = CappedPaginator(filtered_items(user, form), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "legal/items.html",
        {
            **nav(user),
            "title": "行政许可事项目录",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(query),
            "register": register,
            "can_keep": rules.can_keep_items(user),
        },
    )


def items_xlsx(request):
    """行政许可项目目录 (Excel): the items in force, public [13]."""
    user = request.user
    allowed(user)
    rows = list(
        selectors.items_in_force()
        .select_related("unit")
        .only(*ITEM_COLUMNS)
        .order_by("unit__sort_order", "code", "id")[: exports.MAX_ROWS]
    )
    today = timezone.localdate()
    return exports.download(exports.items_xlsx(rows, today=today), "行政许可项目目录.xlsx")


@idempotent
def item_new(request):
    user = request.user
    allowed(user)
    legal_only(user, "只有法制科人员可以维护行政许可事项 [13]。")
    form = ItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            item = apply_to_form(
                form,
                lambda: services.item_add(
                    actor=user,
                    data=form.item_data(),
                    document_number=d["document_number"],
                    decided_on=d["decided_on"],
                    basis=d["basis"],
                ),
            )
            if item is not None:
                messages.success(request, "事项已列入目录 [13]。")
                return redirect("legal:item", pk=item.pk)
        status = 400
    return render(
        request, "legal/item_form.html", {**nav(user), "title": "新增行政许可事项", "form": form}, status=status
    )


def item_detail(request, pk: int):
    user = request.user
    allowed(user)
    item = selectors.get_item_for(user, pk)
    register = selectors.sees_item_register(user)
    return render(
        request,
        "legal/item_detail.html",
        {
            **nav(user),
            "title": item.name,
            "item": item,
            "decisions": list(item.decisions.select_related("cleanup").order_by("decided_on", "id")),
            "register": register,
            "can_decide": rules.can_keep_items(user) and item.state != LicensingStatus.CANCELLED,
            "statuses": LicensingStatus.choices,
            "steps": lifecycle.steps_for(item),
            "today": timezone.localdate(),
        },
    )


@workflow_action
def item_decide(request, pk: int):
    user = request.user
    allowed(user)
    item = selectors.get_item_for(user, pk)
    form = ItemDecisionForm(request.POST)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    d = form.cleaned_data
    services.item_decide(
        actor=user,
        pk=item.pk,
        seen_version=seen_version(request),
        status=d["status"],
        document_number=d["document_number"],
        decided_on=d["decided_on"],
        basis=d["basis"],
    )
    messages.success(request, "决定已登记，事项状态随之变更 [13]。")
    return redirect("legal:item", pk=item.pk)


def cleanups(request):
    """行政许可项目清理 [13]: the list and the form starting one (法制科)."""
    user = request.user
    allowed(user)
    if not selectors.sees_item_register(user):
        raise PermissionDenied("行政许可项目清理供法制科和领导查看 [13]。")
    form = CleanupForm(request.POST or None, initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        legal_only(user, "只有法制科人员可以开展清理 [13]。")
        if form.is_valid():
            d = form.cleaned_data
            done = apply_to_form(
                form, lambda: services.cleanup_start(actor=user, year=d["year"], title=d["title"], note=d["note"])
            )
            if done is not None:
                messages.success(request, "清理已开始，请逐项作出决定 [13]。")
                return redirect("legal:cleanup", pk=done.pk)
        status = 400
    return render(
        request,
        "legal/cleanups.html",
        {
            **nav(user),
            "title": "行政许可项目清理",
            "cleanups": list(selectors.cleanups_visible_to(user).select_related("started_by__profile")[:100]),
            "form": form if rules.can_keep_items(user) else None,
        },
        status=status,
    )


def cleanup_detail(request, pk: int):
    """One clean-up: while open, a decision per item in force; decided, the decisions it recorded [13]."""
    user = request.user
    allowed(user)
    cleanup = selectors.get_cleanup_for(user, pk)
    open_items = []
    if cleanup.closed_at is None:
        open_items = list(
            selectors.items_in_force()
            .select_related("unit")
            .only(*ITEM_COLUMNS)
            .order_by("unit__sort_order", "code", "id")
        )
    return render(
        request,
        "legal/cleanup_detail.html",
        {
            **nav(user),
            "title": cleanup.title,
            "cleanup": cleanup,
            "items": open_items,
            "decisions": list(cleanup.decisions.select_related("item__unit").order_by("item__unit__sort_order", "id")),
            "can_decide": rules.can_keep_items(user) and cleanup.closed_at is None,
            "statuses": LicensingStatus.choices,
            "today": timezone.localdate(),
        },
    )


@workflow_action
def cleanup_decide(request, pk: int):
    """The clean-up's decision: ``status-<item>`` and ``basis-<item>`` for each item decided [13]."""
    user = request.user
    allowed(user)
    cleanup = selectors.get_cleanup_for(user, pk)
    form = ItemDecisionForm({**request.POST.dict(), "status": LicensingStatus.KEPT, "basis": "清理"})
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    decisions = {}
    for key, value in request.POST.items():
        if key.startswith("status-") and value:
            raw = key.removeprefix("status-")
            if not raw.isdigit() or value not in LicensingStatus.values:
                raise ValidationError("决定不正确，请从页面上选择。")
            decisions[int(raw)] = (value, request.POST.get(f"basis-{raw}", ""))
    services.cleanup_decide(
        actor=user,
        pk=cleanup.pk,
        seen_version=seen_version(request),
        document_number=form.cleaned_data["document_number"],
        decided_on=form.cleaned_data["decided_on"],
        decisions=decisions,
    )
    messages.success(request, f"清理决定已登记：{len(decisions)}个事项 [13]。")
    return redirect("legal:cleanup", pk=cleanup.pk)


urlpatterns: list = [
    path("items/", items, name="items"),
    path("items.xlsx", items_xlsx, name="items_xlsx"),
    path("items/new/", item_new, name="item_new"),
    path("items/<int:pk>/", item_detail, name="item"),
    path("items/<int:pk>/decide/", item_decide, name="item_decide"),
    path("cleanups/", cleanups, name="cleanups"),
    path("cleanups/<int:pk>/", cleanup_detail, name="cleanup"),
    path("cleanups/<int:pk>/decide/", cleanup_decide, name="cleanup_decide"),
]
