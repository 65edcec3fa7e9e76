"""The incoming document's 立项督办 button (``supervision/_from_incoming.html``): which signed 批示 on the page
may still become a supervision item, for whom. Reads the readers the page already loaded; at most one query,
and none for people who may not register items or when no reader wrote anything [11], [37]."""

from __future__ import annotations

from django import template

from .. import rules
from ..models import Item

register = template.Library()


@register.simple_tag(takes_context=True)
def instructions_to_supervise(context, readers) -> list:
    user = context.get("user")
    if not user or not user.has_perm("supervision.register_item") or not rules.can_register(user):
        return []
    signed = [r for r in readers or () if r.status == "signed" and (r.comment or "").strip()]
    if not signed:
        return []
    made = set(
        Item.objects.filter(from_instruction__in=[r.pk for r in signed]).values_list("from_instruction_id", flat=True)
    )
    return [r for r in signed if r.pk not in made]


@register.filter
def is_supervisor(user) -> bool:
    """The sub-navigation offers 督查通报 only to those who may open it [37][38] (issue 14: no link answers 403)."""
    return rules.is_supervisor(user)
