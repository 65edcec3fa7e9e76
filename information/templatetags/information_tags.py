"""The chapter's sub-navigation offers only the pages a person may open (issue 14: no link answers 403) — read
from ``rules`` here, so every page that includes ``information/_info_nav.html`` shows the same links [44]–[46]."""

from __future__ import annotations

from django import template

from .. import rules

register = template.Library()


@register.simple_tag
def information_nav(user) -> dict:
    return {
        "contact": rules.is_unit_contact(user),
        "submit": rules.can_submit(user),
        "week": rules.can_view_week(user),
        "publications": rules.can_view_publications(user),
        "stats": rules.can_view_statistics(user),
        "scores": rules.can_view_scores(user),
    }
