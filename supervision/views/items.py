"""督查事项 pages: the list (filters, search, capped paging, deadline and lateness shown), a unit contact's home
(their unit's items waiting for a report), registering (登记) and correcting an item, one item with its timeline
(log and feedback) and every step as a form on it, and the incoming page's 批示 → item [11], [37]–[40].

Every read goes through ``selectors.items_visible_to`` / ``get_item_for`` (404 for "missing" and "not yours"
alike: a unit contact sees their unit's items only [40], a classified item only the cleared people on it [31],
[32]); every write through ``services``; refusals become Chinese 4xx pages (``core.actions``). A late item whose
reason and progress are not yet given offers nothing but that feedback form [40].
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property

from core import audit
from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from .. import lifecycle, rules, selectors, services
from ..forms import CommentForm, ExtensionForm, FeedbackForm, ItemFilterForm, ItemForm, ReasonForm, TextForm
from ..models import TRACKED_STATES, ExtensionOutcome, State

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this the list says "10000 项以上"; the filters and the search narrow it
SOON = timedelta(days=7)  # a reporting date or deadline this close is "waiting for a report" [40]
NUMBER = re.compile(r"^\s*(?:督查)?[〔\[（(]?(\d{4})?[〕\]）)]?\s*(\d{1,7})\s*号?\s*$")


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows (``COUNT(*) FROM (… LIMIT n)``) instead of the whole table."""

    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


def _allowed(user) -> None:
    if not rules.can_open_supervision(user):
        raise PermissionDenied("督查事项供办公室、县领导和责任单位联络员查看 [37]–[40]。")


# --- the list ---------------------------------------------------------------------------------------------------


def _search(qs, q: str):
    """督查〔2026〕12号, 2026 12, 12号 or 12: the number; anything else: the name or the proposal number."""
    match = NUMBER.match(q)
    if match:
        year, serial = match.groups()
        by_number = Q(serial=int(serial)) & (Q(year=int(year)) if year else Q())
        return qs.filter(by_number | Q(title__icontains=q))
    return qs.filter(Q(title__icontains=q) | Q(proposal_number__icontains=q))


def filtered_items(user, form: ItemFilterForm):
    """The items the list shows, by its filters (the form is valid or unbound)."""
    qs = selectors.items_visible_to(user)
    d = form.cleaned_data if form.is_bound else {}
    state = d.get("state", "")
    if not state:
        qs = selectors.open_items(qs)  # the partial indexes' predicate
    elif state != "all":
        qs = qs.filter(state=state)
    if d.get("source"):
        qs = qs.filter(source=d["source"])
    if d.get("unit"):
        qs = qs.filter(selectors.unit_condition(d["unit"].pk))
    if d.get("leader"):
        qs = qs.filter(Q(first_responsible=d["leader"]) | Q(deputy_head=d["leader"]))
    if d.get("year"):
        qs = qs.filter(year=d["year"])
    if d.get("overdue"):
        qs = selectors.late_items(qs, timezone.localdate())
    if d.get("major"):
        qs = qs.filter(is_major=True)
    if d.get("q", "").strip():
        qs = _search(qs, d["q"].strip())
    if not state or state in TRACKED_STATES or state in (State.REGISTERED, State.PENDING_APPROVAL):
        return selectors.list_rows(qs).order_by("deadline", "id")  # what is due first; periodic ones last
    return selectors.list_rows(qs).order_by("-year", "-serial")  # history: the latest first


def _mark(rows, today) -> None:
    """Lateness for the page: how many days past the deadline, and whether the reason is still owed [40]."""
    for item in rows:
        item.late_days = (today - item.deadline).days if item.is_late(today) else 0
        item.owes_reason = item.needs_late_reason(today)


def item_list(request):
    """督查事项: what was decided, who must do it, by when, and who is late [37]–[40]."""
    user = request.user
    _allowed(user)
    contact = rules.is_unit_contact(user)
    form = ItemFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    paginator = CappedPaginator(filtered_items(user, form), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    today = timezone.localdate()
    _mark(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/item_list.html",
        {
            "title": "督查事项",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "filtered": bool(query),
            "query": query.urlencode(),
            "today": today,
            "contact": contact,
            "can_register": rules.can_register(user),
        },
    )


def unit_home(request):
    """A unit contact's page: their unit's items waiting for a report — a late one owing its reason first, then
    reporting dates and deadlines within a week — and the rest of their unit's tracked items [40]."""
    user = request.user
    if not rules.is_unit_contact(user):
        raise PermissionDenied("本页供责任单位联络员使用；办公室人员请在督查事项列表按单位筛选 [40]。")
    today = timezone.localdate()
    rows = list(
        selectors.list_rows(selectors.items_visible_to(user).filter(state__in=TRACKED_STATES)).order_by(
            "deadline", "id"
        )[:300]
    )
    _mark(rows, today)
    owing, soon, rest = [], [], []
    for item in rows:
        due = [d for d in (item.next_report_on, item.deadline) if d is not None]
        if item.owes_reason:
            owing.append(item)
        elif due and min(due) <= today + SOON:
            soon.append(item)
        else:
            rest.append(item)
    from org.models import Unit

    return render(
        request,
        "supervision/unit_home.html",
        {
            "title": "本单位督查事项",
            "unit": Unit.objects.filter(pk=rules.contact_unit_id(user)).first(),
            "owing": owing,
            "soon": soon,
            "rest": rest,
            "today": today,
        },
    )


# --- registering and correcting -----------------------------------------------------------------------------------


@idempotent  # a double click registers one item
def item_new(request):
    """登记督查事项: source, content, 首办责任人 (an office leader), units, deadline or periodic reporting, major
    or not with its 分管副县长 [37], [38], [39], [40]."""
    user = request.user
    if not rules.can_register(user):
        raise PermissionDenied("只有办公室督查人员可以登记督查事项 [37]。")
    form = ItemForm(
        request.POST or None,
        initial={"handler": user.pk, "first_responsible": services.default_first_responsible(user)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            item = apply_to_form(form, lambda: services.item_create(actor=user, data=form.to_data()))
            if item is not None:
                nxt = "请报请分管副县长批准立项 [39]。" if item.is_major else "请开始督办 [37]。"
                messages.success(request, f"已登记督查事项{item.number_label}，{nxt}")
                return redirect("supervision:detail", pk=item.pk)
        status = 400
    return render(request, "supervision/item_form.html", {"title": "登记督查事项", "form": form}, status=status)


def item_edit(request, pk: int):
    """修改: before 立项 everything; while tracked not the deadline (an extension [40]) nor major [39]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    if not rules.can_register(user):
        raise PermissionDenied("只有办公室督查人员可以修改督查事项 [37]。")
    if not item.is_open:
        raise PermissionDenied(f"该督查事项{item.get_state_display()}，不能再修改。")
    form = ItemForm(request.POST or None, item=item, initial=ItemForm.initial_for(item))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(
                form,
                lambda: services.item_update(
                    actor=user, pk=item.pk, seen_version=seen_version(request), data=form.to_data()
                ),
            )
            if done is not None:
                messages.success(request, "已保存修改。")
                return redirect("supervision:detail", pk=item.pk)
        status = 400
    return render(
        request,
        "supervision/item_form.html",
        {"title": f"修改督查事项{item.number_label}", "form": form, "item": item},
        status=status,
    )


# --- one item ---------------------------------------------------------------------------------------------------


def _timeline(item) -> list[dict]:
    """The log and the feedback in one line of time; a feedback shows itself (text, reason, attachments)
    where its log entry would be [40]."""
    feedback = list(
        item.feedback.select_related("unit", "recorded_by__profile")
        .prefetch_related("attachments")
        .order_by("recorded_at", "id")
    )
    log = [e for e in item.log.select_related("actor__profile").order_by("at", "id") if e.action != "feedback"]
    events = [{"at": e.at, "log": e} for e in log] + [{"at": f.recorded_at, "feedback": f} for f in feedback]
    return sorted(events, key=lambda e: e["at"])


def offered(item, user, today, pending_extension) -> dict:
    """What this page offers this person — only the steps the services would take from them. A late item
    owing its reason and progress offers that feedback and nothing else [40]."""
    state = item.state
    tracked = state in TRACKED_STATES
    supervisor = rules.is_supervisor(user)
    if item.needs_late_reason(today):
        return {"late_feedback": rules.can_report(item, user)}
    return {
        "edit": supervisor and item.is_open,
        "submit_for_approval": supervisor and item.is_major and state in (State.REGISTERED, State.NOT_APPROVED),
        "decide_approval": state == State.PENDING_APPROVAL and rules.can_approve(item, user),
        "start": supervisor and not item.is_major and state == State.REGISTERED,
        "feedback": tracked and rules.can_report(item, user),
        "extension": tracked and pending_extension is None and rules.can_request_extension(item, user),
        "decide_extension": pending_extension is not None and rules.can_decide_extension(item, user),
        "submit_close": supervisor and state == State.TRACKING,
        "review_close": state == State.PENDING_CLOSE and rules.can_close(item, user),
        "cancel": item.is_open and rules.can_cancel(item, user),
    }


def item_detail(request, pk: int):
    user = request.user
    if selectors.needs_pledge_for(user, pk):
        # Cleared and on the item, but not yet pledged this year: pledge first, then open it [32].
        return redirect(f"{reverse('org:confidentiality')}?next={request.path}")
    item = selectors.get_item_for(user, pk)
    audit.record_open(user, item, audit.What.DETAIL)  # classified only [32]
    today = timezone.localdate()
    extensions = list(item.extensions.select_related("requested_by__profile", "decided_by__profile"))
    pending = next((e for e in extensions if e.outcome == ExtensionOutcome.PENDING), None)
    can = offered(item, user, today, pending)
    contact = rules.is_unit_contact(user)
    late = item.is_late(today)
    feedback_form = None
    if can.get("feedback") or can.get("late_feedback"):
        feedback_form = FeedbackForm(item=item, contact=contact, late=item.needs_late_reason(today))
    return render(
        request,
        "supervision/item_detail.html",
        {
            "title": services.FLOW.name(item),
            "item": item,
            "today": today,
            "late": late,
            "late_days": (today - item.deadline).days if late else 0,
            "owes_reason": item.needs_late_reason(today),
            "assisting": list(item.assisting_units.order_by("name")),
            "extensions": extensions,
            "pending_extension": pending,
            "answers": list(item.answers.all()) if item.is_proposal else [],
            "timeline": _timeline(item),
            "steps": lifecycle.steps_for(item),
            "can": can,
            "contact": contact,
            "feedback_form": feedback_form,
            "extension_form": ExtensionForm() if can.get("extension") else None,
            "min_extension": max(item.deadline or today, today) + timedelta(days=1),
        },
    )


def _text(request, form_class, field: str, message: str) -> str:
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError(message)
    return form.cleaned_data[field]


STEPS = {
    # name: (service, (its argument, form, field, the message when missing or too long) or None, success message)
    "submit_for_approval": (services.item_submit_for_approval, None, "已报请分管副县长批准立项 [39]。"),
    "start": (services.item_start, None, "已开始督办：责任单位按时限反馈 [37][40]。"),
    "submit_close": (
        services.item_submit_close,
        ("result", TextForm, "text", "请填写办理结果（5000字以内）[40]。"),
        "已报请首办责任人审核办结 [38]。",
    ),
    "send_back": (
        services.item_send_back,
        ("comment", ReasonForm, "reason", "请写明退回的理由（300字以内）。"),
        "已退回继续督办。",
    ),
    "close": (services.item_close, ("comment", CommentForm, "comment", "意见不超过300字。"), ""),
    "cancel": (
        services.item_cancel,
        ("reason", ReasonForm, "reason", "请写明撤销原因（300字以内）。"),
        "督查事项已撤销。",
    ),
}


@workflow_action
def item_act(request, pk: int, action: str):
    """One step of the item's life, by the service that owns it (permission, state and lateness checked there)."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    if action not in STEPS:
        raise Http404("没有这个操作。")
    service, carries, done = STEPS[action]
    extra = {}
    if carries is not None:
        argument, form_class, field, message = carries
        extra[argument] = _text(request, form_class, field, message)
    item = service(actor=user, pk=item.pk, seen_version=seen_version(request), **extra)
    if action == "close":
        done = "已办结。" if item.on_time else "已办结（逾期办结）。"
    messages.success(request, done)
    return redirect("supervision:detail", pk=item.pk)


@idempotent  # a double click registers one item
@workflow_action
def from_instruction(request, reader_pk: int):
    """One action on the incoming document's page: its leader's 批示 becomes a supervision item [11], [37]."""
    item = services.item_from_instruction(actor=request.user, reader_pk=reader_pk)
    messages.success(request, f"已登记为督查事项{item.number_label}，请补充牵头单位和办结时限后开始督办 [37]。")
    return redirect("supervision:detail", pk=item.pk)


urlpatterns: list = [
    path("", item_list, name="list"),
    path("unit/", unit_home, name="unit"),
    path("new/", item_new, name="new"),
    path("<int:pk>/", item_detail, name="detail"),
    path("<int:pk>/edit/", item_edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", item_act, name="act"),
    path("from-instruction/<int:reader_pk>/", from_instruction, name="from_instruction"),
]
