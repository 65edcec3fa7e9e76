"""What the duty pages share: the chapter's door, and the roster's people by name in few queries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .. import rules


def chapter(user) -> None:
    """The 值班 pages are the office's staff's and the county's leaders' [41], [43]; anyone else 403."""
    if not rules.can_open_duty(user):
        raise PermissionDenied("值班页面供办公室工作人员和县政府领导使用 [41]。")


def name_of(user) -> str:
    """姓名 from an already loaded ``profile`` (no query)."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or user.get_username()


def with_incomplete(qs):
    """Rosters annotated ``incomplete``: a draft with a shift no one is on, or a statutory holiday day lacking a
    county-government leader or an office leader as 带班 [41], [42] — in the same query as the rosters."""
    from django.db.models import Exists, OuterRef, Q

    from ..models import DayType, RosterState, Shift

    gap = Shift.objects.filter(roster=OuterRef("pk"), active=True).filter(
        Q(person__isnull=True)
        | Q(day_type=DayType.HOLIDAY) & (Q(county_leader__isnull=True) | Q(office_leader__isnull=True))
    )
    return qs.annotate(incomplete=Q(state=RosterState.DRAFT) & Exists(gap))
