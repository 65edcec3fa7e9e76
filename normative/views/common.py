"""What every 规范性文件 page shares: who may open which page, the capped paginator, the sub-navigation, and the
reads the pages make on top of ``selectors.documents_visible_to`` (the one visibility rule) [13]."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

from documents.outgoing.choices import Importance
from documents.outgoing.selectors import outgoing_visible_to

from .. import rules, selectors
from ..models import State
from ..services import ISSUED_STATES

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this a list says "10000 条以上"; the filters narrow it

# What a register row shows (no per-row query: the reviewer and the outgoing document are not read).
REGISTER_COLUMNS = (
    "id", "version", "register_year", "register_serial", "register_number", "title", "doc_number", "authority",
    "effective_on", "valid_until", "published_on", "filing_due", "filed_on", "state", "needs_amendment",
)  # fmt: skip
IN_FORCE_COLUMNS = ("id", "title", "doc_number", "authority", "effective_on", "valid_until", "state")


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows (``COUNT(*) FROM (… LIMIT n)``) instead of the whole table."""

    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


def chapter_allowed(user) -> None:
    """The in-force list and a published document: every signed-in person of the office and the units [13]."""
    if not rules.can_open_normative(user):
        raise PermissionDenied("请先登录。")


def register_allowed(user) -> None:
    """The register (登记簿) and the office's work on it: 法制科, the office's leaders and the county leaders [13]."""
    if not rules.sees_register(user):
        raise PermissionDenied("规范性文件登记簿由法制科管理，供办公室领导和县政府领导查阅 [13]。")


def keeper_only(user, message: str = "只有法制科可以登记规范性文件 [13]。") -> None:
    register_allowed(user)
    if not rules.is_legal_section(user):
        raise PermissionDenied(message)


def search(qs, words: str):
    """文件名称、文号或登记号 containing the words."""
    words = (words or "").strip()
    if not words:
        return qs
    return qs.filter(Q(title__icontains=words) | Q(doc_number__icontains=words) | Q(register_number__icontains=words))


def in_force_among(qs, today):
    return qs.filter(selectors.in_force_condition(today))


def unregistered_outgoing(user):
    """Issued normative outgoing documents this person may see and the register does not hold yet; never a
    classified one (refused by the service too) [13]."""
    return (
        outgoing_visible_to(user)
        .filter(importance=Importance.NORMATIVE, state__in=ISSUED_STATES, secret_level=0, normative__isnull=True)
        .order_by("-id")
    )


def cleanup_candidates(user):
    """What a clean-up may list: the published documents (a second listing changes the proposal) [13]."""
    return (
        selectors.documents_visible_to(user)
        .filter(state=State.PUBLISHED)
        .only("id", "state", "title", "doc_number", "register_number")  # state: django-fsm reads it on load
        .order_by("-effective_on", "-id")
    )


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def nav(user) -> dict:
    """The sub-navigation's context: who sees the register, who keeps it."""
    return {"norm_register": rules.sees_register(user), "norm_keeper": rules.is_legal_section(user)}
