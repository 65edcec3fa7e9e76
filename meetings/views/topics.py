"""议题 pages: the list (mine, to decide, all I may see), the propose form, one topic with its log and the
decider's actions — 列入议程, 暂缓上会, 不予上会 — and the proposer's 撤回 [18], [24], [25], [6], [17].

Every read goes through ``topics_visible_to`` (a topic on a classified meeting only with that meeting [31],
[32]); every write through ``services``; refusals become Chinese 4xx pages (``core.actions``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from core.actions import apply_to_form, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from documents.incoming.models import Intake
from documents.incoming.selectors import get_incoming_for, incoming_visible_to

from .. import rules, selectors, services
from ..forms_work import AcceptForm, ReasonForm, TopicFilterForm, TopicForm
from ..kinds import SPECS
from ..models import UPCOMING_STATES, Topic, TopicState

PAGE_SIZE = 50


def _topic_rows(qs):
    return qs.select_related("proposer__profile", "meeting").only(
        "id",
        "kind",
        "category",
        "title",
        "state",
        "created_at",
        "proposer__id",
        "proposer__username",
        "proposer__profile__full_name",
        "meeting__id",
        "meeting__title",
        "meeting__starts_at",
        "meeting__secret_level",
        "meeting__state",  # django-fsm reads a model's state as it is built: deferred, it is a query per row
    )


def get_topic_for(user, pk) -> Topic:
    """404 for "missing" and for "not yours" alike [31], [32]."""
    try:
        return selectors.topics_visible_to(user).select_related("proposer__profile", "meeting", "decided_by").get(pk=pk)
    except (Topic.DoesNotExist, ValueError, TypeError):
        raise Http404("该议题不存在，或您无权查看。") from None


def topic_list(request):
    """议题: what waits for my decision, my own topics, and every topic I may see [18], [24], [25], [6]."""
    user = request.user
    form = TopicFilterForm(request.GET or None)
    show = kind = ""
    if form.is_valid():
        show, kind = form.cleaned_data["show"], form.cleaned_data["kind"]
    if show == "decide":
        qs = selectors.topics_to_decide(user)
    elif show == "mine":
        qs = selectors.topics_visible_to(user).filter(proposer=user)
    else:
        qs = selectors.topics_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(_topic_rows(qs).order_by("-created_at", "-id"), PAGE_SIZE).get_page(page_number(request))
    proposable = [k for k in SPECS if rules.can_propose(user, k)]
    return render(
        request,
        "meetings/topic_list.html",
        {
            "title": "会议议题",
            "page": page,
            "form": form,
            "show": show,
            "to_decide": selectors.topics_to_decide(user).count(),
            "can_propose": bool(proposable),
        },
    )


def _incoming_for_topic(user, raw):
    """The 请示 a topic comes from, only when this person may see it (else 404, as for any document)."""
    if raw in (None, ""):
        return None
    return get_incoming_for(user, raw)


@idempotent
def topic_new(request):
    """提出议题: the kind, the category from that kind's article (its words shown), the units to attend, and an
    optional 请示 the person may see [18], [24], [25], [6], [28(1)]."""
    user = request.user
    kinds = [k for k in SPECS if rules.can_propose(user, k)]
    if not kinds:
        raise PermissionDenied("您不能提出会议议题：议题由办公室领导、科室负责人或县政府领导提出 [18][24][25][6]。")
    initial = {}
    incoming = None
    raw_incoming = request.POST.get("from_incoming") if request.method == "POST" else request.GET.get("incoming")
    if raw_incoming:
        if not str(raw_incoming).isdigit():
            raise Http404("该来文不存在，或您无权查看。")
        incoming = _incoming_for_topic(user, int(raw_incoming))
        initial = {"from_incoming": incoming.pk, "title": incoming.title[:200]}
        if incoming.intake == Intake.REQUEST:
            initial["description"] = (
                f"来文：{incoming.source_unit.name if incoming.source_unit_id else ''}"
                f"{('〔' + incoming.sender_number + '〕') if incoming.sender_number else ''}《{incoming.title}》，"
                "请会议研究。"
            )
    if request.method == "GET" and request.GET.get("kind") in kinds:
        initial["kind"] = request.GET["kind"]
    form = TopicForm(request.POST or None, kinds=kinds, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            topic = apply_to_form(form, lambda: services.topic_propose(actor=user, data=form.to_data(incoming)))
            if topic is not None:
                messages.success(request, "议题已提出，等待审定 [18][24][25][6]。")
                return redirect("meetings:topic", pk=topic.pk)
        status = 400
    return render(
        request,
        "meetings/topic_form.html",
        {
            "title": "提出议题",
            "form": form,
            "incoming": incoming,
            "specs": [SPECS[k] for k in kinds],
        },
        status=status,
    )


def topic(request, pk: int):
    """One topic: what, who, its state and log; the decider's and the proposer's actions."""
    user = request.user
    t = get_topic_for(user, pk)
    may_decide = rules.can_decide_topic(t, user)
    meetings = []
    if may_decide and t.state in (TopicState.PROPOSED, TopicState.DEFERRED):
        meetings = list(
            selectors.list_rows(
                selectors.meetings_visible_to(user).filter(kind=t.kind, state__in=UPCOMING_STATES)
            ).order_by("starts_at", "id")[:20]
        )
    incoming = None
    if t.from_incoming_id and incoming_visible_to(user).filter(pk=t.from_incoming_id).exists():
        incoming = t.from_incoming
    meeting_visible = bool(t.meeting_id) and selectors.meetings_visible_to(user).filter(pk=t.meeting_id).exists()
    return render(
        request,
        "meetings/topic_detail.html",
        {
            "title": f"议题：{t.title}",
            "t": t,
            "spec": SPECS[t.kind],
            "units": list(t.units.order_by("sort_order", "name")),
            "log": list(t.log.select_related("actor__profile").order_by("at", "id")),
            "may_decide": may_decide and t.state in (TopicState.PROPOSED, TopicState.DEFERRED),
            "may_defer": may_decide and t.state in (TopicState.PROPOSED, TopicState.ACCEPTED),
            "may_withdraw": rules.can_withdraw_topic(t, user) and t.state in (TopicState.PROPOSED, TopicState.DEFERRED),
            "meetings": meetings,
            "incoming": incoming,
            "meeting_visible": meeting_visible,
            "decisions": list(t.decisions.filter(Q(meeting__in=selectors.meetings_visible_to(user).values("pk")))),
        },
    )


def _form_data(form_class, request) -> dict:
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


@workflow_action
def topic_act(request, pk: int, action: str):
    """Every button of a topic posts here: read the form, call the one service, answer."""
    user = request.user
    t = get_topic_for(user, pk)
    version = seen_version(request)
    if action == "accept":
        meeting_pk = _form_data(AcceptForm, request).get("meeting_pk")
        if meeting_pk and not selectors.meetings_visible_to(user).filter(pk=meeting_pk).exists():
            raise ValidationError("只能列入同类型、尚未召开的会议议程。")
        services.topic_accept(actor=user, pk=t.pk, seen_version=version, meeting_pk=meeting_pk)
        done = "已列入议程。" if meeting_pk else "已同意上会，待排会议。"
    elif action == "defer":
        services.topic_defer(actor=user, pk=t.pk, seen_version=version, reason=_reason(request, "暂缓上会"))
        done = "已暂缓上会，理由已告知提出人。"
    elif action == "decline":
        services.topic_decline(actor=user, pk=t.pk, seen_version=version, reason=_reason(request, "不予上会"))
        done = "已决定不予上会，理由已告知提出人。"
    elif action == "withdraw":
        services.topic_withdraw(actor=user, pk=t.pk, seen_version=version)
        done = "议题已撤回。"
    else:
        raise Http404("没有这个操作。")
    messages.success(request, done)
    return redirect("meetings:topic", pk=t.pk)


def _reason(request, what: str) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(f"请写明{what}的理由（300字以内）。")
    return form.cleaned_data["reason"]


urlpatterns: list = [
    path("topics/", topic_list, name="topics"),
    path("topics/new/", topic_new, name="topic_new"),
    path("topics/<int:pk>/", topic, name="topic"),
    path("topics/<int:pk>/<slug:action>/", topic_act, name="topic_act"),
]
