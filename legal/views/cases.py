"""The case register [13]: the list with filters (kind, state, deadline soon/overdue, department, year) and search,
its Excel export, the new-case form, a case's page with its actions and history, its printable 案件登记表 and its
papers. Cases come through ``selectors.cases_visible_to`` / ``get_case_for`` (a 404 for "not yours"); the private
party through ``selectors.party_of`` (masked for everyone but 法制科)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.audit import record_access
from core.idempotency import idempotent
from core.pagination import page_number
from core.pdf import pdf_response

from .. import exports, lifecycle, pdf, rules, selectors, services
from ..forms import (
    AttachForm,
    CaseFilterForm,
    CaseForm,
    CloseForm,
    CommentForm,
    HearingForm,
    MaterialsForm,
    ReplyForm,
    WithdrawForm,
)
from ..models import LIVE_STATES, OPEN_STATES, CaseAttachment, CaseState, Outcome
from .common import PAGE_SIZE, CappedPaginator, allowed, cases_allowed, file_response, nav


def soon_days() -> int:
    return max(1, int(getattr(settings, "LEGAL_CASE_WARN_DAYS", 3)))


def filtered_cases(user, form, today):
    qs = selectors.cases_visible_to(user)
    d = form.cleaned_data if form.is_bound else {}
    state = d.get("state", "")
    if not state:
        qs = qs.filter(state__in=LIVE_STATES)
    elif state != "all":
        qs = qs.filter(state=state)
    if d.get("kind"):
        qs = qs.filter(kind=d["kind"])
    if d.get("unit"):
        qs = qs.filter(unit=d["unit"])
    if d.get("year"):
        qs = qs.filter(received_on__year=d["year"])
    if d.get("due") == "soon":
        qs = selectors.due_soon(qs, today, soon_days())
    elif d.get("due") == "overdue":
        qs = selectors.overdue(qs, today)
    q = (d.get("q") or "").strip()
    if q:
        match = Q(number__icontains=q) | Q(act__icontains=q)
        if rules.sees_personal_data(user):  # nobody finds a person by a name they may not read
            match |= Q(party_name__icontains=q)
        qs = qs.filter(match)
    rows = selectors.case_rows(qs)
    if d.get("due"):
        return rows.order_by("reply_due_on", "id")
    return rows.order_by("-received_on", "-id")


def _decorate(rows, user, today) -> None:
    for case in rows:
        case.party = selectors.party_of(case, user)
        case.late_days = (today - case.reply_due_on).days if case.is_overdue(today) else 0
        case.days_left = (case.reply_due_on - today).days if case.state in OPEN_STATES else None


def home(request):
    """案件登记簿 [13]; someone who sees no case lands on the public list of licensing items."""
    user = request.user
    allowed(user)
    if not rules.sees_cases(user):
        return redirect("legal:items")
    contact = rules.contact_unit_id(user) is not None
    form = CaseFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    today = timezone.localdate()
    paginator = CappedPaginator(filtered_cases(user, form, today), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    _decorate(page.object_list, user, today)
    visible = selectors.cases_visible_to(user)
    counts = {
        "soon": selectors.due_soon(visible, today, soon_days()).count(),
        "overdue": selectors.overdue(visible, today).count(),
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "legal/home.html",
        {
            **nav(user),
            "title": "本部门行政复议应诉案件" if contact else "行政复议应诉案件登记簿",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(query),
            "counts": counts,
            "soon_days": soon_days(),
            "masked": not rules.sees_personal_data(user),
            "can_register": rules.can_register(user),
            "today": today,
        },
    )


def cases_xlsx(request):
    """案件登记簿 (Excel): the list's filters and rows, personal data masked for everyone but 法制科 [13]."""
    user = request.user
    allowed(user)
    cases_allowed(user)
    form = CaseFilterForm(request.GET or None, contact=rules.contact_unit_id(user) is not None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    today = timezone.localdate()
    rows = list(filtered_cases(user, form, today)[: exports.MAX_ROWS])
    _decorate(rows, user, today)
    content = exports.cases_xlsx(rows, today=today, masked=not rules.sees_personal_data(user))
    return exports.download(content, "行政复议应诉案件登记簿.xlsx")


@idempotent  # a double click registers once
def case_new(request):
    """登记案件 [13]: 法制科."""
    user = request.user
    allowed(user)
    if not rules.can_register(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有法制科人员可以登记行政复议、行政应诉案件 [13]。")
    form = CaseForm(request.POST or None, request.FILES or None, initial={"handler": user.pk})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            case = apply_to_form(
                form,
                lambda: services.case_register(
                    actor=user, data=form.data_for_service(), uploads=form.cleaned_data.get("files") or ()
                ),
            )
            if case is not None:
                messages.success(request, f"案件已登记，{case.reply_word}期限为{case.reply_due_on:%Y年%m月%d日} [13]。")
                return redirect("legal:case", pk=case.pk)
        status = 400
    return render(request, "legal/case_form.html", {**nav(user), "title": "登记案件", "form": form}, status=status)


def offered(case, user) -> dict:
    handler = rules.can_handle(case, user)
    state = case.state
    return {
        "start": handler and state == CaseState.RECEIVED,
        "materials": handler and state in OPEN_STATES,
        "reply": handler and state in OPEN_STATES,
        "hearing": handler and state in (CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED),
        "hear": handler and state == CaseState.REPLIED,
        "close": handler and state in (CaseState.REPLIED, CaseState.HEARD),
        "withdraw": handler and state in LIVE_STATES,
        "attach": handler,
    }


def case_detail(request, pk: int):
    user = request.user
    allowed(user)
    case = selectors.get_case_for(user, pk)
    today = timezone.localdate()
    party = selectors.party_of(case, user)
    if not party.masked and (case.party_id_number or case.party_phone):
        record_access(user, case, "personal_data")
    late = case.is_overdue(today)
    return render(
        request,
        "legal/case_detail.html",
        {
            **nav(user),
            "title": services.CASE_FLOW.name(case),
            "case": case,
            "party": party,
            "today": today,
            "late": late,
            "late_days": (today - case.reply_due_on).days if late else 0,
            "days_left": (case.reply_due_on - today).days if case.state in OPEN_STATES else None,
            "attachments": list(case.attachments.select_related("uploaded_by__profile")),
            "log": list(case.log.select_related("actor__profile").order_by("at", "id")),
            "steps": lifecycle.steps_for(case),
            "can": offered(case, user),
            "outcomes": Outcome.choices,
            "kinds": CaseAttachment.Kind.choices,
        },
    )


def _form_or_400(form):
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


@workflow_action
def case_act(request, pk: int, action: str):
    """The handler's steps on a case [13]; refusals are Chinese 4xx pages (409 for a stale page)."""
    user = request.user
    allowed(user)
    case = selectors.get_case_for(user, pk)
    version = seen_version(request)
    common = {"actor": user, "pk": case.pk, "seen_version": version}
    if action == "start":
        d = _form_or_400(CommentForm(request.POST))
        services.case_start(**common, comment=d["comment"])
        messages.success(request, "已开始办理，请督促部门报送答复材料和证据 [13]。")
    elif action == "hearing":
        d = _form_or_400(HearingForm(request.POST))
        services.case_set_hearing(**common, hearing_on=d["hearing_on"])
        messages.success(request, "开庭/听证日期已登记，将提前一个工作日提醒承办人 [13]。")
    elif action == "materials":
        d = _form_or_400(MaterialsForm(request.POST, request.FILES))
        services.case_materials(**common, received_on=d["received_on"], note=d["note"], uploads=d["files"])
        messages.success(request, "已登记部门材料 [13]。")
    elif action == "reply":
        d = _form_or_400(ReplyForm(request.POST, request.FILES))
        done = services.case_reply(**common, replied_on=d["replied_on"], comment=d["comment"], uploads=d["files"])
        messages.success(request, f"已登记提交{done.reply_word} [13]。")
    elif action == "hear":
        d = _form_or_400(CommentForm(request.POST))
        services.case_hear(**common, comment=d["comment"])
        messages.success(request, "已记录审理 [13]。")
    elif action == "close":
        d = _form_or_400(CloseForm(request.POST))
        services.case_close(
            **common,
            outcome=d["outcome"],
            outcome_note=d["outcome_note"],
            closed_on=d["closed_on"],
            appeal=d["appeal"],
        )
        messages.success(request, "案件已结案 [13]。")
    elif action == "withdraw":
        d = _form_or_400(WithdrawForm(request.POST))
        services.case_withdraw(**common, reason=d["reason"])
        messages.success(request, "已登记撤回 [13]。")
    elif action == "attach":
        d = _form_or_400(AttachForm(request.POST, request.FILES))
        services.case_attach(**common, kind=d["kind"], uploads=d["files"])
        messages.success(request, "材料已上传 [13]。")
    else:
        raise Http404("没有这个操作。")
    return redirect("legal:case", pk=case.pk)


def case_pdf(request, pk: int):
    """案件登记表 (PDF), personal data as this person may read it [13]."""
    user = request.user
    allowed(user)
    case = selectors.get_case_for(user, pk)
    content = pdf.case_sheet_pdf(
        case,
        party=selectors.party_of(case, user),
        log=list(case.log.select_related("actor__profile").order_by("at", "id")),
        attachments=list(case.attachments.all()),
    )
    return pdf_response(content, f"案件登记表-{case.number}.pdf")


def attachment(request, pk: int, attachment_id: int):
    """Case papers, only through the case's visibility [13]."""
    case = selectors.get_case_for(request.user, pk)
    found = CaseAttachment.objects.filter(case=case, pk=attachment_id).first()
    if found is None:
        raise Http404("该附件不存在。")
    return file_response(found)


def lifecycle_page(request):
    allowed(request.user)
    return render(
        request, "legal/lifecycle.html", {**nav(request.user), "title": "办理流程", "lifecycle": lifecycle.LIFECYCLE}
    )


urlpatterns: list = [
    path("", home, name="home"),
    path("cases.xlsx", cases_xlsx, name="cases_xlsx"),
    path("cases/new/", case_new, name="case_new"),
    path("cases/<int:pk>/", case_detail, name="case"),
    path("cases/<int:pk>/act/<slug:action>/", case_act, name="case_act"),
    path("cases/<int:pk>/sheet.pdf", case_pdf, name="case_pdf"),
    path("cases/<int:pk>/files/<int:attachment_id>/", attachment, name="case_attachment"),
    path("lifecycle/", lifecycle_page, name="lifecycle"),
]
