"""安排议程: the organiser puts topics the chair accepted to wait (同意上会，待排会议) on a meeting not yet held,
in order [18], [24], [25], [6]. Topics still waiting for a decision are decided on their own page first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse

from core.actions import seen_version, workflow_action

from .. import rules, selectors, services
from ..models import UPCOMING_STATES, TopicState


def _candidates(meeting):
    """On the agenda now (in order), then the accepted topics of this kind waiting for a meeting."""
    on = list(meeting.topics.filter(state=TopicState.ACCEPTED).order_by("position", "id"))
    waiting = list(
        selectors.open_topics(meeting.kind).filter(state=TopicState.ACCEPTED).select_related("proposer__profile")
    )
    return on, waiting


def agenda(request, pk: int):
    meeting = selectors.get_meeting_for(request.user, pk)
    if not rules.is_organiser(request.user):
        raise PermissionDenied("只有办公室领导和收发秘书可以安排议程 [6][17]。")
    if meeting.state not in UPCOMING_STATES:
        raise PermissionDenied(f"会议{meeting.get_state_display()}，不能调整议程。")
    on, waiting = _candidates(meeting)
    pending = selectors.open_topics(meeting.kind).filter(state=TopicState.PROPOSED).count()
    return render(
        request,
        "meetings/agenda.html",
        {"meeting": meeting, "on": on, "waiting": waiting, "pending": pending, "title": f"安排议程：{meeting.title}"},
    )


@workflow_action
def agenda_save(request, pk: int):
    meeting = selectors.get_meeting_for(request.user, pk)
    raw = request.POST.getlist("topic")
    if any(not value.isdigit() for value in raw):
        raise ValidationError("请从列表中选择议题。")
    services.meeting_set_agenda(
        actor=request.user, pk=meeting.pk, seen_version=seen_version(request), topic_ids=[int(v) for v in raw]
    )
    messages.success(request, f"议程已保存（{len(raw)}项）。")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")


urlpatterns = [
    path("<int:pk>/agenda/", agenda, name="agenda"),
    path("<int:pk>/agenda/save/", agenda_save, name="agenda_save"),
]
