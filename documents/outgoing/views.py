"""Pages of 发文 [30]. Views stay thin: they read forms, call one service, and show what selectors allow.

Bad input → the page again with a Chinese message and 400; someone acted first → 409 with what happened;
a step this person may not take → 403 with the reason (``core.workflow.ActionRefused``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import audit
from core.actions import log_refusal
from core.idempotency import idempotent
from core.pagination import BadPageRequest, keyset_page, number_page
from core.pdf import PdfFontMissing, pdf_response, render_pdf
from core.workflow import StaleAction
from documents.text import funding_summary
from documents.types import SecretLevel
from meetings.drafts import outgoing_initial

from . import diffs, exports, printing, rules, selectors, services, wording
from .choices import Origin, Phase, State, StepStatus
from .forms import (
    DistributeForm,
    DraftForm,
    FundsForm,
    GatesForm,
    NoteForm,
    PrintForm,
    ReasonForm,
    RecheckForm,
    RemoveFileForm,
    SendBackForm,
    TextForm,
    UnitSignatureForm,
    UploadForm,
)
from .models import OutgoingDocument, Recipient, Revision, Series
from .roles import EXPORT

PAGE_SIZE = 30
REGISTER_PAGE_SIZE = 50
NEW_DRAFT = {"authority": "government", "doc_type": "notice", "importance": "ordinary", "origin": "line_staff"}
TABS = {"mine": "待我办理", "drafts": "我拟的稿", "unread": "待阅文件", "all": "全部发文"}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- lists ---------------------------------------------------------------------------------------------------


def document_list(request):
    """发文 lists: what waits for me, my drafts, documents to read, and everything I may see (searchable)."""
    user = request.user
    tab = request.GET.get("tab") or "mine"
    if tab not in TABS:
        tab = "mine"
    # 全部发文 shows one year at a time (this year unless another is chosen; 0 = every year).
    year = _int(request.GET.get("year"))
    f = selectors.ListFilter(
        state=request.GET.get("state", "") if request.GET.get("state", "") in State.values else "",
        year=timezone.localdate().year if year is None else year,
        series=_int(request.GET.get("series")),
        q=request.GET.get("q", "").strip()[:100],
    )
    parts = selectors.list_parts(user, tab, f)
    # In the page's order only for everything of a year (issue 13): a tab or filter has an index of its own.
    plain = tab == "all" and f.year_only
    counts = selectors.list_counts(parts, ordered=plain)
    try:
        # Newer / older by (拟稿时间, id) and a jump to a date: every document reachable however deep, each half
        # of the visibility rule read through its own index; a half with few matches is sorted, not walked
        # (issue 13) [31], [32].
        page = keyset_page(
            [selectors.list_rows(part) for part in parts],
            request,
            field="created_at",
            size=PAGE_SIZE,
            # The unclassified half of everything of a year is walked in its index's order however few it holds.
            few=[n <= selectors.COUNT_CAP and not (plain and i == 0) for i, n in enumerate(counts)],
        )
    except BadPageRequest as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    query = request.GET.copy()
    for key in ("page", "before", "after", "date"):
        query.pop(key, None)
    return render(
        request,
        "outgoing/list.html",
        {
            "page": page,
            "tab": tab,
            "tabs": TABS,
            "filter": f,
            "states": State.choices,
            "series_list": Series.objects.all(),
            "years": range(timezone.localdate().year, timezone.localdate().year - 11, -1),
            "query": query.urlencode(),
            "query_items": [(key, value) for key, values in query.lists() for value in values],
            "count": min(sum(counts), selectors.COUNT_CAP),
            "count_more": sum(counts) > selectors.COUNT_CAP,
            "can_draft": rules.can_draft(user),
        },
    )


def register(request):
    """发文登记簿 [30(5)]: the numbered documents of a year, in number order per series."""
    year = _int(request.GET.get("year")) or timezone.localdate().year
    series_id = _int(request.GET.get("series"))
    rows = selectors.register_rows(request.user, year=year, series_id=series_id)
    try:
        # Forward and back in number order by (series, number): each page an index range read (issue 13).
        page = number_page(rows, request, keys=("series_id", "serial"), size=REGISTER_PAGE_SIZE)
    except BadPageRequest as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    return render(
        request,
        "outgoing/register.html",
        {
            "page": page,
            "year": year,
            "series_id": series_id,
            "series_list": Series.objects.all(),
            "can_export": request.user.has_perm(EXPORT),
            "query": f"year={year}" + (f"&series={series_id}" if series_id else ""),
        },
    )


def register_export(request, fmt: str):
    """发文登记簿 as Excel or PDF, with exactly the rows this person may see [31], [32]."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404("没有这种导出格式。")
    if not request.user.has_perm(EXPORT):
        raise PermissionDenied("只有收发秘书、打字员和办公室领导可以导出发文登记簿。")
    year = _int(request.GET.get("year")) or timezone.localdate().year
    series_id = _int(request.GET.get("series"))
    rows = exports.register_batches(selectors.register_rows(request.user, year=year, series_id=series_id))
    if fmt == "xlsx":
        response = HttpResponse(exports.register_xlsx(rows, year), content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = exports.disposition(f"发文登记簿{year}.xlsx")
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        pdf = render_pdf("outgoing/pdf/register.html", {**printing.fonts(), **exports.register_context(rows, year)})
    except PdfFontMissing as exc:
        return render(request, "outgoing/stale.html", {"message": str(exc), "title": "无法生成 PDF"}, status=503)
    return pdf_response(pdf, f"发文登记簿{year}.pdf", inline=False)


# --- drafting ------------------------------------------------------------------------------------------------


@idempotent
def create(request):
    """拟稿 [30(1)]."""
    if not rules.can_draft(request.user):
        raise PermissionDenied("只有归口人员可以拟稿 [30(1)]。")
    form = DraftForm(
        request.POST or None,
        user=request.user,
        initial={
            "authority": "government",
            "doc_type": "notice",
            "importance": "ordinary",
            "origin": "line_staff",
            # A county meeting's notice or minutes, filled in from the meetings chapter [6], [30(1)].
            **outgoing_initial(request.user, request.GET),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                doc = services.outgoing_create_draft(actor=request.user, data=form.to_data())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "文稿已保存。核对无误后可上传附件、送审。")
                return redirect("outgoing:detail", pk=doc.pk)
        status = 400
    return render(request, "outgoing/form.html", {"form": form, "doc": None}, status=status)


def edit(request, pk):
    doc = selectors.get_outgoing_for(request.user, pk)
    if doc.state != State.DRAFTING or not rules.is_drafter(doc, request.user):
        raise PermissionDenied("只有拟稿人可以修改拟稿中的文稿 [30(1)]。")
    form = DraftForm(request.POST or None, user=request.user, initial=DraftForm.initial_for(doc))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.outgoing_update_draft(
                    actor=request.user,
                    pk=doc.pk,
                    seen_version=_int(request.POST.get("version")),
                    data=form.to_data(),
                    note=request.POST.get("note", "")[:300],
                )
            except StaleAction as exc:
                return _stale(request, doc, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "文稿已修改。")
                return redirect("outgoing:detail", pk=doc.pk)
        status = 400
    return render(request, "outgoing/form.html", {"form": form, "doc": doc}, status=status)


def edit_text(request, pk):
    """核稿、复核时修改文字 [30(2)], [30(4)]: every change becomes a version with its author."""
    doc = selectors.get_outgoing_for(request.user, pk)
    if not rules.can_edit_text(doc, request.user):
        raise PermissionDenied("现在不是您修改该文稿的环节；签发人如需修改，请退回修改 [30(2)]。")
    form = TextForm(request.POST or None, initial={"title": doc.title, "body": doc.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.outgoing_edit_text(
                    actor=request.user,
                    pk=doc.pk,
                    seen_version=_int(request.POST.get("version")),
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    note=form.cleaned_data["note"],
                )
            except StaleAction as exc:
                return _stale(request, doc, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "修改已保存，并留存为新的版本。")
                return redirect("outgoing:detail", pk=doc.pk)
        status = 400
    return render(request, "outgoing/text_form.html", {"form": form, "doc": doc}, status=status)


# --- one document ----------------------------------------------------------------------------------------------


def _route_view(doc: OutgoingDocument, steps: list, plan, phase: str) -> dict:
    """One phase of the route for the page: the steps written for this round, or — before the phase starts —
    the steps the rules want now, marked as expected."""
    written = [s for s in steps if s.phase == phase]
    return {"steps": written, "planned": [] if written else list(plan.steps), "plan": plan}


def detail_context(request, doc: OutgoingDocument, **extra) -> dict:
    user = request.user
    selectors.prime(doc)
    review_plan, sign_plan = services.plans_for(doc)
    steps = selectors.route_of(doc)
    all_transitions = {t.name for t in doc.get_available_user_state_transitions(user)}
    transitions = all_transitions - {"file_away"}  # filing is the archive chapter's page [33]
    my_step = next(
        (s for s in steps if s.assignee_id == user.pk and s.status == StepStatus.CURRENT),
        None,
    )
    recipient = Recipient.objects.filter(document=doc, user=user).first()
    revisions = selectors.revisions_of(doc)
    context = {
        "doc": doc,
        "review": _route_view(doc, steps, review_plan, Phase.REVIEW),
        "signing": _route_view(doc, steps, sign_plan, Phase.SIGN),
        "still_to_sign": [s for s in steps if s.phase == Phase.SIGN and s.is_open],
        "transitions": transitions,
        "can_file": "file_away" in all_transitions,
        "my_step": my_step,
        "can_edit": doc.state == State.DRAFTING and rules.is_drafter(doc, user),
        "can_edit_text": rules.can_edit_text(doc, user),
        "can_handle_files": rules.can_handle_files(doc, user),
        "needs_unit_signature": doc.origin == Origin.DEPARTMENT and doc.state == State.DRAFTING,
        "unit_signature_missing": not rules.unit_signature_present(doc),
        "warnings": wording.rank_warnings(doc.check_text) if not doc.is_closed else [],
        "missing_signatures": services.missing_signatures(doc) if "recheck" in transitions else [],
        "recipient": recipient,
        "attachments": selectors.attachments_of(doc, include_removed=True),
        "paragraphs": printing.paragraphs(doc.body_text),
        "revisions": revisions,
        "history": selectors.history_of(doc),
        "recipients": selectors.recipients_of(doc) if doc.distributed_at else [],
        "gates_form": GatesForm(),
        "funds_form": FundsForm(),
        "funding_words": funding_summary(doc.funding_words),
        "can_answer_funds": _can_answer_funds(doc, user, my_step),
        "send_back_form": SendBackForm(),
        "unit_form": UnitSignatureForm(),
        "recheck_form": RecheckForm(),
        "print_form": PrintForm(initial={"copies": doc.copies or 50}),
        "distribute_form": DistributeForm(doc=doc) if "distribute" in transitions else None,
        "upload_form": UploadForm(),
        "reason_form": ReasonForm(),
        "errors": [],
        "SecretLevel": SecretLevel,
    }
    context.update(extra)
    return context


def _can_answer_funds(doc: OutgoingDocument, user, my_step) -> bool:
    """涉及资金 [30(3)1]: the drafter while drafting; a reviewer or signer at their step, while it is unticked."""
    if doc.state == State.DRAFTING:
        return rules.is_drafter(doc, user)
    return my_step is not None and not doc.touches_funds


def detail(request, pk):
    if selectors.needs_pledge_for(request.user, pk):
        # Cleared and on the document, but not yet pledged this year: pledge first, then open it [32].
        return redirect(f"{reverse('org:confidentiality')}?next={request.path}")
    doc = selectors.get_outgoing_for(request.user, pk)
    audit.record_open(request.user, doc, audit.What.DETAIL)  # classified only [32]
    return render(request, "outgoing/detail.html", detail_context(request, doc))


def _stale(request, doc, exc: StaleAction):
    log_refusal(409, request=request, error=exc)
    return render(
        request,
        "outgoing/stale.html",
        {"doc": doc, "message": exc.message, "title": "文稿已被他人处理"},
        status=409,
    )


def _run(request, doc: OutgoingDocument, call, done: str, kept: dict | None = None):
    """Call one service; answer 409 when someone acted first, 400 with the reason when input is wrong —
    the page again with what the person ticked and typed (``kept``: the bound form under its context name)."""
    try:
        call()
    except StaleAction as exc:
        return _stale(request, doc, exc)
    except ValidationError as exc:
        log_refusal(400, request=request, error=exc)
        doc = selectors.get_outgoing_for(request.user, doc.pk)
        context = detail_context(request, doc, errors=exc.messages, **(kept or {}))
        return render(request, "outgoing/detail.html", context, status=400)
    messages.success(request, done)
    return redirect("outgoing:detail", pk=doc.pk)


def _invalid(request, doc, form, kept: dict | None = None):
    errors = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(errs)}".lstrip("：")
        for name, errs in form.errors.items()
    ]
    context = detail_context(request, doc, errors=errors, **(kept or {}))
    return render(request, "outgoing/detail.html", context, status=400)


@dataclass(frozen=True)
class Action:
    """One button of the document page: the service it calls, the form that reads its input (whose field
    names are the service's keyword arguments), and what the person is told when it is done."""

    service: Callable
    done: str
    form: type[forms.Form] | None = None
    versioned: bool = True  # the service compares the version the page was loaded with (409 if stale)
    # The page's name for this form: a refused step shows it again as it was filled in — the gates ticked,
    # the opinion typed — rather than empty [30(2)].
    context_name: str = ""


ACTIONS = {
    "submit": Action(services.outgoing_submit, "已送审。"),
    "review": Action(services.outgoing_review, "审核意见已签署。", GatesForm, context_name="gates_form"),
    "sign": Action(services.outgoing_sign, "已签署。", GatesForm, context_name="gates_form"),
    "send-back": Action(services.outgoing_send_back, "已退回拟稿人修改。", SendBackForm, context_name="send_back_form"),
    "unit-signature": Action(
        services.outgoing_record_unit_signature, "拟文单位领导签批已登记。", UnitSignatureForm, context_name="unit_form"
    ),
    "funds": Action(
        services.outgoing_answer_funds,
        "已记录是否涉及资金，签发路径已按规定重新确定。",
        FundsForm,
        context_name="funds_form",
    ),
    "recheck": Action(
        services.outgoing_recheck, "复核完毕，已交打字室编号。", RecheckForm, context_name="recheck_form"
    ),
    "number": Action(services.outgoing_number, "已编号登记。"),
    "proof": Action(services.outgoing_sign_proof, "已在清样上签字。", NoteForm),
    "print": Action(services.outgoing_print, "缮印已登记。", PrintForm, context_name="print_form"),
    "seal": Action(services.outgoing_seal, "已用印。"),
    "distribute": Action(services.outgoing_distribute, "已分发。", DistributeForm),
    "abandon": Action(services.outgoing_abandon, "文稿已撤回。", ReasonForm),
    "read": Action(services.outgoing_mark_read, "已标为已阅。", versioned=False),
    "upload": Action(services.outgoing_add_file, "文件已上传。", UploadForm, versioned=False),
    "remove-file": Action(services.outgoing_remove_file, "文件已移除（原文件留档）。", RemoveFileForm, versioned=False),
}


@idempotent  # the upload form carries a token: a double upload stores one file
@require_POST
def act(request, pk, action: str):
    """Every button on the document page posts here: read the form, call the one service, answer."""
    doc = selectors.get_outgoing_for(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个操作。")
    data, kept = {}, {}
    if spec.form is not None:
        form = spec.form(request.POST, request.FILES)
        kept = {spec.context_name: form} if spec.context_name else {}
        if not form.is_valid():
            return _invalid(request, doc, form, kept)
        data = form.cleaned_data
    if spec.versioned:
        data = {**data, "seen_version": _int(request.POST.get("version"))}
    return _run(request, doc, lambda: spec.service(actor=request.user, pk=doc.pk, **data), spec.done, kept)


# --- files, versions, PDFs --------------------------------------------------------------------------------------


def attachment(request, pk, attachment_pk):
    """A file of the draft, only through the document's visibility [31], [32]."""
    item = selectors.get_attachment_for(request.user, pk, attachment_pk)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    audit.record_open(request.user, item.document, audit.What.ATTACHMENT)
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type or None)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def compare(request, pk):
    """Compare two versions of the text [30(2)]."""
    doc = selectors.get_outgoing_for(request.user, pk)
    numbers = list(doc.revisions.order_by("number").values_list("number", flat=True))
    if not numbers:
        raise Http404("该文稿没有版本记录。")
    old_n = _int(request.GET.get("a")) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    new_n = _int(request.GET.get("b")) or numbers[-1]
    versions = {
        r.number: r
        for r in Revision.objects.filter(document=doc, number__in=[old_n, new_n]).select_related("author__profile")
    }
    if old_n not in versions or new_n not in versions:
        return render(
            request, "outgoing/stale.html", {"doc": doc, "message": "没有这个版本。", "title": "版本不存在"}, status=400
        )
    old, new = versions[old_n], versions[new_n]
    return render(
        request,
        "outgoing/compare.html",
        {
            "doc": doc,
            "old": old,
            "new": new,
            "numbers": numbers,
            "title_lines": diffs.compare(old.title, new.title),
            "lines": diffs.compare(old.body, new.body),
        },
    )


def _pdf(request, template: str, context: dict, filename: str):
    try:
        return pdf_response(render_pdf(template, context), filename)
    except PdfFontMissing as exc:
        return render(request, "outgoing/stale.html", {"message": str(exc), "title": "无法生成 PDF"}, status=503)


def sheet_pdf(request, pk):
    """公文处理单 [30(1)]: drafter, reviewers and their gates, signers, dates."""
    doc = selectors.get_outgoing_for(request.user, pk)
    response = _pdf(request, "outgoing/pdf/sheet.html", printing.sheet_context(doc), f"公文处理单-{doc.pk}.pdf")
    audit.record_open(request.user, doc, audit.What.PDF, response=response)
    return response


def document_pdf(request, pk):
    """The document in the national layout (GB/T 9704-2012) [30(6)2]; before numbering, a 样稿."""
    doc = selectors.get_outgoing_for(request.user, pk)
    name = doc.doc_number or f"样稿-{doc.pk}"
    try:
        response = pdf_response(printing.render_document(doc), f"{name}.pdf")
    except PdfFontMissing as exc:
        response = render(request, "outgoing/stale.html", {"message": str(exc), "title": "无法生成 PDF"}, status=503)
    audit.record_open(request.user, doc, audit.What.PDF, response=response)
    return response


def lifecycle_page(request):
    """发文办理流程, generated from the state machine [30]."""
    from .lifecycle import LIFECYCLE

    return render(request, "core/lifecycle.html", {"lifecycle": LIFECYCLE})
