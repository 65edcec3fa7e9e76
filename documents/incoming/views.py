"""Pages for incoming documents. Thin: read through selectors, act through services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core import audit
from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import BadPageRequest, KeysetPage, keyset_page
from core.pdf import PdfFontMissing, pdf_response
from core.workflow import StaleAction
from org.models import Unit
from org.selectors import display_name, secretarial_deputy
from org.services import unit_create

from . import exports, lifecycle, rules, selectors, services
from .forms import (
    AttachmentForm,
    DistributeForm,
    HandOutForm,
    ReaderFormSet,
    RegisterBookForm,
    RegistrationForm,
    ReturnProposalForm,
)
from .models import Attachment, Category, Intake, Reader, ReturnProposal, State, Urgency

PAGE_SIZE = 50
SIGN_PHRASES = ["已阅", "同意", "请按规定办理", "请办公室阅处", "请归口科室研究提出意见", "拟同意，请县长审定"]


def _phrases(doc) -> list[str]:
    """Leaders' common phrases, one tap away; 请XX同志阅处 names the document's handler when there is one."""
    phrases = list(SIGN_PHRASES)
    if doc.lead_handler_id:
        phrases.insert(2, f"请{display_name(doc.lead_handler)}同志阅处")
    return phrases


def _named(doc) -> str:
    """How a message names the document (issue 14: "已签阅。" said not which): 《title》, or for a classified one
    its number and level — a classified title is not put in the message cookie [32](九)."""
    return f"《{doc.title}》" if doc.secret_level == 0 else services.FLOW.name(doc)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def registry(request):
    """收文登记簿 on screen: the clerk's registry with filters; others see what the selector allows."""
    year_now = timezone.localtime().year
    year = _int(request.GET.get("year", year_now))
    f = selectors.RegistryFilter(
        year=year if year and 2000 <= year <= 2100 else None,
        state=request.GET.get("state", "") if request.GET.get("state", "") in State.values else "",
        source_unit=_int(request.GET.get("unit")),
        category=request.GET.get("category", "") if request.GET.get("category") in {*Category.values, "secret"} else "",
        urgency=request.GET.get("urgency", "") if request.GET.get("urgency") in {*Urgency.values, "any"} else "",
        overdue=request.GET.get("overdue") == "1",
        q=request.GET.get("q", ""),
    )
    parts = selectors.registry_parts(request.user, f)
    # A search is counted to a thousand: past that the clerk narrows it, and a common two-character word's
    # count stops early (issue 13).
    cap = selectors.SEARCH_COUNT_CAP if f.q else selectors.COUNT_CAP
    counts = selectors.registry_counts(parts, cap, ordered=f.year_only)
    count, count_more = min(sum(counts), cap), sum(counts) > cap
    try:
        # Newer / older by (收文时间, id) and a jump to a date: every document reachable, however deep; a part
        # with few matches is sorted, not walked (issue 13).
        page = keyset_page(
            [selectors.list_rows(part) for part in parts],
            request,
            field="received_at",
            size=PAGE_SIZE,
            # The unclassified half of a list narrowed by the year alone is walked in its own index's order
            # however few it holds (at 100k: 51 rows read, not a year's 8,700 sorted).
            few=[n <= cap and not (f.year_only and i == 0) for i, n in enumerate(counts)],
        )
    except BadPageRequest as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    query = request.GET.copy()
    for key in ("page", "before", "after", "date"):
        query.pop(key, None)
    return render(
        request,
        "incoming/list.html",
        {
            "page": page,
            "f": f,
            "title": "收文登记簿",
            "mode": "registry",
            "years": range(year_now, year_now - 6, -1),
            "states": State.choices,
            "units": Unit.objects.filter(is_active=True).only("id", "name"),
            "query": query.urlencode(),
            "query_items": [(key, value) for key, values in query.lists() for value in values],
            "count": count,
            "count_more": count_more,
            "can_register": rules.is_clerk(request.user),
        },
    )


def waiting(request):
    """等我办理: what this person holds now — a leader's “waiting for my instruction”."""
    qs = selectors.with_reading_due(selectors.list_rows(selectors.waiting_for(request.user)), request.user)
    return _keyset_list(request, qs, title="等我办理的收文", mode="waiting")


def mine(request):
    qs = selectors.list_rows(selectors.mine(request.user))
    return _keyset_list(request, qs, title="我经手的收文", mode="mine")


def _keyset_list(request, qs, *, title: str, mode: str):
    """A person's list paged like the registry: newer / older by (收文时间, id) with a jump to a date, counted to
    the registry's cap — no OFFSET, no page cap, no full count of a clerk's million documents (issue 13). Their
    own filter (held by me, I am on it) already narrows the set, so the visibility rule is applied whole."""
    (count,) = selectors.registry_counts([qs], ordered=False)  # the holder's or the grants' index decides
    try:
        # An empty list is not read twice: the count said so (a clerk on 50,000 classified documents and cleared
        # for none reads the grants once, not once more for an empty page).
        page = (
            keyset_page([qs], request, field="received_at", size=PAGE_SIZE, few=[count <= selectors.COUNT_CAP])
            if count
            else KeysetPage([])
        )
    except BadPageRequest as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    query = request.GET.copy()
    for key in ("page", "before", "after", "date"):
        query.pop(key, None)
    return render(
        request,
        "incoming/list.html",
        {
            "page": page,
            "title": title,
            "mode": mode,
            "query": query.urlencode(),
            "query_items": [(key, value) for key, values in query.lists() for value in values],
            "count": min(count, selectors.COUNT_CAP),
            "count_more": count > selectors.COUNT_CAP,
        },
    )


def detail(request, pk):
    if selectors.needs_pledge_for(request.user, pk):
        # Cleared and on the document, but not yet pledged this year: pledge first, then open it [32].
        return redirect(f"{reverse('org:confidentiality')}?next={request.path}")
    # The names the page signs opinions with come in the document's own query (issue 13: no query per name).
    visible = selectors.incoming_visible_to(request.user).select_related(
        "opinion_by__profile", "opinion_entered_by__profile"
    )
    doc = selectors.get_incoming_for(request.user, pk, queryset=visible)
    audit.record_open(request.user, doc, audit.What.DETAIL)  # classified only [32]
    readers = selectors.readers_of(doc)
    current = next((r for r in readers if r.status == Reader.Status.CURRENT), None)
    doc._current_reader_id = current.reader_id if current else None
    user = request.user
    returns = list(doc.return_proposals.select_related("proposed_by__profile", "decided_by__profile"))
    pending_return = next((r for r in returns if r.decision == ReturnProposal.Decision.PENDING), None)
    can = {
        "distribute": doc.state == State.REGISTERED and rules.can_distribute(doc, user),
        "sign": doc.state == State.CIRCULATING and current is not None and current.reader_id == user.pk,
        "pass_over": doc.state == State.CIRCULATING and rules.is_clerk(user),
        "transfer": doc.state == State.HANDLING and rules.can_transfer(doc, user),
        "chase": doc.state in (State.CIRCULATING, State.HANDLING) and rules.can_chase(doc, user),
        "complete": doc.state == State.HANDLING and rules.can_complete(doc, user),
        "receive": doc.state == State.DONE and rules.can_receive_original(doc, user),
        "register_late": doc.state == State.HANDED_OUT and rules.can_register(doc, user),
        "propose_return": doc.is_lower_unit_document
        and doc.state in (State.REGISTERED, State.CIRCULATING, State.HANDLING)
        and rules.can_propose_return(doc, user)
        and pending_return is None,
        "decide_return": pending_return is not None and rules.can_decide_return(doc, user),
        "attach": doc.state != State.FILED and (rules.is_clerk(user) or user.pk == doc.lead_handler_id),
        "file": doc.state == State.RETURNED and rules.can_file(doc, user),
        "mark_funding": doc.intake == Intake.REQUEST
        and not doc.is_funding_request
        and doc.state in (State.REGISTERED, State.CIRCULATING)
        and rules.can_mark_funding(doc, user),
    }
    return render(
        request,
        "incoming/detail.html",
        {
            "doc": doc,
            "readers": readers,
            "current": current,
            "log": doc.log.select_related("actor__profile").order_by("at", "id"),
            "chases": doc.chases.select_related("by__profile"),
            "attachments": doc.attachments.all(),
            "returns": returns,
            "pending_return": pending_return,
            "can": can,
            "phrases": _phrases(doc),
            "return_form": ReturnProposalForm(),
            "attachment_form": AttachmentForm(),
            "transfer_units": Unit.objects.filter(kind__in=["township", "department", "county_unit"], is_active=True),
            "lifecycle": lifecycle.steps_for(doc),
        },
    )


@transaction.atomic
def _register(actor, data: dict):
    """签收登记 from the form's data, with the scanned original if one came along: both or neither [26(1)]."""
    # A sender not yet in the list is added on the way, in the same transaction [26(1)].
    unit = data["source_unit"] or unit_create(
        actor=actor, name=data["new_unit_name"], short_name=data["new_unit_short_name"], kind=data["new_unit_kind"]
    )
    doc = services.incoming_register(
        actor=actor,
        data=services.Registration(
            source_unit=unit,
            title=data["title"],
            doc_type=data["doc_type"],
            sender_number=data["sender_number"],
            intake=data["intake"],
            copies=data["copies"],
            pages=data["pages"],
            secret_level=data["secret_level"],
            secrecy_period=data["secrecy_period"],
            urgency=data["urgency"] or Urgency.NORMAL,
            is_meeting_notice=data["is_meeting_notice"],
            is_funding_request=data["is_funding_request"],
            not_funding_reason=data["not_funding_reason"],
            received_at=data["received_at"],
            signed_before_by=data["signed_before_by"],
            signed_before_opinion=data["signed_before_opinion"],
            sent_directly_to=data["sent_directly_to"],
        ),
    )
    if data.get("original"):
        services.incoming_attach(actor=actor, pk=doc.pk, upload=data["original"], kind="original")
    return doc


@idempotent
def register(request):
    if not rules.is_clerk(request.user):
        return refusal_response(request, status=403, messages=["只有收发秘书可以签收登记收文 [26(1)]。"])
    form = RegistrationForm(request.POST or None, request.FILES or None)
    status = 200
    earlier = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # The same unit's same 来文字号 registered before: say so and link to it; save only when confirmed.
            earlier = selectors.earlier_registration(request.user, data["source_unit"], data["sender_number"])
            if earlier is not None and request.POST.get("confirm_duplicate") == "1":
                earlier = None
            doc = None if earlier else apply_to_form(form, lambda: _register(request.user, data))
            if doc is not None:
                messages.success(request, f"已登记，收文流水号 {doc.serial_label}。")
                return redirect("incoming:detail", pk=doc.pk)
        status = 200 if earlier else 400
    return render(
        request, "incoming/register.html", {"form": form, "title": "签收登记", "earlier": earlier}, status=status
    )


@idempotent
def hand_out(request):
    """一般阅件不登记直接分发 [28(2)1]."""
    if not rules.is_clerk(request.user):
        return refusal_response(request, status=403, messages=["只有收发秘书可以分发收文。"])
    form = HandOutForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            doc = apply_to_form(
                form,
                lambda: services.incoming_hand_out(
                    actor=request.user,
                    data=services.Registration(
                        source_unit=data["source_unit"],
                        title=data["title"],
                        doc_type=data["doc_type"],
                        sender_number=data["sender_number"],
                        intake=Intake.GENERAL,
                    ),
                    recipients=data["recipients"],
                ),
            )
            if doc is not None:
                messages.success(request, "已直接分发（未登记）。")
                return redirect("incoming:detail", pk=doc.pk)
        status = 400
    return render(request, "incoming/register.html", {"form": form, "title": "阅件直接分发（不登记）"}, status=status)


def distribute(request, pk):
    """分办 [26(2)]. The first submission shows the final circulation order, why it differs from the one given,
    and what to know (a reader away today, a 承办人 who is not the 主办 reader) [26(3)], [26(6)2], [26(6)3];
    the distributor confirms that plan, and only that plan, with a second click."""
    doc = selectors.get_incoming_for(request.user, pk)
    if not (doc.state == State.REGISTERED and rules.can_distribute(doc, request.user)):
        return refusal_response(
            request, status=403, messages=["该收文当前不能由您分办 [26(2)]。"], back=f"/incoming/{doc.pk}/"
        )
    on_behalf = _opinion_on_behalf(doc, request.user)
    form = DistributeForm(request.POST or None, initial={"line": doc.line_id}, on_behalf=on_behalf)
    rows = ReaderFormSet(request.POST or None, prefix="r")
    status, plan = 200, None
    if request.method == "POST":
        if form.is_valid() and rows.is_valid():
            data = form.cleaned_data
            specs = [
                services.ReaderSpec(
                    reader=row["reader"], duty=row["duty"], part=row.get("part") or "", send_first=row["send_first"]
                )
                for row in rows.cleaned_data
                if row.get("reader")
            ]
            plan = apply_to_form(
                form,
                lambda: services.distribution_plan(
                    doc,
                    category=data["category"],
                    readers=specs,
                    line=data["line"],
                    lead_handler=data["lead_handler"],
                ),
            )
            if plan is not None and plan.needs_confirmation and request.POST.get("confirm") != plan.token:
                return _distribute_page(request, doc, form, rows, plan, on_behalf)
            if plan is not None:
                try:
                    outcome = apply_to_form(
                        form,
                        lambda: services.incoming_distribute(
                            actor=request.user,
                            pk=doc.pk,
                            seen_version=seen_version(request),
                            category=data["category"],
                            opinion=data["opinion"],
                            readers=specs,
                            line=data["line"],
                            lead_handler=data["lead_handler"],
                            opinion_via=data.get("opinion_via") or "",
                        ),
                    )
                except StaleAction as error:
                    return refusal_response(request, status=409, messages=[error.message], back=f"/incoming/{pk}/")
                if outcome is not None:
                    doc, notes = outcome
                    messages.success(request, f"已分办{_named(doc)}。" + "".join(notes))
                    return redirect("incoming:detail", pk=doc.pk)
                plan = None
        status = 400
    return _distribute_page(request, doc, form, rows, plan, on_behalf, status=status)


def _opinion_on_behalf(doc, user) -> bool:
    """The clerk types in the 分管文秘副主任's opinion (代录) [26(2)]; an ordinary 请示件 needs none [28(1)]."""
    needs_deputy = not (doc.intake == Intake.REQUEST and not doc.is_funding_request)
    return needs_deputy and not rules.is_secretarial_deputy(user)


def _distribute_page(request, doc, form, rows, plan, on_behalf, *, status=200):
    return render(
        request,
        "incoming/distribute.html",
        {
            "doc": doc,
            "form": form,
            "rows": rows,
            "plan": plan,
            "plan_rows": _plan_rows(plan) if plan else [],
            "on_behalf": on_behalf,
            "deputy": _secretarial_deputy_name(),
            "can_record_absence": rules.can_record_absence(request.user),
        },
        status=status,
    )


def _plan_rows(plan) -> list[dict]:
    return [
        {
            "spec": spec,
            "name": display_name(spec.reader),
            "duty": Reader.Duty(spec.duty).label,
            "part": Reader.Part(spec.part).label if spec.part else "",
            "away": plan.away.get(spec.reader.pk),
        }
        for spec in plan.readers
    ]


def _secretarial_deputy_name() -> str:
    deputy = secretarial_deputy()
    return display_name(deputy) if deputy else "分管文秘副主任"


@workflow_action
def sign(request, pk):
    doc = selectors.get_incoming_for(request.user, pk)
    comment = request.POST.get("comment", "").strip() or request.POST.get("phrase", "").strip()
    if request.POST.get("phrase") and request.POST.get("confirmed") != "1":
        # One tap on a phrase does not sign: the reader sees what will be recorded and confirms [26(6)5].
        context = {"doc": doc, "comment": comment[:2000], "version": seen_version(request) or doc.version}
        return render(request, "incoming/sign_confirm.html", context)
    doc = services.incoming_sign(actor=request.user, pk=pk, seen_version=seen_version(request), comment=comment[:2000])
    messages.success(request, f"已签阅{_named(doc)}。")
    if doc.holder_id == request.user.pk:
        return redirect("incoming:detail", pk=pk)
    return redirect("core:home")


@workflow_action
def pass_over(request, pk):
    selectors.get_incoming_for(request.user, pk)
    services.incoming_pass_over(
        actor=request.user, pk=pk, seen_version=seen_version(request), reason=request.POST.get("reason", "")[:200]
    )
    messages.success(request, "已越过当前阅文人，其回来后补阅。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def transfer(request, pk):
    selectors.get_incoming_for(request.user, pk)
    unit = Unit.objects.filter(pk=_int(request.POST.get("unit"))).first()
    if unit is None:
        raise ValidationError("请选择转办单位。")
    services.incoming_transfer(
        actor=request.user,
        pk=pk,
        seen_version=seen_version(request),
        unit=unit,
        note=request.POST.get("note", "")[:2000],
    )
    messages.success(request, f"已转{unit}办理。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def chase(request, pk):
    selectors.get_incoming_for(request.user, pk)
    services.incoming_chase(
        actor=request.user,
        pk=pk,
        target=request.POST.get("target", "")[:100],
        method=request.POST.get("method", "电话")[:20],
        note=request.POST.get("note", "")[:2000],
    )
    messages.success(request, "已记录催办。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def complete(request, pk):
    selectors.get_incoming_for(request.user, pk)
    services.incoming_complete(
        actor=request.user,
        pk=pk,
        seen_version=seen_version(request),
        result=request.POST.get("result", "")[:4000],
        reply_to_unit=request.POST.get("reply_to_unit", "")[:4000],
    )
    messages.success(request, "已办结，办理结果已反馈有关领导。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def mark_funding(request, pk):
    """补标申请经费的请示件 [28(1)]."""
    selectors.get_incoming_for(request.user, pk)
    services.incoming_mark_funding(
        actor=request.user, pk=pk, seen_version=seen_version(request), note=request.POST.get("note", "")[:200]
    )
    messages.success(request, "已标为申请经费的请示件，改由分管文秘副主任先阅批 [28(1)]。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def receive_original(request, pk):
    selectors.get_incoming_for(request.user, pk)
    services.incoming_receive_original(actor=request.user, pk=pk, seen_version=seen_version(request))
    messages.success(request, "已收回原件，待立卷归档。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def register_late(request, pk):
    selectors.get_incoming_for(request.user, pk)
    doc = services.incoming_register_late(actor=request.user, pk=pk, seen_version=seen_version(request))
    messages.success(request, f"已补办登记，收文流水号 {doc.serial_label}。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def propose_return(request, pk):
    selectors.get_incoming_for(request.user, pk)
    form = ReturnProposalForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请选择退文理由 [29(3)]。")
    services.incoming_propose_return(
        actor=request.user, pk=pk, ground=form.cleaned_data["ground"], explanation=form.cleaned_data["explanation"]
    )
    messages.success(request, "退文意见已提交办公室领导审批。")
    return redirect("incoming:detail", pk=pk)


@workflow_action
def decide_return(request, proposal_id):
    proposal = get_object_or_404(ReturnProposal, pk=proposal_id)
    selectors.get_incoming_for(request.user, proposal.document_id)
    approve = request.POST.get("decision") == "approve"
    services.incoming_decide_return(
        actor=request.user, proposal_id=proposal_id, approve=approve, comment=request.POST.get("comment", "")[:2000]
    )
    messages.success(request, "已批准退文，请打印退文单退回报送单位。" if approve else "已不同意退文。")
    return redirect("incoming:detail", pk=proposal.document_id)


@idempotent
@workflow_action
def attach(request, pk):
    selectors.get_incoming_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    services.incoming_attach(
        actor=request.user, pk=pk, upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
    )
    messages.success(request, "已上传。")
    return redirect("incoming:detail", pk=pk)


def attachment(request, attachment_id):
    """Served only through the visibility selector [32]; never from a public URL."""
    item = Attachment.objects.filter(pk=attachment_id).only("document_id").first()
    if item is None:
        raise Http404("文件不存在，或您无权查看。")
    doc = selectors.get_incoming_for(request.user, item.document_id)
    item = Attachment.objects.get(pk=attachment_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不在存储中，请联系管理员。") from None
    audit.record_open(request.user, doc, audit.What.ATTACHMENT)
    response = FileResponse(handle, content_type=item.content_type, as_attachment=False, filename=item.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf(request, render, filename):
    try:
        return pdf_response(render(), filename)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")


def sheet_pdf(request, pk):
    """文件批阅单 [26(6)5]."""
    doc = selectors.get_incoming_for(request.user, pk)
    response = _pdf(request, lambda: exports.sheet_pdf(doc), f"文件批阅单-{doc.serial_label}.pdf")
    audit.record_open(request.user, doc, audit.What.PDF, response=response)
    return response


def return_slip_pdf(request, proposal_id):
    """退文单 [29(3)]."""
    proposal = get_object_or_404(ReturnProposal, pk=proposal_id, decision=ReturnProposal.Decision.APPROVED)
    doc = selectors.get_incoming_for(request.user, proposal.document_id)
    response = _pdf(request, lambda: exports.return_slip_pdf(doc, proposal), f"退文单-{doc.serial_label}.pdf")
    audit.record_open(request.user, doc, audit.What.PDF, response=response)
    return response


def register_book(request):
    """收文登记簿 export for a date range, Excel or PDF; the rows are what the selector lets this person see."""
    if not request.user.has_perm("incoming.export_incomingdocument"):
        return refusal_response(request, status=403, messages=["您无权导出收文登记簿。"])
    today = timezone.localdate()
    form = RegisterBookForm(request.GET or None, initial={"start": date(today.year, 1, 1), "end": today})
    if not request.GET:
        return render(request, "incoming/register_book.html", {"form": form})
    if not form.is_valid():
        return render(request, "incoming/register_book.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    rows = selectors.register_rows(request.user, start, end)
    name = f"收文登记簿-{start:%Y%m%d}-{end:%Y%m%d}"
    if form.cleaned_data["format"] == "pdf":
        return _pdf(request, lambda: exports.register_pdf(rows, start, end), f"{name}.pdf")
    return exports.register_xlsx_response(rows, start, end, f"{name}.xlsx")


def lifecycle_page(request):
    return render(request, "core/lifecycle.html", {"lifecycle": lifecycle.LIFECYCLE})
