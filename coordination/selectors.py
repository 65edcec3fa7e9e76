"""Who sees which 协调事项 — the one place that decides it — and the reads built on it [9], [15].

- the office leaders, the section chiefs, the 县长 and superusers: every matter;
- the people on a matter: its 牵头领导, 经办人, 登记人, the county leader who gave the instruction, the county
  leader it was put before (and anyone who once acted on it: a leader it was first put before keeps it);
- a party unit's 联络员 (单位联络员): the matters their unit is a party to — without the office's proposal until
  the leader has decided (``rules.can_read_proposal``; the detail page, the PDF and the history obey it);
- everyone else: nothing.
Talks, the history and the PDF are read through their matter.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from . import rules
from .models import Matter, MatterLog, Party


def condition(user) -> Q | None:
    """The rule as a ``Q`` on ``Matter``; None: nothing at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if rules.sees_everything(user):
        return Q()
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        return Q(Exists(Party.objects.filter(matter_id=OuterRef("pk"), unit_id=unit_id)))
    on_it = (
        Q(lead_id=user.pk)
        | Q(handler_id=user.pk)
        | Q(registered_by_id=user.pk)
        | Q(instructed_by_id=user.pk)
        | Q(leader_id=user.pk)
    )
    acted = Exists(MatterLog.objects.filter(document_id=OuterRef("pk"), actor_id=user.pk))
    return on_it | Q(acted)


def matters_visible_to(user) -> QuerySet[Matter]:
    """The matters this person may see [9]."""
    cond = condition(user)
    if cond is None:
        return Matter.objects.none()
    return Matter.objects.filter(cond)


def get_matter_for(user, pk) -> Matter:
    """404 for "missing" and for "not yours" alike."""
    try:
        return (
            matters_visible_to(user)
            .select_related(
                "lead__profile",
                "handler__profile",
                "registered_by__profile",
                "instructed_by__profile",
                "leader__profile",
                "decided_by__profile",
                "proposed_by__profile",
                "closed_by__profile",
                "requested_by",
                "incoming",
                "line",
                "supervision_item",
            )
            .get(pk=pk)
        )
    except (Matter.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该协调事项。") from None


def list_rows(qs: QuerySet) -> QuerySet:
    """What every list shows, in a fixed number of queries."""
    return qs.select_related("handler__profile", "leader__profile").prefetch_related("parties")


def parties_of(matter) -> list:
    """The parties in the order they were named."""
    return [row.unit for row in matter.party_rows.select_related("unit").order_by("id")]


def talks_of(matter):
    return matter.talks.select_related("recorded_by__profile").order_by("held_on", "id")


def log_of(matter):
    return matter.log.select_related("actor__profile").order_by("at", "id")
