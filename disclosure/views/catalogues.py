"""公开目录 pages [35]: every township's and department's checklist at a glance, one unit's checklist with its
entries (an exempt one with its legal basis), and the office's changes — add, change, retire, restore — each
through a service, refused (409) when the page was loaded before someone else's change.

A unit's 联络员 reads their own unit's checklist only (``selectors.get_catalogue_for``: 404 for another unit).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path

from core.actions import apply_to_form, seen_version, workflow_action
from core.idempotency import idempotent
from org.models import Unit

from .. import rules, selectors, services
from ..forms import EntryForm, ReasonForm, guided_units
from .common import allowed, nav, officer_only

KEEP_ONLY = "只有政务公开专员或办公室领导可以编制和修改公开目录 [35]。"


def catalogues(request):
    """Each unit's checklist: how many entries, how many kept back by law, when last changed [35]."""
    user = request.user
    allowed(user)
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        return redirect("disclosure:catalogue", unit_pk=unit_id)
    active = Q(disclosure_catalogue__entries__active=True)
    units = list(
        guided_units()
        .annotate(
            entry_count=Count("disclosure_catalogue__entries", filter=active),
            exempt_count=Count(
                "disclosure_catalogue__entries", filter=active & ~Q(disclosure_catalogue__entries__exempt="")
            ),
            updated_at=F("disclosure_catalogue__updated_at"),
        )
        .only("id", "name", "kind")
    )
    return render(
        request,
        "disclosure/catalogues.html",
        {**nav(user), "title": "公开目录", "units": units, "without": sum(1 for u in units if not u.entry_count)},
    )


def catalogue(request, unit_pk: int):
    """One unit's 公开目录: the entries in use, then the retired ones with why; the office's forms [35]."""
    user = request.user
    allowed(user)
    found = selectors.get_catalogue_for(user, unit_pk)
    unit = found.unit if found else Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    entries = list(found.entries.order_by("-active", "order", "id")) if found else []
    log = list(found.log.select_related("actor__profile").order_by("-at", "-id")[:30]) if found else []
    keeper = rules.can_keep_catalogue(user)
    return render(
        request,
        "disclosure/catalogue.html",
        {
            **nav(user),
            "title": f"{unit.name}公开目录",
            "unit": unit,
            "catalogue": found,
            "version": found.version if found else 0,
            "active": [e for e in entries if e.active],
            "retired": [e for e in entries if not e.active],
            "log": log,
            "keeper": keeper,
            "form": EntryForm() if keeper else None,
        },
    )


@idempotent  # a double click adds one entry
def entry_new(request, unit_pk: int):
    """新增公开事项 [35]; an exempt one needs its legal basis."""
    user = request.user
    allowed(user)
    officer_only(user, KEEP_ONLY)
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    form = EntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            entry = apply_to_form(
                form,
                lambda: services.entry_add(
                    actor=user, unit_pk=unit.pk, seen_version=seen_version(request), data=form.to_data()
                ),
            )
            if entry is not None:
                messages.success(request, f"已新增公开事项“{entry.title}”。")
                return redirect("disclosure:catalogue", unit_pk=unit.pk)
        status = 400
    found = selectors.get_catalogue_for(user, unit.pk)
    return render(
        request,
        "disclosure/entry_form.html",
        {**nav(user), "title": f"新增公开事项 · {unit.name}", "unit": unit, "form": form,
         "version": found.version if found else 0},
        status=status,
    )  # fmt: skip


def entry_edit(request, pk: int):
    """修改公开事项 [35]."""
    user = request.user
    allowed(user)
    officer_only(user, KEEP_ONLY)
    entry = selectors.entries_visible_to(user).select_related("catalogue__unit").filter(pk=pk).first()
    if entry is None:
        raise Http404("没有找到该公开事项。")
    unit = entry.catalogue.unit
    form = EntryForm(request.POST or None, initial=EntryForm.initial_for(entry))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(
                form,
                lambda: services.entry_change(
                    actor=user, entry_pk=entry.pk, seen_version=seen_version(request), data=form.to_data()
                ),
            )
            if done is not None:
                messages.success(request, f"已保存公开事项“{done.title}”。")
                return redirect("disclosure:catalogue", unit_pk=unit.pk)
        status = 400
    return render(
        request,
        "disclosure/entry_form.html",
        {**nav(user), "title": f"修改公开事项 · {unit.name}", "unit": unit, "form": form, "entry": entry,
         "version": entry.catalogue.version},
        status=status,
    )  # fmt: skip


@workflow_action
def entry_act(request, pk: int, action: str):
    """停用 (with the reason) or 恢复 an entry [35]; never deleted."""
    user = request.user
    allowed(user)
    officer_only(user, KEEP_ONLY)
    unit_id = selectors.entries_visible_to(user).filter(pk=pk).values_list("catalogue__unit_id", flat=True).first()
    if unit_id is None or action not in ("retire", "restore"):
        raise Http404("没有找到该公开事项。")
    if action == "retire":
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        if not reason.strip():
            raise ValidationError("请写明停用原因（300字以内）。")
        entry = services.entry_retire(actor=user, entry_pk=pk, seen_version=seen_version(request), reason=reason)
        messages.success(request, f"已停用公开事项“{entry.title}”。")
    else:
        entry = services.entry_restore(actor=user, entry_pk=pk, seen_version=seen_version(request))
        messages.success(request, f"已恢复公开事项“{entry.title}”。")
    return redirect("disclosure:catalogue", unit_pk=unit_id)


urlpatterns: list = [
    path("catalogues/", catalogues, name="catalogues"),
    path("catalogues/<int:unit_pk>/", catalogue, name="catalogue"),
    path("catalogues/<int:unit_pk>/new/", entry_new, name="entry_new"),
    path("entries/<int:pk>/edit/", entry_edit, name="entry_edit"),
    path("entries/<int:pk>/<slug:action>/", entry_act, name="entry_act"),
]
