"""The chapter's figures and papers [44]–[46]: this week against the quota, the scores and the 通报, the office's
《政务信息》 and the register as Excel.

Views are thin: the rules decide who opens what, every figure is read through ``selectors.items_visible_to``
(a unit contact's scores are their own unit's and nothing else), every write goes through ``services``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.actions import refusal_response, workflow_action
from core.pdf import PdfFontMissing, pdf_response

from .. import exports, pdf, quota, rules, scoring, services
from ..models import (
    Kind,
    PublicationEntry,
    PublicationState,
    Sending,
    State,
    Target,
)
from ..selectors import get_publication_for, items_visible_to, publications_visible_to

EARLIEST_YEAR = 2000
WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
HISTORY_WEEKS = 12
WEEK_ROWS = 200  # the sendings listed for one week (a county sends a handful; a bigger office sees the first 200)
PUBLICATION_CANDIDATES = 100
WAITING_ROWS = 50
PUBLICATION_ROWS = 100


class BadPeriod(ValueError):
    pass


def period_of(request) -> scoring.Period:
    """``?year=2026`` (the year) or ``?year=2026&month=9``; nothing: this year."""
    today = timezone.localdate()
    raw_year, raw_month = request.GET.get("year", "").strip(), request.GET.get("month", "").strip()
    if not raw_year:
        return scoring.Period(today.year, int(raw_month) if raw_month.isdigit() and 1 <= int(raw_month) <= 12 else None)
    if not raw_year.isdigit() or not EARLIEST_YEAR <= int(raw_year) <= today.year + 1:
        raise BadPeriod(f"年度应为{EARLIEST_YEAR}至{today.year + 1}年之间的年份。")
    if not raw_month:
        return scoring.Period(int(raw_year))
    if not raw_month.isdigit() or not 1 <= int(raw_month) <= 12:
        raise BadPeriod("月份应为1至12。")
    return scoring.Period(int(raw_year), int(raw_month))


def period_choices() -> dict:
    this_year = timezone.localdate().year
    return {
        "years": list(range(this_year, max(EARLIEST_YEAR, this_year - 10) - 1, -1)),
        "months": list(range(1, 13)),
    }


def _nav(user) -> dict:
    return {"info_contact": rules.is_unit_contact(user)}


# --- this week against the quota [44] ----------------------------------------------------------------------------


def week_of(request) -> date:
    """``?week=2026-W37`` (the browser's week input) or nothing: this week. The Monday."""
    raw = request.GET.get("week", "").strip()
    if not raw:
        return quota.week_of(timezone.localdate())
    match = WEEK.match(raw)
    if not match:
        raise BadPeriod("周的格式应为 2026-W37。")
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise BadPeriod("没有这一周。") from None
    if monday.year < EARLIEST_YEAR or monday > timezone.localdate() + timedelta(days=7):
        raise BadPeriod("只能查看已经开始的周。")
    return monday


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week(request):
    """本周报送 [44]: the week's items sent to 省 and 州 against the quota of two each, what is still missing, the
    items approved and waiting to be sent, and the last weeks with the short ones marked."""
    user = request.user
    if not rules.can_view_week(user):
        raise PermissionDenied("本周报送情况供政务信息员和办公室、县政府领导查看 [44]。")
    try:
        monday = week_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    today = timezone.localdate()
    visible = items_visible_to(user)
    sunday = monday + timedelta(days=6)
    history = quota.weeks_between(monday - timedelta(days=7 * (HISTORY_WEEKS - 1)), monday, today=today)
    current = history[-1]
    week_sendings = scoring.of_visible_items(Sending.objects.filter(sent_on__gte=monday, sent_on__lte=sunday), user)
    sent = list(
        week_sendings.select_related("item__unit")
        .only(
            "id",
            "target",
            "sent_on",
            "channel",
            "item__id",
            "item__title",
            "item__kind",
            "item__state",
            "item__unit_id",
            "item__unit__name",
        )
        .order_by("sent_on", "target", "id")[:WEEK_ROWS]
    )
    sent_count = len(sent) if len(sent) < WEEK_ROWS else week_sendings.count()
    approved = (
        visible.filter(state=State.APPROVED)
        .select_related("unit")
        .only("id", "title", "kind", "state", "reviewed_at", "unit_id", "unit__name")
        .order_by("waiting_since", "id")  # the queue's partial index; approved = waiting since the review
    )
    # 紧急信息 first [44]: an urgent item waiting to be sent heads the list, however long it has waited.
    waiting = list(approved.filter(kind=Kind.URGENT)[:WAITING_ROWS])
    waiting += list(approved.exclude(kind=Kind.URGENT)[: WAITING_ROWS - len(waiting)])
    return render(
        request,
        "information/week.html",
        {
            "title": "本周报送" if current.current else f"{monday:%Y年%-m月%-d日}一周报送",
            "w": current,
            "quota": quota.quota(),
            "sent": sent,
            "sent_count": sent_count,
            "week_rows": WEEK_ROWS,
            "waiting": waiting,
            "history": [(iso_week(h.start), h) for h in reversed(history)],
            "today": today,
            "previous": iso_week(monday - timedelta(days=7)),
            "next": iso_week(monday + timedelta(days=7)) if monday + timedelta(days=7) <= today else "",
            "this_week": iso_week(today),
            "week_value": iso_week(monday),
            "partial": not rules.sees_everything(user),
            "targets": Target,
            **_nav(user),
        },
    )


# --- scores and the 通报 [46] --------------------------------------------------------------------------------------


def scores(request):
    """积分排名 [46]: per unit and per author, for a month or a year, with the rules in effect."""
    user = request.user
    if not rules.can_view_scores(user):
        raise PermissionDenied("积分排名供政务信息工作相关人员查看 [46]。")
    try:
        period = period_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    everything = rules.sees_everything(user)
    r = scoring.ranking(user, period, list_zero_units=everything)
    return render(
        request,
        "information/scores.html",
        {
            "title": f"{period.label}政务信息积分排名",
            "period": period,
            "r": r,
            "can_issue": rules.can_issue_ranking(user),
            "contact": rules.is_unit_contact(user),
            "author_rows": scoring.AUTHOR_ROWS,
            **period_choices(),
            **_nav(user),
        },
    )


def ranking_pdf(request):
    """通报 [46]: the period's ranking as the office issues it."""
    user = request.user
    if not rules.can_issue_ranking(user):
        raise PermissionDenied("政务信息通报由政务信息员拟稿、办公室领导印发 [46]。")
    try:
        period = period_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    r = scoring.ranking(user, period, list_zero_units=True)
    r.week_note = _week_note(period)
    try:
        content = pdf.ranking_pdf(r, draft=request.GET.get("draft") == "1")
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, f"政务信息通报{period.slug}.pdf")


def _week_note(period: scoring.Period) -> str:
    """One sentence on the weekly quota for the 通报 [44]: the weeks of the period that have ended, and how many
    of them ended short."""
    from ..statistics import weeks_of_period

    weeks = [w for w in weeks_of_period(period, timezone.localdate()) if w.ended]
    if not weeks:
        return ""
    short = sum(1 for w in weeks if w.short)
    n = quota.quota()
    if not short:
        return f"本期{len(weeks)}周均完成了每周向省、州各报送{n}条以上信息的任务。"
    return f"本期{len(weeks)}周中，有{short}周未完成每周向省、州各报送{n}条以上信息的任务（第四十四条）。"


# --- 《政务信息》 [44] ---------------------------------------------------------------------------------------------


_publication_for = get_publication_for


def publications(request):
    """《政务信息》: the issues of the year and the drafts; the information staff assemble a new one from chosen
    items (reviewed ones only) [44], [46]."""
    user = request.user
    if not rules.can_view_publications(user):
        raise PermissionDenied("《政务信息》供政务信息员和办公室、县政府领导查看 [44]。")
    manage = rules.can_manage_publications(user)
    qs = publications_visible_to(user).order_by("-year", "state", "-number", "-id")
    rows = list(qs.select_related("issued_by__profile")[:PUBLICATION_ROWS])
    counts = dict(
        PublicationEntry.objects.filter(publication__in=[p.pk for p in rows])
        .values("publication_id")
        .annotate(n=Count("id"))
        .values_list("publication_id", "n")
        .order_by()
    )
    for p in rows:
        p.entry_count = counts.get(p.pk, 0)
    candidates = []
    if manage:
        candidates = list(
            items_visible_to(user)
            .filter(state__in=services.PUBLISHABLE_STATES)
            .select_related("unit")
            .only("id", "title", "kind", "state", "reviewed_at", "unit_id", "unit__name")
            .order_by("-reviewed_at", "-id")[:PUBLICATION_CANDIDATES]
        )
        _mark_issued_in(candidates)
    return render(
        request,
        "information/publications.html",
        {
            "title": "《政务信息》",
            "rows": rows,
            "manage": manage,
            "candidates": candidates,
            "today": timezone.localdate(),
            **_nav(user),
        },
    )


def _mark_issued_in(items) -> None:
    """Each candidate's issued 《政务信息》 as ``issued_in`` (e.g. ["第3期"]), so an item already printed is not
    offered again without a word [44]; it stays selectable. One query for the whole list."""
    this_year = timezone.localdate().year
    issued: dict[int, list[str]] = {}
    rows = (
        PublicationEntry.objects.filter(item__in=[i.pk for i in items], publication__state=PublicationState.ISSUED)
        .order_by("publication__year", "publication__number")
        .values_list("item_id", "publication__year", "publication__number")
    )
    for item_id, year, number in rows:
        issued.setdefault(item_id, []).append(f"第{number}期" if year == this_year else f"{year}年第{number}期")
    for i in items:
        i.issued_in = issued.get(i.pk, [])


@workflow_action
def publication_create(request):
    """A new draft from the chosen items, in the order they were ticked [44]."""
    publication = services.create_publication(
        actor=request.user,
        item_ids=_visible_ids(request.user, request.POST.getlist("items")),
        title=request.POST.get("title", ""),
        editor=request.POST.get("editor", ""),
    )
    messages.success(request, "已建立本期《政务信息》草稿，请核对后印发。")
    return redirect("information:publication", pk=publication.pk)


def _visible_ids(user, raw_ids) -> list[int]:
    """Only items the person may see can go into a publication; anything else is refused, not dropped."""
    ids = []
    for raw in raw_ids:
        if not str(raw).isdigit() or len(str(raw)) > 18:
            raise ValidationError("所选信息不正确。")
        ids.append(int(raw))
    seen = set(items_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    if any(pk not in seen for pk in ids):
        raise ValidationError("所选信息不存在。")
    return ids


def publication(request, pk):
    """One issue: its items in order; the PDF; a draft can be re-ordered and issued by the information staff."""
    user = request.user
    p = _publication_for(user, pk)
    entries = list(
        p.entries.filter(item__in=items_visible_to(user))
        .select_related("item__unit")
        .only(
            "id",
            "order",
            "item__id",
            "item__title",
            "item__kind",
            "item__state",
            "item__author",
            "item__unit_id",
            "item__unit__name",
        )
        .order_by("order", "id")
    )
    return render(
        request,
        "information/publication.html",
        {
            "title": str(p),
            "p": p,
            "entries": entries,
            "manage": rules.can_manage_publications(user) and p.state == PublicationState.DRAFT,
            "today": timezone.localdate(),
            **_nav(user),
        },
    )


@workflow_action
def publication_items(request, pk):
    """A draft's items: the order given as numbers beside each, an item left blank taken out."""
    _publication_for(request.user, pk)
    ordered = []
    for key, value in request.POST.items():
        if key.startswith("order-") and value.strip():
            if not value.strip().isdigit() or len(value.strip()) > 4:
                raise ValidationError("顺序须填写不超过四位的数字。")
            ordered.append((int(value.strip()), key.removeprefix("order-")))
    ordered.sort()
    services.set_publication_items(
        actor=request.user, pk=pk, item_ids=_visible_ids(request.user, [raw for _, raw in ordered])
    )
    messages.success(request, "已调整本期所载信息。")
    return redirect("information:publication", pk=pk)


@workflow_action
def publication_issue(request, pk):
    """印发: the next 第N期 of the year [44]."""
    _publication_for(request.user, pk)
    raw = request.POST.get("issued_on", "").strip()
    issued_on = None
    if raw:
        try:
            issued_on = date.fromisoformat(raw)
        except ValueError:
            raise ValidationError("印发日期格式不正确。") from None
    p = services.issue_publication(actor=request.user, pk=pk, issued_on=issued_on)
    messages.success(request, f"{p}已印发。")
    return redirect("information:publication", pk=pk)


def publication_pdf(request, pk):
    """《政务信息》第N期 as PDF (a draft: 样稿, unnumbered) [44]."""
    user = request.user
    p = _publication_for(user, pk)
    entries = pdf.entries_of(p, items_visible_to(user))
    try:
        content = pdf.publication_pdf(p, entries)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, pdf.publication_filename(p))


# --- the register as Excel ---------------------------------------------------------------------------------------


def export(request):
    """政务信息登记簿 (.xlsx) of a year or a month, as the person may see it; formulas neutralised (ops.xlsx)."""
    user = request.user
    if not rules.can_export(user):
        raise PermissionDenied("政务信息登记簿供政务信息员和办公室领导导出。")
    try:
        period = period_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    from ..statistics import items_of_period

    content, _ = exports.register_xlsx(items_of_period(user, period), label=period.label)
    return exports.download(content, f"政务信息登记簿{period.slug}.xlsx")
