"""印章登记簿 [7]: the seals the office keeps (the county government's and its own) and the seals it has made for
the departments and townships — filters, capped paging, waiting counts for those who decide; one seal with its
history and uses; the clerk registers an own seal already in use and 停用 / 恢复 / 缴销 one; the register as
Excel. Every read goes through ``selectors.seals_visible_to``: a 联络员 sees their own unit's seals only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from .. import exports, rules, selectors, services
from ..forms import SealFilterForm, SealForm, SealStateForm
from .common import (
    BAD_FILTER,
    PAGE_SIZE,
    CappedPaginator,
    allowed,
    contact_unit_id,
    get_visible,
    nav,
    query_without_page,
)

SEAL_COLUMNS = ("unit", "keeper__profile")
RECENT_USES = 20


def filtered_seals(user, form):
    qs = selectors.seal_list(user)
    d = form.cleaned_data if form.is_bound else {}
    if d.get("state"):
        qs = qs.filter(state=d["state"])
    if d.get("scope") == "own":
        qs = qs.filter(unit__isnull=True)
    elif d.get("scope") == "units":
        qs = qs.filter(unit__isnull=False)
    if d.get("kind"):
        qs = qs.filter(kind=d["kind"])
    if d.get("unit"):
        qs = qs.filter(unit=d["unit"])
    if (d.get("q") or "").strip():
        qs = qs.filter(name__icontains=d["q"].strip())
    return qs.order_by("-year", "-serial", "-id")  # the latest registered first


def waiting_counts(user) -> dict:
    """What waits for this person: requests and applications to decide (a leader), approved requests to stamp
    and applications to have made or hand over (the clerk) [7]. A few counts, whatever the number of rows."""
    counts = {}
    if rules.can_decide_request(user):
        counts["requests_to_decide"] = selectors.requests_waiting(user).count()
    if rules.can_decide_application(user):
        counts["applications_to_decide"] = selectors.applications_waiting(user).count()
    if rules.can_keep_seals(user):
        counts["requests_to_use"] = selectors.requests_to_stamp(user).count()
        counts["applications_to_make"] = selectors.applications_to_make(user).count()
    return counts


def home(request):
    """印章登记簿 [7]."""
    user = request.user
    allowed(user)
    contact = contact_unit_id(user) is not None
    form = SealFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    paginator = CappedPaginator(filtered_seals(user, form), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    query = query_without_page(request)
    return render(
        request,
        "seals/home.html",
        {
            **nav(user),
            "title": "本单位印章" if contact else "印章登记簿",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query,
            "filtered": bool(query),
            "contact": contact,
            "counts": waiting_counts(user),
        },
    )


def register_xlsx(request):
    """印章登记簿 (Excel): the list's filters, the seals this person may see — a 联络员's their unit's [7]."""
    user = request.user
    allowed(user)
    contact = contact_unit_id(user) is not None
    form = SealFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=[BAD_FILTER])
    rows = list(filtered_seals(user, form).order_by("year", "serial", "id")[: exports.MAX_ROWS])
    today = timezone.localdate()
    title = "本单位印章登记簿" if contact else "印章登记簿"
    content = exports.register_xlsx(rows, title=f"{title}（{today:%Y年%m月%d日}导出）")
    return exports.download(content, f"{title}.xlsx")


def offered(seal, user) -> dict:
    keeper = rules.can_keep_seals(user)
    return {
        "suspend": keeper and seal.state == "in_use",
        "resume": keeper and seal.state == "suspended",
        "surrender": keeper and seal.state in ("in_use", "suspended"),
        "request": seal.state == "in_use" and seal.is_own and rules.can_request_use(user),
    }


def seal_detail(request, pk: int):
    user = request.user
    allowed(user)
    seal = get_visible(selectors.seals_visible_to(user).select_related(*SEAL_COLUMNS, "approval"), pk)
    uses = list(
        selectors.uses_visible_to(user)
        .filter(seal=seal)
        .select_related("stamped_by__profile", "approved_by__profile", "request", "outgoing")
        .order_by("-used_at", "-id")[:RECENT_USES]
    )
    can = offered(seal, user)
    return render(
        request,
        "seals/seal_detail.html",
        {
            **nav(user),
            "title": seal.name,
            "seal": seal,
            "uses": uses,
            "more_uses": len(uses) == RECENT_USES,
            "log": list(seal.log.select_related("actor__profile").order_by("at", "id")),
            "can": can,
            # the 刻制 application is linked for those who may open it (not a line staff member) [7]
            "approval_visible": bool(
                seal.approval_id and selectors.applications_visible_to(user).filter(pk=seal.approval_id).exists()
            ),
            "state_form": SealStateForm() if any((can["suspend"], can["resume"], can["surrender"])) else None,
            "today": timezone.localdate(),
        },
    )


def keepers():
    """Who may keep an own seal: the registry clerks [7]."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=sorted(r.value for r in rules.KEEPER_ROLES))
        .select_related("profile")
        .distinct()
        .order_by("username")
    )


@idempotent  # a double click registers one seal
def seal_new(request):
    """The clerk registers a seal of the county government or the office already in use [7]."""
    user = request.user
    allowed(user)
    if not rules.can_keep_seals(user):
        raise PermissionDenied("印章由收发秘书登记保管 [7]。")
    form = SealForm(request.POST or None, keepers=keepers(), initial={"keeper": user.pk})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            seal = apply_to_form(form, lambda: services.seal_register(actor=user, data=form.to_data()))
            if seal is not None:
                messages.success(request, f"已登记印章“{seal.name}”（{seal.number}）。")
                return redirect("seals:seal", pk=seal.pk)
        status = 400
    return render(request, "seals/seal_form.html", {**nav(user), "title": "登记印章", "form": form}, status=status)


SEAL_STEPS = {
    "suspend": (services.seal_suspend, "已停用"),
    "resume": (services.seal_resume, "已恢复使用"),
    "surrender": (services.seal_surrender, "已缴销"),
}


@workflow_action
def seal_act(request, pk: int, action: str):
    """停用 / 恢复 / 缴销 a seal, with the reason [7]."""
    user = request.user
    allowed(user)
    seal = get_visible(selectors.seals_visible_to(user), pk)
    if action not in SEAL_STEPS:
        raise Http404("没有这个操作。")
    form = SealStateForm(request.POST)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    step, said = SEAL_STEPS[action]
    step(
        actor=user,
        pk=seal.pk,
        seen_version=seen_version(request),
        reason=form.cleaned_data["reason"].strip(),
        on=form.cleaned_data.get("on"),
    )
    messages.success(request, f"印章“{seal.name}”{said}。")
    return redirect("seals:seal", pk=seal.pk)


urlpatterns: list = [
    path("", home, name="home"),
    path("register.xlsx", register_xlsx, name="register_xlsx"),
    path("new/", seal_new, name="seal_new"),
    path("<int:pk>/", seal_detail, name="seal"),
    path("<int:pk>/act/<slug:action>/", seal_act, name="seal_act"),
]
