"""What every 行政复议与应诉 page shares: who may open what, the capped paginator, the sub-navigation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.utils.functional import cached_property

from .. import rules, selectors

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_CAP + 1`` rows instead of the whole table."""

    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


def allowed(user) -> None:
    if not rules.can_open_legal(user):
        raise PermissionDenied("行政复议与应诉仅供本系统人员使用 [13]。")


def cases_allowed(user) -> None:
    if not rules.sees_cases(user):
        raise PermissionDenied("案件登记簿供法制科、办公室和县政府领导及相关部门联络员查看 [13]。")


def legal_only(user, message: str = "只有法制科人员可以办理 [13]。") -> None:
    if not rules.is_legal_section(user):
        raise PermissionDenied(message)


def nav(user) -> dict:
    return {
        "legal_cases": rules.sees_cases(user),
        "legal_staff": rules.is_legal_section(user),
        "legal_register": selectors.sees_item_register(user),
    }


def file_response(found):
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
