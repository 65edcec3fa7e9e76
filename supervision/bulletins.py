"""督查通报: the bulletin the office issues for a period — done on time, done late and still late, with the reasons
the units gave, and the units' on-time rates — numbered in its own series (督查通报〔2026〕第3期, ``core.serials``)
[11], [37], [40].

The bulletin goes to every unit, so it holds unclassified items only, whoever issues it [31], [32]. Issuing it is a
step like any other: an office leader, in one transaction, takes the next number and stores the PDF as issued, so
the paper a unit received is the paper the system shows later; the preview (样稿) is unnumbered and not stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.serials import next_serial
from core.workflow import ActionRefused

from . import pdf, rules
from .models import TRACKED_STATES, Bulletin, State
from .statistics import LateItem, YearStatistics, lead_name, with_reasons, year_statistics

SERIAL_SCOPE = "supervision.bulletin"
LIST_ROWS = 300  # rows per section of the paper; a bulletin longer than this is not read


@dataclass
class BulletinFigures:
    start: date
    end: date
    today: date
    registered: int = 0
    tracking: int = 0
    done_on_time: list = field(default_factory=list)
    done_late: list[LateItem] = field(default_factory=list)
    overdue: list[LateItem] = field(default_factory=list)
    overdue_count: int = 0
    year: YearStatistics | None = None

    @property
    def done(self) -> int:
        return len(self.done_on_time) + len(self.done_late)

    @property
    def period_rate(self) -> str:
        due = self.done + self.overdue_count
        return f"{len(self.done_on_time) * 100 / due:.1f}%" if due else "—"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def bulletin_figures(user, *, start: date, end: date, today: date | None = None) -> BulletinFigures:
    """The period's figures, unclassified items only, through the visibility selector [11], [32], [40]."""
    from .selectors import items_visible_to

    today = today or timezone.localdate()
    f = BulletinFigures(start=start, end=end, today=today)
    qs = items_visible_to(user).filter(secret_level=0)
    since, until = _bounds(start, end)
    f.registered = qs.filter(created_at__gte=since, created_at__lt=until).count()
    f.tracking = qs.filter(state__in=TRACKED_STATES).count()
    done = qs.filter(state=State.DONE, done_at__gte=since, done_at__lt=until)
    f.done_on_time = list(
        done.filter(on_time=True).select_related("lead_unit", "lead_section").order_by("done_at", "id")[:LIST_ROWS]
    )
    for item in f.done_on_time:
        item.lead = lead_name(item)
    f.done_late = with_reasons(done.filter(~Q(on_time=True)), today, LIST_ROWS)
    late = qs.filter(state__in=TRACKED_STATES, deadline__lt=today)
    f.overdue_count = late.count()
    f.overdue = with_reasons(late, today, LIST_ROWS)
    f.year = year_statistics(user, year=end.year, today=today, late_limit=0, unclassified=True)
    return f


def check_period(start: date | None, end: date | None) -> None:
    if start is None or end is None:
        raise ValidationError("请填写通报的起止日期。")
    if end < start:
        raise ValidationError("通报的截止日期不能早于起始日期。")
    if end > timezone.localdate():
        raise ValidationError("通报的截止日期不能晚于今天。")
    if (end - start).days > 366:
        raise ValidationError("通报期间不能超过一年。")


def can_issue(user) -> bool:
    """The office issues the bulletin: its leaders [37], [38]."""
    return rules.is_office_leader(user)


def bulletin_number(year: int, serial: int) -> str:
    return f"〔{year}〕第{serial}期"


@transaction.atomic
def bulletin_issue(*, actor, start: date, end: date, title: str = "") -> Bulletin:
    """印发督查通报: the next number of the year's series, the PDF stored as issued [11], [40]."""
    if not can_issue(actor):
        raise ActionRefused("督查通报由办公室领导审定印发 [37][38]。")
    check_period(start, end)
    today = timezone.localdate()
    figures = bulletin_figures(actor, start=start, end=end, today=today)
    year = today.year
    serial = next_serial(SERIAL_SCOPE, year)
    title = (title or "").strip()[:100] or f"关于{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}督查事项办理情况的通报"
    bulletin = Bulletin(
        year=year,
        serial=serial,
        title=title,
        period_start=start,
        period_end=end,
        issued_by=actor,
        issued_at=timezone.now(),
        done_on_time=len(figures.done_on_time),
        done_late=len(figures.done_late),
        overdue=figures.overdue_count,
    )
    content = pdf.bulletin_pdf(figures, number=bulletin_number(year, serial), issued_on=today, title=title)
    bulletin.file.save(f"督查通报{year}-{serial}.pdf", ContentFile(content), save=False)
    bulletin.save()
    return bulletin


def bulletin_preview(*, actor, start: date, end: date, title: str = "") -> bytes:
    """样稿: the same paper, unnumbered and marked, nothing stored."""
    if not can_issue(actor) and not rules.is_supervisor(actor):
        raise ActionRefused("督查通报由办公室起草、办公室领导审定印发 [37][38]。")
    check_period(start, end)
    today = timezone.localdate()
    figures = bulletin_figures(actor, start=start, end=end, today=today)
    title = (title or "").strip()[:100] or f"关于{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}督查事项办理情况的通报"
    return pdf.bulletin_pdf(figures, number="〔样稿〕", issued_on=today, title=title, draft=True)
