"""Pages for leave. Thin: read through selectors, act through services."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from core.pagination import page_number

from . import lifecycle, selectors

PAGE_SIZE = 50


def request_list(request):
    """我的请假 and, for approvers, what waits for their decision [51], [54]."""
    page = Paginator(selectors.my_requests(request.user), PAGE_SIZE).get_page(page_number(request))
    waiting = list(selectors.awaiting_decision(request.user)[:PAGE_SIZE])
    return render(request, "leave/list.html", {"title": "请销假", "page": page, "waiting": waiting})


def detail(request, pk: int):
    req = selectors.get_leave_for(request.user, pk)
    return render(
        request,
        "leave/detail.html",
        {
            "title": f"请假单：{req}",
            "req": req,
            "steps": lifecycle.steps_for(req),
            "log": list(req.log.select_related("actor__profile")),
            "actions": selectors.available_actions(req, request.user),
        },
    )
