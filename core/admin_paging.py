"""The admin's changelist on a table of a million rows (issue 13): a count that stops reading at ``CAP`` rows.

Django's paginator counts the whole filtered set on every changelist page — a sequential scan of the documents
table under the visibility filter. ``CappedCountPaginator`` counts at most ``CAP + 1`` rows (``SELECT COUNT(*)
FROM (… LIMIT CAP + 1)``, which stops early); past that the page says "10000 以上" and offers the first
``CAP / list_per_page`` pages — the search box and the filters narrow the rest (``admin/pagination.html``).
Used with ``show_full_result_count = False`` (no second count of the unfiltered table) and
``list_select_related`` (no query per row).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


class CappedCountPaginator(Paginator):
    cap = CAP

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if not hasattr(object_list, "query"):
            return super().count
        counted = object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    capped = False
