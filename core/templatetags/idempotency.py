"""``{% idempotency_field %}``: the one-time token of a create form (``core.idempotency``). A builtin: no
``{% load %}`` needed."""

from django import template

from core import idempotency

register = template.Library()


@register.simple_tag(takes_context=True)
def idempotency_field(context) -> str:
    return idempotency.field(context.get("request"))
