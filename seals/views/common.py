"""What every 印信 page shares: who may open the chapter, one object through its visibility selector (404 for
missing and not-yours alike), the capped paginator, the sub-navigation's context, a PDF's answer when the server
has no Chinese font."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.functional import cached_property

from core.pdf import PdfFontMissing, pdf_response

from .. import rules, selectors

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this a list says "10000 条以上"; the filters narrow it
BAD_FILTER = "筛选条件不正确，请从页面上选择。"


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows (``COUNT(*) FROM (… LIMIT n)``) instead of the whole table."""

    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


def allowed(user) -> None:
    if not rules.can_open_seals(user):
        raise PermissionDenied("印信管理供县政府办公室工作人员和各单位联络员使用 [7]。")


def office_only(user) -> None:
    """用印申请 and 用印登记 are the office's own business: a unit's 联络员 is told so (403) [7]."""
    allowed(user)
    if rules.contact_unit_id(user) is not None:
        raise PermissionDenied("用印申请和用印登记由县政府办公室办理；单位联络员可查看本单位印章和刻制申请 [7]。")


def contact_unit_id(user) -> int | None:
    """A 联络员's own unit (``Profile.unit``): they see and apply for that unit only [7]."""
    return rules.contact_unit_id(user)


def get_visible(queryset, pk: int):
    """One object of what the person may see: a 404 whether it is missing or not theirs [7]."""
    return selectors.get_for(queryset, pk)


def nav(user) -> dict:
    """The sub-navigation's context: the clerk keeps the seals, a leader decides, a 联络员 sees their unit."""
    return {
        "seal_keeper": rules.can_keep_seals(user),
        "seal_decider": rules.can_decide_request(user) or rules.can_decide_application(user),
        "seal_contact": contact_unit_id(user) is not None,
    }


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def pdf_answer(make, filename: str) -> HttpResponse:
    """The PDF, or a plain 503 saying which font package the server lacks (never a form of empty boxes)."""
    try:
        content = make()
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, filename)


def answers_stale(view):
    """A form view whose service may find the page stale: a plain 409 that says who acted first [7]."""
    from functools import wraps

    from core.actions import refusal_response
    from core.workflow import StaleAction

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StaleAction as error:
            return refusal_response(request, status=409, messages=[error.message], error=error)

    return wrapped
