"""The 信访 sub-navigation offers only pages the person may open (issue 14: a link never leads to a 403)."""

from __future__ import annotations

from django import template

from .. import rules
from ..lookup import can_view_lookup_log

register = template.Library()


@register.simple_tag(takes_context=True)
def petitions_links(context) -> dict[str, bool]:
    user = context["request"].user
    return {
        "desk": rules.can_register(user),
        "unit": rules.is_unit_contact(user),
        "lookup": rules.can_lookup(user),
        "lookup_log": can_view_lookup_log(user),
        "incidents": rules.can_open_incidents(user),
        "statistics": rules.can_view_statistics(user),
    }
