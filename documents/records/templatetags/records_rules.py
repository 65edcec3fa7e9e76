"""The records rules a template asks about the signed-in person (the 档案 sub-navigation)."""

from django import template

from documents.records import rules

register = template.Library()


@register.filter
def can_see_fixity(user) -> bool:
    return rules.can_see_fixity(user)
