"""信访件 pages: the list (filters, search, keyset paging, personal data masked for everyone), one case with its
data, deadlines, history and the steps this person may take now, a case's attachment, and the lifecycle page
[47]–[50].

Every read goes through ``selectors.cases_visible_to`` / ``get_case_for`` (404 for "missing" and "not yours"
alike); personal data only through ``selectors.petitioners_shown`` (clear only when ``rules`` allows it).
The steps themselves are in ``steps.py``; registering in ``desk.py``.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from core.actions import refusal_response
from core.pagination import BadPageRequest, capped_counts, keyset_page

from .. import rules, selectors
from ..forms import (
    AcceptForm,
    AnswerForm,
    CloseForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ReasonForm,
    ReferForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    SettlementForm,
    UnitAnswerForm,
)
from ..identity import mask_name
from ..models import ENDED_STATES, Case, CaseAttachment, Handling, ReviewKind, State

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this the list says "超过 10000 件"; the filters and the search narrow it
# 杂信〔2026〕12号, 2026-12, 〔2026〕12, 12号, 12: the case's number.
NUMBER = re.compile(r"^\s*(?:杂信)?[〔\[（(]?(\d{4})?[〕\]）)\-－—]?\s*(\d{1,7})\s*号?\s*$")
SOON_DAYS = 3  # a limit this close is shown in amber


def _lifecycle():
    """The chapter's lifecycle (``petitions/lifecycle.py``, registered by the app), read when a page needs it."""
    try:
        from .. import lifecycle
    except ImportError:  # the foundation's module not there yet
        return None
    return lifecycle.LIFECYCLE


def _allowed(user) -> None:
    if not rules.can_open_petitions(user):
        raise PermissionDenied("信访件供信访工作人员、承办人、责任单位联络员和领导查看 [47][48]。")


# --- the list ---------------------------------------------------------------------------------------------------


def _search(qs, q: str):
    """The case's number (杂信〔2026〕12号, 2026-12, 12) or words of its 事由 — ``UPPER(title) LIKE``, which the
    trigram index serves on PostgreSQL, as in the other chapters."""
    match = NUMBER.match(q)
    if match:
        year, serial = match.groups()
        by_number = Q(serial=int(serial)) & (Q(year=int(year)) if year else Q())
        return qs.filter(by_number | Q(title__icontains=q.strip()))
    for word in q.split()[:5]:
        qs = qs.filter(title__icontains=word)
    return qs


def filtered_cases(user, d: dict):
    """The cases the list shows, by its filters (cleaned data of a valid form, or {})."""
    qs = selectors.cases_visible_to(user)
    state = d.get("state", "")
    if not state:
        qs = selectors.open_cases(qs)  # the partial indexes' predicate
    elif state != "all":
        qs = qs.filter(state=state)
    for name in ("channel", "category"):
        if d.get(name):
            qs = qs.filter(**{name: d[name]})
    if d.get("township"):
        qs = qs.filter(township=d["township"])
    if d.get("unit"):
        qs = qs.filter(unit=d["unit"])
    if d.get("overdue"):
        qs = selectors.late_cases(qs, timezone.localdate())
    if d.get("repeat"):
        qs = qs.filter(is_repeat=True)
    if d.get("group"):
        qs = qs.filter(is_group=True)
    if d.get("q", "").strip():
        qs = _search(qs, d["q"].strip())
    return qs


def mark(cases, today: date) -> None:
    """The running limit of each case for the page: the date, days left, days late."""
    for case in cases:
        case.due = case.current_due
        case.days_left = (case.due - today).days if case.due else None
        case.late_days = -case.days_left if case.days_left is not None and case.days_left < 0 else 0
        case.due_soon = case.days_left is not None and 0 <= case.days_left <= SOON_DAYS


def _names(cases) -> None:
    """Who petitioned, masked for everyone (a list needs no one's name in full, nor any number) [48]:
    ``张**等3人`` — one query for the whole page."""
    shown = selectors.petitioners_masked_for_cases([c.pk for c in cases])
    for case in cases:
        people = shown.get(case.pk, [])
        first = next((p for p in people if p.is_representative), people[0] if people else None)
        name = mask_name(first.name) if first else ""
        count = case.head_count if case.is_group else len(people)
        case.shown_names = f"{name}等{count}人" if name and count > 1 else name


def case_list(request):
    """信访件: every case this person may see, newest first; filters, search, keyset paging [47], [48]."""
    from ..forms import CaseFilterForm

    user = request.user
    _allowed(user)
    contact = rules.is_unit_contact(user)
    form = CaseFilterForm(request.GET or None, contact=contact)
    paging = {"before", "after", "date"}
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    qs = filtered_cases(user, form.cleaned_data if form.is_bound else {})
    (counted,) = capped_counts([qs], COUNT_CAP)
    try:
        page = keyset_page(
            [selectors.list_rows(qs)], request, field="received_at", size=PAGE_SIZE, few=[counted <= COUNT_CAP]
        )
    except BadPageRequest as exc:
        return refusal_response(request, status=400, messages=[str(exc)])
    today = timezone.localdate()
    mark(page.object_list, today)
    _names(page.object_list)
    query = request.GET.copy()
    for key in paging:
        query.pop(key, None)
    return render(
        request,
        "petitions/case_list.html",
        {
            "title": "本单位信访件" if contact else "信访件",
            "page": page,
            "count": min(counted, COUNT_CAP),
            "count_more": counted > COUNT_CAP,
            "form": form,
            "filtered": bool(query),
            "query": query.urlencode(),
            "query_items": [(key, value) for key, values in query.lists() for value in values],
            "contact": contact,
            "can_register": rules.can_register(user),
        },
    )


# --- one case ---------------------------------------------------------------------------------------------------


def _deadlines(case: Case, today: date, reviews, pending_extension) -> list[dict]:
    """The 条例's limits that concern this case, each with its date and how many days are left [48]."""
    rows = []

    def add(label: str, due, done_at=None, note: str = ""):
        if due is None:
            return
        left = (due - today).days
        rows.append(
            {
                "label": label,
                "due": due,
                "done": done_at,
                "left": left,
                "late": done_at is None and left < 0,
                "late_days": -left if left < 0 else 0,
                "soon": done_at is None and 0 <= left <= SOON_DAYS,
                "note": note,
            }
        )

    add("受理告知（收到之日起15日）", case.accept_due, case.decided_at)
    if case.handle_due:
        note = f"已延期{case.extended_days}日" if case.extended_days else ""
        if pending_extension is not None:
            note = (note + "；" if note else "") + f"延期{pending_extension.days}日待审批"
        add("办理答复（受理之日起60日）", case.handle_due, case.answered_at, note)
    for review in reviews:
        add(f"{review.get_kind_display()}意见（30日）", review.due, review.decided_at)
    return rows


def offered(case: Case, user, *, current_referral, pending_extension, reviews) -> dict:
    """The steps this page offers this person — only those the services would take from them [47]–[50]."""
    state = case.state
    decide = rules.can_decide(case, user)
    handle = rules.can_handle(case, user)
    kinds = {r.kind for r in reviews}
    decided_review = any(r.kind == ReviewKind.REVIEW and r.decided_at for r in reviews)
    referred = current_referral is not None
    unit_answered = referred and current_referral.answered_at is not None
    return {
        "accept": state == State.REGISTERED and decide,
        "refuse": state == State.REGISTERED and decide,
        "refer": state in (State.REGISTERED, State.HANDLING) and decide and not unit_answered,
        "unit_answer": state == State.HANDLING
        and referred
        and not unit_answered
        and rules.can_record_unit_answer(case, user),
        "answer": state == State.HANDLING and handle and (case.handling == Handling.OWN or unit_answered),
        "extension": state == State.HANDLING
        and pending_extension is None
        and case.extended_days < 30
        and rules.can_request_extension(case, user),
        "decide_extension": pending_extension is not None and rules.can_decide_extension(case, user),
        "close": state == State.ANSWERED and handle,
        "review": state in (State.ANSWERED, State.CLOSED) and decide and ReviewKind.REVIEW not in kinds,
        "rereview": state in (State.ANSWERED, State.CLOSED)
        and decide
        and decided_review
        and ReviewKind.REREVIEW not in kinds,
        "decide_review": state in (State.REVIEWING, State.REREVIEWING) and decide,
        "settle": state == State.CLOSED and not case.outcome_settled and handle,
    }


def _timeline(case: Case) -> list:
    return list(case.log.select_related("actor__profile").order_by("at", "id"))


def _history(case: Case, user) -> list[Case]:
    """The same petitioner(s)' other cases, shown to petition staff only [48]."""
    rows = list(selectors.list_rows(selectors.same_petitioner_cases(case, user)).order_by("-received_at", "-id")[:20])
    mark(rows, timezone.localdate())
    return rows


def _letters(case: Case, extensions, clear: bool) -> list[dict]:
    """The letters to the petitioner this case can print now (受理告知书, 不予受理告知书, 处理意见书, 延期告知书) —
    only for those who see the petitioner's name and address [48]; the printing page checks again."""
    if not clear:
        return []
    letters = []
    if case.decided_at and case.state != State.REFUSED:
        letters.append({"kind": "accept", "label": "受理告知书", "query": ""})
    if case.state == State.REFUSED:
        letters.append({"kind": "refuse", "label": "不予受理告知书", "query": ""})
    if case.answered_at:
        letters.append({"kind": "answer", "label": "处理意见书", "query": ""})
    for e in extensions:
        if e.approved:
            letters.append({"kind": "extension", "label": f"延期告知书（{e.days}日）", "query": f"?extension={e.pk}"})
    return letters


def case_detail(request, pk: int):
    """一件信访件: data, petitioners (clear only when allowed), deadlines, history, log and steps [47]–[50]."""
    user = request.user
    case = selectors.get_case_for(user, pk)
    today = timezone.localdate()
    referrals = list(case.referrals.select_related("unit", "routed_by__profile", "answered_by__profile"))
    current = next((r for r in reversed(referrals) if r.superseded_at is None), None)
    extensions = list(case.extensions.select_related("requested_by__profile", "decided_by__profile"))
    pending = next((e for e in extensions if e.approved is None), None)
    reviews = list(case.reviews.select_related("recorded_by__profile", "decided_by__profile"))
    can = offered(case, user, current_referral=current, pending_extension=pending, reviews=reviews)
    people = selectors.petitioners_shown(case, user)
    contact = rules.is_unit_contact(user)
    return render(
        request,
        "petitions/case_detail.html",
        {
            "title": f"{case.number} {case.title}",
            "case": case,
            "today": today,
            "people": people,
            "clear": bool(people) and people[0].clear,
            "deadlines": _deadlines(case, today, reviews, pending),
            "late": case.is_late(today),
            "referrals": referrals,
            "current_referral": current,
            "extensions": extensions,
            "pending_extension": pending,
            "reviews": reviews,
            "earlier": list(case.earlier.only("id", "number", "title", "state").order_by("-received_at")),
            "history": _history(case, user),
            "attachments": list(case.attachments.all()),
            "letters": _letters(case, extensions, bool(people) and people[0].clear),
            "log": _timeline(case),
            "steps": _lifecycle().steps_for(case) if _lifecycle() else [],
            "can": can,
            "any_step": any(can.values()),
            "contact": contact,
            "pet_desk": rules.can_register(user),
            "forms": {
                "accept": AcceptForm(auto_id="accept-%s"),
                "refuse": ReasonForm(auto_id="refuse-%s"),
                "refer": ReferForm(auto_id="refer-%s", initial={"unit": case.township_id}),
                "unit_answer": UnitAnswerForm(auto_id="unit-answer-%s"),
                "answer": AnswerForm(auto_id="answer-%s"),
                "extension": ExtensionForm(auto_id="ext-%s"),
                "decide_extension": ExtensionDecisionForm(auto_id="ext-decide-%s"),
                "close": CloseForm(auto_id="close-%s"),
                "review": ReviewRequestForm(auto_id="review-%s"),
                "decide_review": ReviewDecisionForm(auto_id="decide-review-%s"),
                "settle": SettlementForm(auto_id="settle-%s"),
            },
            "ended": case.state in ENDED_STATES,
        },
    )


def attachment(request, pk: int, attachment_id: int):
    """信访材料, only through its case's visibility."""
    case = selectors.get_case_for(request.user, pk)
    found = CaseAttachment.objects.filter(case=case, pk=attachment_id).first()
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
    """信访件办理流程, read from the state machine itself [47]–[50]."""
    _allowed(request.user)
    if _lifecycle() is None:
        raise Http404("信访件办理流程尚未登记。")
    return render(
        request,
        "petitions/lifecycle.html",
        {"lifecycle": _lifecycle(), "pet_desk": rules.can_register(request.user)},
    )


urlpatterns: list = [
    path("", case_list, name="list"),
    path("lifecycle/", lifecycle_page, name="lifecycle"),
    path("<int:pk>/", case_detail, name="detail"),
    path("<int:pk>/files/<int:attachment_id>/", attachment, name="attachment"),
]
