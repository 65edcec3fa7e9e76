"""The 请销假 sub-navigation, shown on every page of the chapter with the links this person may follow."""

from __future__ import annotations

from django import template

from leave import rules

register = template.Library()


@register.inclusion_tag("leave/_nav.html", takes_context=True)
def leave_nav(context, active: str = ""):
    user = context["request"].user
    return {
        "active": active,
        "user": user,
        "can_request": rules.can_request(user),
        "can_open": rules.can_open_leave(user) or rules.sees_all(user),
        "sees_all": rules.sees_all(user),
    }
