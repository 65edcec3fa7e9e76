"""督查 pages — a first, minimal set (the page helpers replace and extend it): the list of items I may see
(open ones by deadline, late marked), one item with its feedback, extensions and log, and the POST that makes
a leader's 批示 on an incoming document an item [11], [37], [40].

Every read through ``selectors.items_visible_to``; the list costs the same number of queries for 3 rows as
for 300.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from . import lifecycle, rules, selectors, services
from .models import TRACKED_STATES

PAGE_SIZE = 50


def item_list(request):
    user = request.user
    qs = selectors.items_visible_to(user)
    show = request.GET.get("show", "")
    # Open items by deadline (the partial index supervision_open_due), or every item newest first.
    qs = selectors.open_items(qs).order_by("deadline", "id") if show != "all" else qs.order_by("-year", "-serial")
    page = Paginator(selectors.list_rows(qs), PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "supervision/item_list.html",
        {
            "title": "督查事项",
            "page": page,
            "show": show,
            "today": timezone.localdate(),
            "tracked_states": TRACKED_STATES,
            "can_register": rules.can_register(user),
        },
    )


def item_detail(request, pk: int):
    user = request.user
    item = selectors.get_item_for(user, pk)
    return render(
        request,
        "supervision/item_detail.html",
        {
            "title": services.FLOW.name(item),
            "item": item,
            "late": item.is_late(timezone.localdate()),
            "needs_reason": item.needs_late_reason(timezone.localdate()),
            "assisting": list(item.assisting_units.all()),
            "feedback": list(
                item.feedback.select_related("unit", "recorded_by__profile").order_by("recorded_at", "id")
            ),
            "extensions": list(item.extensions.select_related("requested_by__profile", "decided_by__profile")),
            "answers": list(item.answers.all()),
            "log": list(item.log.select_related("actor__profile").order_by("at", "id")),
            "steps": lifecycle.steps_for(item),
        },
    )


@idempotent  # a double click registers one item
@workflow_action
def from_instruction(request, reader_pk: int):
    """One action on the incoming document's page: its leader's 批示 becomes a supervision item [11], [37]."""
    item = services.item_from_instruction(actor=request.user, reader_pk=reader_pk)
    messages.success(request, f"已登记为督查事项{item.number_label}，请补充牵头单位和办结时限后开始督办 [37]。")
    return redirect("supervision:detail", pk=item.pk)


urlpatterns = [
    path("", item_list, name="list"),
    path("<int:pk>/", item_detail, name="detail"),
    path("from-instruction/<int:reader_pk>/", from_instruction, name="from_instruction"),
]
