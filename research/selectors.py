"""Who sees which task — the one place that decides it — and the reads built on it [4], [5].

- office leaders (主任, 副主任) and superusers: every task;
- a county leader: the tasks they asked for;
- anyone: the tasks they are on (team leader, member, reviewer), those they asked for, and those they registered.
Versions, fieldwork, opinions and files are seen through their task.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from . import rules
from .models import DUE_STATES, Member, Reviewer, State, Task


def warn_days() -> int:
    return max(1, int(getattr(settings, "RESEARCH_WARN_DAYS", 3)))


def condition(user) -> Q | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if rules.sees_everything(user):
        return Q()
    on_team = Exists(Member.objects.filter(task_id=OuterRef("pk"), user_id=user.pk))
    reviews = Exists(Reviewer.objects.filter(task_id=OuterRef("pk"), user_id=user.pk))
    return Q(leader_id=user.pk) | Q(lead_id=user.pk) | Q(created_by_id=user.pk) | Q(on_team) | Q(reviews)


def tasks_visible_to(user) -> QuerySet[Task]:
    """The tasks this person may see [4], [5]."""
    cond = condition(user)
    if cond is None:
        return Task.objects.none()
    return Task.objects.filter(cond)


def get_task_for(user, pk) -> Task:
    """404 for "missing" and "not yours" alike."""
    try:
        return (
            tasks_visible_to(user).select_related("leader__profile", "lead__profile", "created_by__profile").get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该任务。") from None


def list_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related("leader__profile", "lead__profile", "reviewer_now__profile")


def due_soon(qs: QuerySet) -> QuerySet:
    today = timezone.localdate()
    return qs.filter(state__in=DUE_STATES, due_on__gte=today, due_on__lte=today + timedelta(days=warn_days()))


def overdue(qs: QuerySet) -> QuerySet:
    return qs.filter(state__in=DUE_STATES, due_on__lt=timezone.localdate())


# --- 我的待办 [4], [5] --------------------------------------------------------------------------------------


def to_work(user) -> QuerySet:
    """The team leader's / lead drafter's running tasks: research not yet reported or to be closed, drafts being
    written."""
    return Task.objects.filter(
        lead_id=user.pk,
        state__in=[State.ASSIGNED, State.RESEARCHING, State.INSTRUCTED, State.COMMISSIONED, State.DRAFTING],
    )


def to_review(user) -> QuerySet:
    return Task.objects.filter(state=State.REVIEWING, reviewer_now_id=user.pk)


def to_decide(user) -> QuerySet:
    """A report waiting for the asking leader's 批示, a draft for their 审定."""
    return Task.objects.filter(leader_id=user.pk, state__in=[State.REPORTED, State.APPROVING])
