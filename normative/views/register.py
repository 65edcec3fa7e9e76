"""规范性文件登记簿 [13]: the register with its filters and search, its Excel copy, and the two ways in —
登记 an issued normative outgoing document (法制科 reviewed it on its route [30(2)3]) or 补登 an old paper one.

Every row comes through ``selectors.documents_visible_to``; the register is 法制科's and the leaders' [13].
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response
from core.idempotency import idempotent
from core.pagination import page_number

from .. import exports, rules, selectors, services
from ..forms import ManualForm, RegisterFilterForm, RegisterOutgoingForm
from ..models import State
from .common import (
    PAGE_SIZE,
    REGISTER_COLUMNS,
    CappedPaginator,
    in_force_among,
    keeper_only,
    nav,
    query_without_page,
    search,
    unregistered_outgoing,
)

BAD_FILTER = "筛选条件不正确，请从页面上选择；年度应为2000年至明年之间的年份。"


def filtered(user, form, today: date):
    qs = selectors.documents_visible_to(user)
    d = form.cleaned_data if form.is_bound else {}
    if d.get("state"):
        qs = qs.filter(state=d["state"])
    if d.get("in_force"):
        qs = in_force_among(qs, today)
    if d.get("year"):
        qs = qs.filter(register_year=d["year"])
    if d.get("authority"):
        qs = qs.filter(authority=d["authority"])
    if d.get("filing_overdue"):
        qs = selectors.filing_overdue(qs, today)
    return search(qs, d.get("q", ""))


def filing_late(doc, today: date) -> bool:
    """Published, not filed, past 备案期限 [13]."""
    return doc.state == State.PUBLISHED and doc.filed_on is None and bool(doc.filing_due) and doc.filing_due < today


def expiring(doc, today: date) -> bool:
    """In force and its 有效期 ends within ``NORMATIVE_EXPIRY_WARN_DAYS``: time to 评估 whether to renew it [13]."""
    return doc.is_in_force(today) and (doc.valid_until - today).days <= services.expiry_warn_days()


def validity_note(doc, today: date) -> str:
    """Why a published document is not in force, said on the register and its page: 尚未施行 (its 施行日期 is
    ahead) or 已过有效期 (its 有效期至 has passed; it left the in-force list on its own) [13]."""
    if doc.state != State.PUBLISHED:
        return ""
    if doc.effective_on and doc.effective_on > today:
        return "尚未施行"
    if doc.valid_until and doc.valid_until < today:
        return "已过有效期"
    return ""


def mark(rows, today: date) -> None:
    """What a row says besides its state: 现行有效, 尚未施行 / 已过有效期, 即将到期, 逾期未备案."""
    for doc in rows:
        doc.in_force_now = doc.is_in_force(today)
        doc.validity_note = validity_note(doc, today)
        doc.expiring = expiring(doc, today)
        doc.filing_late = filing_late(doc, today)


def home(request):
    """规范性文件登记簿: newest registered first; filters and search [13]. Whoever does not keep or read the
    register (office staff, a unit's 联络员) lands on the in-force list, which is theirs [13]."""
    user = request.user
    if not rules.sees_register(user):
        return redirect("normative:in_force")
    form = RegisterFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    today = timezone.localdate()
    qs = filtered(user, form, today).only(*REGISTER_COLUMNS).order_by("-register_year", "-register_serial", "-id")
    paginator = CappedPaginator(qs, PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    mark(page.object_list, today)
    query = query_without_page(request)
    return render(
        request,
        "normative/home.html",
        {
            **nav(user),
            "title": "规范性文件登记簿",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query,
            "filtered": bool(query),
            "today": today,
            "can_register": rules.can_register(user),
        },
    )


def register_xlsx(request):
    """规范性文件登记簿 (Excel): the list's filters, every row this person may see [13]."""
    user = request.user
    if not rules.can_export_register(user):
        raise PermissionDenied("规范性文件登记簿由法制科管理，供办公室领导和县政府领导查阅 [13]。")
    form = RegisterFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    today = timezone.localdate()
    qs = filtered(user, form, today).select_related("legal_reviewed_by__profile")
    qs = qs.order_by("register_year", "register_serial", "id")
    rows = list(qs[: exports.MAX_ROWS])
    mark(rows, today)
    content = exports.register_xlsx(rows, title=f"规范性文件登记簿（{today:%Y年%m月%d日}导出）")
    return exports.download(content, "规范性文件登记簿.xlsx")


@idempotent  # a double click registers once
def register_outgoing(request):
    """登记: an issued (已分发) normative outgoing document not yet in the register [13][30(5)]."""
    user = request.user
    keeper_only(user)
    candidates = unregistered_outgoing(user)
    form = RegisterOutgoingForm(request.POST or None, queryset=candidates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outgoing = form.cleaned_data["outgoing"]
            doc = apply_to_form(form, lambda: services.register_from_outgoing(actor=user, outgoing_pk=outgoing.pk))
            if doc is not None:
                messages.success(request, f"已登记为{doc.register_number} [13]。")
                return redirect("normative:document", pk=doc.pk)
        status = 400
    return render(
        request,
        "normative/register_outgoing.html",
        {**nav(user), "title": "登记已印发的规范性文件", "form": form, "empty": not candidates.exists()},
        status=status,
    )


@idempotent
def register_manual(request):
    """补登: a normative document issued before this register, its 法制科 review typed in [13][30(2)3]."""
    user = request.user
    keeper_only(user)
    form = ManualForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            doc = apply_to_form(form, lambda: services.register_manual(actor=user, data=form.to_data()))
            if doc is not None:
                messages.success(request, f"已补登为{doc.register_number} [13]。")
                return redirect("normative:document", pk=doc.pk)
        status = 400
    return render(
        request,
        "normative/form.html",
        {
            **nav(user),
            "title": "补登规范性文件",
            "intro": "本系统启用前印发的规范性文件，照原件补登，并照录法制科审核意见 [13][30(2)3]。",
            "form": form,
            "create": True,
            "submit": "补登",
        },
        status=status,
    )


urlpatterns: list = [
    path("", home, name="home"),
    path("register.xlsx", register_xlsx, name="register_xlsx"),
    path("register/outgoing/", register_outgoing, name="register_outgoing"),
    path("register/manual/", register_manual, name="register_manual"),
]
