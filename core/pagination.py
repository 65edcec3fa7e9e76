"""Paging that stays fast on large tables (PERFORMANCE.md: paginator traps)."""

from __future__ import annotations

MAX_PAGE = 1000


def page_number(request, param: str = "page") -> int:
    """A sane page number from the query string: garbage becomes 1, absurd numbers are capped, so a
    hand-typed ?page=999999 never asks the database for a huge OFFSET."""
    raw = request.GET.get(param, "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)
