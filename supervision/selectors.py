"""Who sees which supervision items — the one place that decides it — and the reads built on it.

An unclassified item is seen by the roles whose ``view_item`` permission ``roles.py`` grants (the office's
supervisors and the county leaders) and by the people on it. An item made from a classified incoming document
(or a classified meeting's decision) keeps its secret level and follows the classified rule: clearance, being
on it, this year's pledge [31], [32] — ``core.visibility``. A unit contact (单位联络员) sees only the
unclassified items where their unit is the lead or an assisting unit, nothing else [40].

Feedback, extensions and answer letters are seen through their item.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.visibility import Visibility

from . import rules
from .models import ENDED_STATES, AssistingUnit, Extension, ExtensionOutcome, Item, ItemUserObjectPermission, State

VISIBILITY = Visibility(model=Item, grant_model=ItemUserObjectPermission)


def unit_condition(unit_id: int, prefix: str = "") -> Q:
    """Items where ``unit_id`` is the lead or an assisting unit (one index each) [40]."""
    return Q(**{f"{prefix}lead_unit_id": unit_id}) | Q(
        **{f"{prefix}pk__in": AssistingUnit.objects.filter(unit_id=unit_id).values("item_id")}
    )


def condition(user, prefix: str = "", *, ignore_pledge: bool = False) -> Q | None:
    """The rule as a ``Q`` on the item (or, with a prefix, on rows pointing to one); None: nothing."""
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        # Outside the office: their unit's unclassified items only, whatever else they were given [40], [32].
        return Q(**{f"{prefix}secret_level": 0}) & unit_condition(unit_id, prefix)
    return VISIBILITY.condition(user, prefix, ignore_pledge=ignore_pledge)


def items_visible_to(user, *, ignore_pledge: bool = False) -> QuerySet[Item]:
    cond = condition(user, ignore_pledge=ignore_pledge)
    return Item.objects.none() if cond is None else Item.objects.filter(cond)


def get_item_for(user, pk, *, select_related=()) -> Item:
    """404 for "missing" and for "not yours" alike [31], [32], [40]."""
    return VISIBILITY.get_for(
        user,
        pk,
        queryset=items_visible_to(user),
        select_related=select_related
        or ("first_responsible__profile", "deputy_head__profile", "handler__profile", "lead_unit", "lead_section"),
    )


def needs_pledge_for(user, pk) -> bool:
    if rules.is_unit_contact(user):
        return False
    return VISIBILITY.needs_pledge_for(user, pk)


def open_items(qs: QuerySet) -> QuerySet:
    """Not done, not cancelled — written as the partial indexes' predicate (PERFORMANCE.md)."""
    return qs.exclude(state__in=ENDED_STATES)


def list_rows(qs: QuerySet) -> QuerySet:
    """What every list of items shows, in the same query."""
    return qs.select_related("lead_unit", "lead_section", "first_responsible__profile", "handler__profile").only(
        "id",
        "year",
        "serial",
        "source",
        "title",
        "state",
        "deadline",
        "next_report_on",
        "late_explained_for",
        "is_major",
        "secret_level",
        "version",
        "lead_unit__id",
        "lead_unit__name",
        "lead_unit__short_name",
        "lead_section__id",
        "lead_section__name",
        "first_responsible__id",
        "first_responsible__username",
        "first_responsible__profile__full_name",
        "handler__id",
        "handler__username",
        "handler__profile__full_name",
    )


def late_items(qs: QuerySet, today) -> QuerySet:
    """Tracked items past their deadline [40]."""
    return qs.filter(state__in=[State.TRACKING, State.PENDING_CLOSE], deadline__lt=today)


def pending_extensions(user) -> QuerySet[Extension]:
    """Extension requests waiting for this person's decision [38], [39]."""
    mine = Q(item__is_major=False, item__first_responsible=user) | Q(item__is_major=True, item__deputy_head=user)
    return Extension.objects.filter(mine, outcome=ExtensionOutcome.PENDING)
