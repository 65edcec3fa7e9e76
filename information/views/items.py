"""政务信息 pages: the list (filters, search, keyset paging, an urgent item marked), 报送信息 (a unit contact for
their unit, the information staff for any unit or the office), one item with its text, the submitted and the
current text side by side, the sendings, the adoptions, the history and the steps this person may take [44]–[46].

Every read goes through ``selectors.items_visible_to`` / ``get_item_for`` (404 for "missing" and "not yours"
alike: a unit contact sees their own unit's items only [45]); every write through ``services``; refusals become
Chinese 4xx pages (``core.actions``).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version
from core.idempotency import idempotent
from core.pagination import BadPageRequest, capped_counts, keyset_page
from core.workflow import StaleAction
from documents.outgoing.diffs import compare
from org.models import Unit

from .. import lifecycle, rules, selectors, services
from ..forms import AdoptForm, AttachForm, EditForm, ItemFilterForm, ReviewForm, ScreenForm, SendForm, SubmitForm
from ..models import LEVEL_FOR_TARGET, Attachment, Kind, Sending, State

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this the list says "10000 条以上"; the filters and the search narrow it


def _allowed(user) -> None:
    if not rules.can_open_information(user):
        raise PermissionDenied("政务信息供办公室信息工作人员、领导和各单位信息联络员查看 [44][45]。")


# --- the list ---------------------------------------------------------------------------------------------------


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_items(user, d: dict):
    """The items the list shows, by its filters (the cleaned data of a valid form, or {})."""
    qs = selectors.items_visible_to(user)
    state = d.get("state", "")
    if state == "open":
        qs = selectors.open_items(qs)
    elif state:
        qs = qs.filter(state=state)
    if d.get("kind"):
        qs = qs.filter(kind=d["kind"])
    if d.get("urgent"):
        qs = qs.filter(kind=Kind.URGENT)
    unit = d.get("unit")
    if unit == "office":
        qs = qs.filter(unit__isnull=True)
    elif unit:
        qs = qs.filter(unit_id=unit)
    if d.get("target"):
        qs = qs.filter(Exists(Sending.objects.filter(item=OuterRef("pk"), target=d["target"])))
    start, end = d.get("date_from"), d.get("date_to")
    if d.get("week"):
        start, end = d["week"]
    if start:
        qs = qs.filter(submitted_at__gte=_day_start(start))
    if end:
        qs = qs.filter(submitted_at__lt=_day_start(end + timedelta(days=1)))
    q = (d.get("q") or "").strip()
    for word in q.split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return qs


def _rows(qs):
    """What a row shows, in the page's few queries however many rows: the unit, and the targets sent to."""
    return selectors.list_rows(qs).prefetch_related("sendings")


def item_list(request):
    """政务信息: every item this person may see, newest first; filters, search, keyset paging [44]–[46]."""
    user = request.user
    _allowed(user)
    contact = rules.is_unit_contact(user)
    form = ItemFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        reasons = [m for errors in form.errors.values() for m in errors]
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。", *reasons])
    jump = request.GET.get("date", "")
    if jump and not (jump[:4].isdigit() and 2000 <= int(jump[:4]) <= 2100):
        return refusal_response(request, status=400, messages=["日期格式应为 2026-01-31，年份在2000年至2100年之间。"])
    qs = filtered_items(user, form.cleaned_data if form.is_bound else {})
    (counted,) = capped_counts([qs], COUNT_CAP)
    try:
        page = keyset_page([_rows(qs)], request, field="submitted_at", size=PAGE_SIZE, few=[counted <= COUNT_CAP])
    except BadPageRequest as exc:
        return refusal_response(request, status=400, messages=[str(exc)])
    for item in page.object_list:
        item.targets = sorted({s.get_target_display() for s in item.sendings.all()})
    query = request.GET.copy()
    for key in ("before", "after", "date"):
        query.pop(key, None)
    return render(
        request,
        "information/item_list.html",
        {
            "title": "本单位政务信息" if contact else "政务信息",
            "page": page,
            "count": min(counted, COUNT_CAP),
            "count_more": counted > COUNT_CAP,
            "form": form,
            "unit_choices": getattr(form, "unit_choices", []) if not contact else [],
            "unit_value": request.GET.get("unit", ""),
            "filtered": bool(query),
            "more_filters": any(request.GET.get(k) for k in ("unit", "target", "week", "date_from", "date_to")),
            "query": query.urlencode(),
            "query_items": [(key, value) for key, values in query.lists() for value in values],
            "contact": contact,
            "can_submit": rules.can_submit(user),
        },
    )


# --- 报送信息 -------------------------------------------------------------------------------------------------


@idempotent  # a double click submits one item
def item_submit(request):
    """报送信息: title, text, kind, the unit and the author. An 紧急信息 goes to the reviewing leader at once
    [44], [46]."""
    user = request.user
    if not rules.can_submit(user):
        raise PermissionDenied("只有各单位信息联络员和办公室政务信息员可以报送信息 [45][46]。")
    unit_fixed = None
    if not rules.is_information_officer(user):
        unit_fixed = Unit.objects.filter(pk=rules.contact_unit_id(user)).first()
    name = getattr(getattr(user, "profile", None), "full_name", "") or user.get_full_name() or user.username
    form = SubmitForm(request.POST or None, request.FILES or None, unit_fixed=unit_fixed, initial={"author": name})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            item = apply_to_form(
                form,
                lambda: services.submit_item(
                    actor=user,
                    data=services.ItemData(
                        title=d["title"], body=d["body"], kind=d["kind"], unit=form.chosen_unit(), author=d["author"]
                    ),
                    uploads=d.get("files") or (),
                ),
            )
            if item is not None:
                if item.is_urgent:
                    messages.success(request, "紧急信息已报送，直接送办公室领导审核 [46]。")
                else:
                    messages.success(request, "信息已报送，待办公室筛选 [46]。")
                return redirect("information:detail", pk=item.pk)
        status = 400
    return render(
        request,
        "information/item_form.html",
        {"title": "报送信息", "form": form, "unit_fixed": unit_fixed, "contact": unit_fixed is not None},
        status=status,
    )


# --- one item ---------------------------------------------------------------------------------------------------


def offered(item, user) -> dict:
    """What this page offers this person — only the steps the services would take from them [46]."""
    state = item.state
    return {
        "withdraw": state == State.SUBMITTED and rules.can_withdraw(item, user),
        "screen": state == State.SUBMITTED and not item.is_urgent and rules.can_screen(item, user),
        "edit": state == State.EDITING and rules.can_edit(item, user),
        "to_review": state == State.EDITING and rules.can_edit(item, user),
        "review": state == State.REVIEWING and rules.can_review(item, user),
        "send": state in (State.APPROVED, State.SENT, State.ADOPTED) and rules.can_send(item, user),
        "adopt": state in (State.SENT, State.ADOPTED) and rules.can_adopt(item, user),
        "archive": state in (State.SENT, State.ADOPTED) and rules.can_archive(item, user),
        "attach": rules.can_attach(item, user),
    }


def _side_by_side(revisions) -> dict | None:
    """The submitted text (revision 1) and the current one, with the changes marked, like outgoing drafts."""
    if len(revisions) < 2:
        return None
    first, last = revisions[0], revisions[-1]
    return {
        "first": first,
        "last": last,
        "title_lines": compare(first.title, last.title),
        "lines": compare(first.body, last.body),
    }


def item_detail(request, pk: int):
    user = request.user
    item = selectors.get_item_for(user, pk)
    revisions = list(selectors.revisions_of(item))
    sendings = list(selectors.sendings_of(item))
    adoptions = list(selectors.adoptions_of(item))
    log = list(selectors.log_of(item))
    can = offered(item, user)
    sent_targets = {s.target for s in sendings}
    adopted_levels = {a.level for a in adoptions}
    send_form = adopt_form = None
    if can["send"]:
        send_form = SendForm(auto_id="send-%s", sent=sent_targets)
        can["send"] = bool(send_form.fields["targets"].choices)  # sent everywhere already
    if can["adopt"]:
        open_levels = {LEVEL_FOR_TARGET[t] for t in sent_targets} - adopted_levels
        adopt_form = AdoptForm(auto_id="adopt-%s", levels=open_levels)
        can["adopt"] = bool(open_levels)  # adopted at every level it was sent to
    return render(
        request,
        "information/item_detail.html",
        {
            "title": item.title,
            "item": item,
            "revisions": revisions,
            "side_by_side": _side_by_side(revisions),
            "sendings": sendings,
            "adoptions": adoptions,
            "attachments": list(item.attachments.all()),
            "log": log,
            "steps": _steps(item),
            "can": can,
            "any_step": any(can.values()),
            "contact": rules.is_unit_contact(user),
            "screen_form": ScreenForm(auto_id="screen-%s", initial={"decision": "keep"}) if can["screen"] else None,
            "review_form": ReviewForm(auto_id="review-%s", initial={"decision": "approve"}) if can["review"] else None,
            "send_form": send_form,
            "adopt_form": adopt_form,
            "attach_form": AttachForm(auto_id="attach-%s") if can["attach"] else None,
        },
    )


def item_edit(request, pk: int):
    """编辑: the information staff edit the text; each save is a new revision, the submitted one kept [46]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    if not rules.can_edit(item, user):
        raise PermissionDenied("只有办公室政务信息员可以编辑信息 [46]。")
    if item.state != State.EDITING:
        raise PermissionDenied(f"该信息{item.get_state_display()}，不在编辑环节，不能修改 [46]。")
    form = EditForm(request.POST or None, initial={"title": item.title, "body": item.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                done = apply_to_form(
                    form,
                    lambda: services.edit_item(
                        actor=user,
                        pk=item.pk,
                        seen_version=seen_version(request),
                        title=d["title"],
                        body=d["body"],
                        note=d["note"],
                    ),
                )
            except StaleAction as error:
                return refusal_response(request, status=409, messages=[error.message], error=error)
            if done is not None:
                messages.success(request, "已保存为新的修改稿。")
                return redirect("information:detail", pk=item.pk)
        status = 400
    return render(
        request,
        "information/item_edit.html",
        {"title": f"编辑信息：{item.title}", "item": item, "form": form},
        status=status,
    )


def revisions_compare(request, pk: int):
    """Any two revisions side by side [46] (the detail page shows the first against the current)."""
    item = selectors.get_item_for(request.user, pk)
    revisions = list(selectors.revisions_of(item))
    if not revisions:
        raise Http404("该信息没有修改稿。")
    by_number = {r.number: r for r in revisions}

    def number(name: str, default: int) -> int:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() else default

    old_n = number("a", revisions[0].number)
    new_n = number("b", revisions[-1].number)
    if old_n not in by_number or new_n not in by_number:
        return refusal_response(request, status=400, messages=["没有这一稿。"])
    old, new = by_number[old_n], by_number[new_n]
    return render(
        request,
        "information/compare.html",
        {
            "title": "修改稿比对",
            "item": item,
            "old": old,
            "new": new,
            "numbers": list(by_number),
            "title_lines": compare(old.title, new.title),
            "lines": compare(old.body, new.body),
        },
    )


def attachment(request, pk: int, attachment_id: int):
    """An item's attachment, only through the item's visibility [45]."""
    item = selectors.get_item_for(request.user, pk)
    found = Attachment.objects.filter(item=item, pk=attachment_id).first()
    if found is None:
        raise Http404("该附件不存在。")
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def lifecycle_page(request):
    """政务信息办理流程, read from the state machine itself [44]–[46]."""
    _allowed(request.user)
    return render(request, "information/lifecycle.html", {"lifecycle": lifecycle.LIFECYCLE, "title": "办理流程"})


def _steps(item) -> list[dict]:
    """The item's place on its path. An urgent item skips screening and editing, straight to the reviewing leader
    [46]: its path leaves out 编辑中, which would otherwise read as done (unless the leader sent it back to edit)."""
    if item.kind == Kind.URGENT and item.state != State.EDITING:
        path = [s for s in lifecycle.LIFECYCLE.main_path if s != State.EDITING]
        return lifecycle.LIFECYCLE.steps_for(item, path=path)
    return lifecycle.steps_for(item)


urlpatterns: list = [
    path("", item_list, name="list"),
    path("lifecycle/", lifecycle_page, name="lifecycle"),
    path("submit/", item_submit, name="submit"),
    path("<int:pk>/", item_detail, name="detail"),
    path("<int:pk>/edit/", item_edit, name="edit"),
    path("<int:pk>/compare/", revisions_compare, name="compare"),
    path("<int:pk>/files/<int:attachment_id>/", attachment, name="attachment"),
]
