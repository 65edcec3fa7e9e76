"""What every 政务公开 page shares: who may open the chapter, the capped paginator, the year in the address."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from .. import rules, selectors

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this a list says "10000 条以上"; the filters narrow it
EARLIEST_YEAR = 2000


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows (``COUNT(*) FROM (… LIMIT n)``) instead of the whole table."""

    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


def allowed(user) -> None:
    if not rules.can_open_disclosure(user):
        raise PermissionDenied("政务公开供政务公开专员、办公室领导和各单位联络员使用 [35][36]。")


def officer_only(user, message: str) -> None:
    if not rules.is_officer(user):
        raise PermissionDenied(message)


class BadYear(ValueError):
    pass


def year_of(request) -> int:
    """``?year=2026``; nothing: this year. A year outside 2000 … next year is a 400 (``BadYear``)."""
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "").strip()
    if not raw:
        return this_year
    if not raw.isdigit() or not EARLIEST_YEAR <= int(raw) <= this_year + 1:
        raise BadYear(f"年度应为{EARLIEST_YEAR}至{this_year + 1}年之间的年份。")
    return int(raw)


def nav(user) -> dict:
    """The sub-navigation's context."""
    return {"disc_officer": rules.is_officer(user), "disc_contact_unit": rules.contact_unit_id(user)}


# What the lists of findings show. ``selectors.finding_rows`` defers the inspection's state, which the FSM field
# loads on every instance — a query per row; the same columns with it, in one query.
FINDING_COLUMNS = (
    "id", "state", "problem", "due_on", "carried_over", "version", "reported_at",
    "unit__id", "unit__name", "unit__short_name",
    "inspection__id", "inspection__title", "inspection__period", "inspection__state",
)  # fmt: skip


def finding_rows(qs):
    return selectors.finding_rows(qs).only(*FINDING_COLUMNS)


def count_findings(inspections, user) -> None:
    """Set ``finding_count`` and ``unsettled_count`` on each of these inspections (a page of them), in one grouped
    query over their ids — not an aggregate over every finding before the page is cut. A unit's 联络员 counts their
    own unit's findings only, so the figures tell nothing of another unit [36]."""
    from django.db.models import Count, Q

    from ..models import FindingState

    ids = [i.pk for i in inspections]
    qs = selectors.findings_visible_to(user).filter(inspection_id__in=ids)
    counts = {
        row["inspection_id"]: row
        for row in qs.order_by()
        .values("inspection_id")
        .annotate(n=Count("id"), unsettled=Count("id", filter=~Q(state=FindingState.ACCEPTED)))
    }
    for inspection in inspections:
        row = counts.get(inspection.pk, {})
        inspection.finding_count = row.get("n", 0)
        inspection.unsettled_count = row.get("unsettled", 0)
