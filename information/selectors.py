"""Who sees which information items — the one place that decides it — and the reads built on it.

- the information staff, the office leaders and superusers: every item;
- county leaders: every item the office has sent (to 省, 州 or 县领导 — what the county reported upward is theirs to
  know) and every item of an issued 《政务信息》 [44];
- a unit contact (单位联络员): their unit's items only, whatever else [45];
- anyone: the items they submitted themselves.
Everyone else sees nothing. Revisions, sendings, adoptions and attachments are seen through their item.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from . import rules
from .models import QUEUE_STATES, InformationItem, Publication, PublicationEntry, PublicationState, State


def condition(user) -> Q | None:
    """The rule as a ``Q`` on ``InformationItem``; None: nothing at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if rules.sees_everything(user):
        return Q()
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        # Outside the office: their own unit's items only [45].
        return Q(unit_id=unit_id)
    own = Q(submitted_by_id=user.pk)
    if rules.is_county_leader(user):
        # Sent anywhere (an adopted item was sent first), or printed in an issued 《政务信息》: what the office put
        # before the leaders or reported about the county [44]. ``first_sent_on`` is set by the first sending.
        published = Exists(
            PublicationEntry.objects.filter(item_id=OuterRef("pk"), publication__state=PublicationState.ISSUED)
        )
        return own | Q(first_sent_on__isnull=False) | Q(published)
    return own


def items_visible_to(user) -> QuerySet[InformationItem]:
    """The items this person may see [44]–[46]."""
    cond = condition(user)
    if cond is None:
        return InformationItem.objects.none()
    return InformationItem.objects.filter(cond)


def publications_visible_to(user) -> QuerySet[Publication]:
    """《政务信息》 this person may open: issued ones for whoever may read them (the information staff, office and
    county leaders); drafts only for those who assemble them [44]."""
    if not rules.can_view_publications(user):
        return Publication.objects.none()
    qs = Publication.objects.all()
    return qs if rules.can_manage_publications(user) else qs.filter(state=PublicationState.ISSUED)


def get_publication_for(user, pk) -> Publication:
    """403 for who may read no 《政务信息》 at all; 404 for a missing issue and for a draft not theirs [44]."""
    if not rules.can_view_publications(user):
        raise PermissionDenied("《政务信息》供政务信息员和办公室、县政府领导查看 [44]。")
    try:
        return publications_visible_to(user).select_related("issued_by__profile", "created_by__profile").get(pk=pk)
    except (Publication.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该期《政务信息》。") from None


def get_item_for(user, pk, *, select_related=("unit", "submitted_by__profile")) -> InformationItem:
    """404 for "missing" and for "not yours" alike [45]."""
    try:
        return items_visible_to(user).select_related(*select_related).get(pk=pk)
    except (InformationItem.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该信息。") from None


def list_rows(qs: QuerySet) -> QuerySet:
    """What every list of items shows, in the same query."""
    return qs.select_related("unit").only(
        "id",
        "title",
        "kind",
        "state",
        "author",
        "submitted_at",
        "waiting_since",
        "first_sent_on",
        "adopted_on",
        "version",
        "unit__id",
        "unit__name",
        "unit__short_name",
    )


def open_items(qs: QuerySet) -> QuerySet:
    """Not withdrawn, not set aside, not archived."""
    return qs.exclude(state__in=[State.WITHDRAWN, State.NOT_USED, State.ARCHIVED])


def waiting_items(qs: QuerySet) -> QuerySet:
    """Waiting for the office (screening, editing, review, sending) — the partial index's predicate."""
    return qs.filter(state__in=QUEUE_STATES)


def revisions_of(item):
    return item.revisions.select_related("edited_by__profile").order_by("number")


def sendings_of(item):
    return item.sendings.select_related("sent_by__profile").order_by("sent_on", "id")


def adoptions_of(item):
    return item.adoptions.select_related("recorded_by__profile").order_by("adopted_on", "id")


def log_of(item):
    return item.log.select_related("actor__profile").order_by("at", "id")
