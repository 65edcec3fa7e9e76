"""Who sees which reception — the one place that decides it — and the reads built on it [6]:

- 综合科's staff, the office leaders and superusers: every request;
- a county leader: the receptions they receive; the county head also every request above the threshold (theirs
  to approve);
- anyone: what they registered themselves (a former 综合科 member keeps their own).
Everyone else sees nothing. Schedules, the 清单 and its meals, the 公函 file, the PDFs, the export, 我的待办 and the
admin all read through ``receptions_visible_to``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from . import rules
from .models import Reception


def condition(user) -> Q | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if rules.sees_everything(user):
        return Q()
    cond = Q(handler_id=user.pk)
    if rules.is_county_leader(user):
        cond |= Q(receiving_leader_id=user.pk)
        if rules.is_county_head(user):
            cond |= Q(needs_head=True)
    return cond


def receptions_visible_to(user) -> QuerySet[Reception]:
    cond = condition(user)
    if cond is None:
        return Reception.objects.none()
    return Reception.objects.filter(cond)


def get_reception_for(user, pk) -> Reception:
    """404 for "missing" and "not yours" alike."""
    try:
        return receptions_visible_to(user).select_related("handler__profile", "receiving_leader__profile").get(pk=pk)
    except (Reception.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该接待事项。") from None


def list_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related("receiving_leader__profile").only(
        "id",
        "kind",
        "title",
        "visiting_unit",
        "visitor_count",
        "arrive_on",
        "leave_on",
        "estimated_cost",
        "state",
        "registered_at",
        "letter_number",
        "letter_file",
        "receiving_leader__id",
        "receiving_leader__username",
        "receiving_leader__profile__full_name",
    )


def schedule_of(reception) -> list:
    return list(reception.schedule.filter(removed_at__isnull=True).order_by("day", "start", "id"))


def record_of(reception):
    from .models import ReceptionRecord

    try:
        return ReceptionRecord.objects.select_related("signed_by__profile").get(reception=reception)
    except ReceptionRecord.DoesNotExist:
        return None


def meals_of(record) -> list:
    return list(record.meals.order_by("served_on", "id")) if record is not None else []


def log_of(reception):
    return reception.log.select_related("actor__profile").order_by("at", "id")
