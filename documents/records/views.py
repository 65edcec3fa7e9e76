"""Records pages: to file, archive search, hand-over, custody, destruction. Thin, as everywhere."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core import audit
from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.archive import ArchiveKind, kind_of
from core.idempotency import idempotent
from core.pagination import page_number
from core.pdf import PdfFontMissing, pdf_response
from core.workflow import StaleAction
from org.selectors import person_label

from . import exports, rules, selectors, services
from .models import (
    ArchiveClass,
    CustodyEvent,
    DestructionEntry,
    DestructionState,
    FileComponent,
    FixityProblem,
    Retention,
    Transfer,
)


def _refuse(request):
    return refusal_response(request, status=403, messages=["档案栏目只对收发秘书、档案管理员、科长和办公室领导开放。"])


def _pdf(render_bytes, filename):
    try:
        return pdf_response(render_bytes(), filename)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")


class FileForm(forms.Form):
    archive_class = forms.ModelChoiceField(ArchiveClass.objects.all(), label="档案分类")
    retention = forms.ChoiceField(label="保管期限", choices=Retention.choices)


def index(request):
    """待归档: finished documents whose original is back, and last year's documents not filed yet [33]."""
    if not rules.can_open_records(request.user):
        return _refuse(request)
    today = timezone.localdate()
    year = selectors.last_year()
    return render(
        request,
        "records/index.html",
        {
            "to_file": selectors.to_file(request.user),
            # The reminders' count [33]: every unfiled document, those this person may not open included.
            "unfiled_count": selectors.unfiled_count(year),
            "unfiled": selectors.unfiled_of_year(request.user, year, limit=50),
            "year": year,
            "warn": today.month >= 5 and not Transfer.objects.filter(year=year).exists(),  # from 1 May [33]
            "can_file": rules.can_file(None, request.user),
            "fixity_problems": (
                FixityProblem.objects.filter(closed_by=None).count() if rules.can_see_fixity(request.user) else 0
            ),
            "tab": "index",
        },
    )


def _kind(doc_kind: str) -> ArchiveKind:
    try:
        return kind_of(doc_kind)
    except LookupError:
        raise Http404("没有这种文件。") from None


def file_document(request, doc_kind: str, pk):
    """立卷归档 of one finished document [26(5)], [30(5)]."""
    kind = _kind(doc_kind)
    doc = kind.visible_to(request.user).filter(pk=pk).first()
    if doc is None:
        raise Http404("该文件不存在，或您无权查看。")
    if not rules.can_file(doc, request.user):
        return _refuse(request)
    retention, archive_class = services.default_retention(services.retention_kind(doc))
    form = FileForm(request.POST or None, initial={"retention": retention, "archive_class": archive_class})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = apply_to_form(
                    form,
                    lambda: services.file_document(
                        actor=request.user,
                        doc_kind=kind.key,
                        pk=doc.pk,
                        seen_version=seen_version(request),
                        archive_class=form.cleaned_data["archive_class"],
                        retention=form.cleaned_data["retention"],
                    ),
                )
            except StaleAction as error:
                return refusal_response(request, status=409, messages=[error.message])
            if item is not None:
                messages.success(request, f"已归档，档号 {item.archive_code}。")
                return redirect("records:index")
        status = 400
    return render(
        request,
        "records/file.html",
        {"doc": doc, "kind": kind, "number": kind.number(doc), "form": form, "tab": "index"},
        status=status,
    )


def archive(request):
    """档案检索 and the register of files per year, exportable as Excel or PDF."""
    if not rules.can_open_records(request.user):
        return _refuse(request)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else None
    retention = request.GET.get("retention", "") if request.GET.get("retention") in Retention.values else ""
    klass = request.GET.get("class", "")
    klass = int(klass) if klass.isdigit() else None
    qs = selectors.archive_search(
        request.user, year=year, retention=retention, archive_class=klass, q=request.GET.get("q", "")
    )
    export = request.GET.get("export")
    if export in ("xlsx", "pdf"):
        if year is None:
            return refusal_response(request, status=400, messages=["请先选择年度，再导出该年度的归档文件目录。"])
        title = f"{year}年度归档文件目录"
        if export == "xlsx":
            return exports.items_xlsx(qs.order_by("archive_class__code", "number"), title, f"{title}.xlsx")
        return _pdf(lambda: exports.items_pdf(qs.order_by("archive_class__code", "number"), title), f"{title}.pdf")
    page = Paginator(qs.prefetch_related("components", "document"), 50).get_page(page_number(request))
    page.object_list = selectors.with_links(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/archive.html",
        {
            "page": page,
            "classes": ArchiveClass.objects.all(),
            "retentions": Retention.choices,
            "year": year,
            "retention": retention,
            "klass": klass,
            "q": request.GET.get("q", ""),
            "query": query.urlencode(),
            "tab": "archive",
        },
    )


def component(request, pk):
    """A filed 件's part, only through the archive's visibility [32]."""
    part = FileComponent.objects.filter(pk=pk, item__in=selectors.items_visible_to(request.user)).first()
    if part is None:
        raise Http404("文件不存在，或您无权查看。")
    try:
        handle = part.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不在存储中，请联系管理员。") from None
    if part.item.secret_level:  # who took a classified 件 out of the archive, recorded on its document [32]
        audit.record_open(request.user, part.item.document or part.item, audit.What.ARCHIVE)
    response = FileResponse(handle, filename=part.name)
    response["Cache-Control"] = "private, no-store"
    return response


def transfers(request):
    """移交: what was handed to the county archives bureau, and the form to hand over a year [33]."""
    if not rules.can_open_records(request.user):
        return _refuse(request)
    year = selectors.last_year()
    return render(
        request,
        "records/transfers.html",
        {
            "transfers": Transfer.objects.select_related("handed_by__profile").order_by("-year", "-handed_at"),
            "year": year,
            # What 登记移交 moves and the 移交清册 lists: every filed 件 of the year, classified ones included [33].
            "pending": selectors.pending_hand_over_count(year),
            "unfiled": selectors.unfiled_count(year),
            "deadline": f"{year + 1}年6月30日",
            "tab": "transfers",
        },
    )


@idempotent
@workflow_action
def transfer_create(request):
    year = request.POST.get("year", "")
    if not year.isdigit():
        raise ValidationError("请选择移交年度。")
    transfer = services.transfer_year(
        actor=request.user,
        year=int(year),
        received_by=request.POST.get("received_by", ""),
        note=request.POST.get("note", ""),
    )
    messages.success(request, f"{transfer.year}年度档案已移交县档案局（{transfer.items.count()} 件）。")
    return redirect("records:transfers")


def transfer_list(request, year: int, fmt: str):
    """移交清册 (Excel + PDF): exactly the files of that year [33]."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404("只提供 Excel 和 PDF 格式。")
    if not rules.can_open_records(request.user):
        return _refuse(request)
    # Complete: every 件 of the year, one the reader may not open as a masked row (档号, level; no title) [32].
    items = selectors.hand_over_items(request.user, year)
    title = f"{year}年度档案移交清册"
    if fmt == "xlsx":
        return exports.items_xlsx(items, title, f"{title}.xlsx")
    return _pdf(lambda: exports.items_pdf(items, title, subtitle="移交县档案局"), f"{title}.pdf")


def custody(request):
    """涉密文件去向: the classified papers not in the safe, as a page and a PDF [31]."""
    if not rules.can_see_custody(request.user):
        return _refuse(request)
    rows = selectors.custody_rows(request.user)
    if request.GET.get("format") == "pdf":
        return _pdf(lambda: exports.custody_pdf(rows), f"涉密文件去向清单-{timezone.localdate():%Y%m%d}.pdf")
    # 送交对象: only people cleared for each paper's level [31]; one query per level, not per row.
    cleared = {}
    for row in rows:
        level = row["doc"].secret_level
        if level not in cleared:
            cleared[level] = [(p.pk, person_label(p)) for p in selectors.custody_recipients(level)]
        row["people"] = cleared[level]
    return render(
        request,
        "records/custody.html",
        {
            "rows": rows,
            "kinds": CustodyEvent.Kind.choices,
            "tab": "custody",
            "can_record": rules.is_records_keeper(request.user),
        },
    )


@workflow_action
def custody_record(request, doc_kind: str, pk):
    from django.contrib.auth import get_user_model

    _kind(doc_kind)
    person_id = request.POST.get("person", "")
    person = get_user_model().objects.filter(pk=person_id).first() if person_id.isdigit() else None
    services.custody_record(
        actor=request.user,
        doc_kind=doc_kind,
        pk=pk,
        event=request.POST.get("kind", ""),
        person=person,
        note=request.POST.get("note", "")[:200],
    )
    messages.success(request, "已登记。")
    return redirect("records:custody")


def fixity(request):
    """完整性检查: the last runs of the check of the filed files and every problem not resolved [33]."""
    if not rules.can_see_fixity(request.user):
        return refusal_response(request, status=403, messages=["完整性检查只对收发秘书、档案管理员和机要科开放。"])
    return render(
        request,
        "records/fixity.html",
        {
            "runs": selectors.fixity_runs(),
            "problems": selectors.open_fixity_problems(request.user),
            "tab": "fixity",
        },
    )


# --- destruction ---------------------------------------------------------------------------------------------------


def destruction_lists(request):
    lists = selectors.destruction_lists_visible_to(request.user).select_related("drawn_up_by__profile")
    return render(
        request,
        "records/destruction_list.html",
        {
            "lists": lists,
            "can_create": rules.can_draw_up(None, request.user),
            "tab": "destruction",
        },
    )


@idempotent
@workflow_action
def destruction_create(request):
    dl = services.destruction_create(actor=request.user, title=request.POST.get("title", "")[:200])
    return redirect("records:destruction", pk=dl.pk)


def _visible_list(request, pk):
    dl = selectors.destruction_lists_visible_to(request.user).filter(pk=pk).first()
    if dl is None:
        raise Http404("销毁清册不存在，或您无权查看。")
    return dl


def destruction(request, pk):
    dl = _visible_list(request, pk)
    user = request.user
    signed = set(dl.supervisions.values_list("supervisor_id", flat=True))
    return render(
        request,
        "records/destruction.html",
        {
            "dl": dl,
            "rows": selectors.entry_rows(user, dl),
            "supervisions": dl.supervisions.select_related("supervisor__profile"),
            "log": dl.log.select_related("actor__profile"),
            "kinds": DestructionEntry.Kind.choices,
            "can": {
                "add": dl.state == DestructionState.DRAFT and user.pk == dl.drawn_up_by_id,
                "submit": dl.state == DestructionState.DRAFT and user.pk == dl.drawn_up_by_id,
                "decide": dl.state == DestructionState.SUBMITTED and rules.can_approve_destruction(dl, user),
                "supervise": dl.state == DestructionState.APPROVED
                and rules.can_supervise(dl, user)
                and user.pk not in signed,
                "complete": dl.state == DestructionState.APPROVED and rules.can_draw_up(dl, user) and len(signed) >= 2,
            },
            "signed_count": len(signed),
            "tab": "destruction",
        },
    )


@idempotent
@workflow_action
def destruction_add(request, pk):
    _visible_list(request, pk)
    copies = request.POST.get("copies", "1")
    try:
        document = selectors.document_by_number(request.user, request.POST.get("document", "").strip())
    except LookupError as error:
        raise ValidationError(str(error.args[0])) from None
    services.destruction_add_entry(
        actor=request.user,
        pk=pk,
        kind=request.POST.get("kind", ""),
        description=request.POST.get("description", "")[:300],
        copies=int(copies) if copies.isdigit() else 0,
        document=document,
    )
    return redirect("records:destruction", pk=pk)


@workflow_action
def destruction_submit(request, pk):
    _visible_list(request, pk)
    services.destruction_submit(actor=request.user, pk=pk, seen_version=seen_version(request))
    messages.success(request, "已提交领导审批。")
    return redirect("records:destruction", pk=pk)


@workflow_action
def destruction_decide(request, pk):
    _visible_list(request, pk)
    approve = request.POST.get("decision") == "approve"
    services.destruction_decide(
        actor=request.user,
        pk=pk,
        seen_version=seen_version(request),
        approve=approve,
        comment=request.POST.get("comment", "")[:500],
    )
    messages.success(request, "已批准销毁。" if approve else "已退回修改。")
    return redirect("records:destruction", pk=pk)


@workflow_action
def destruction_supervise(request, pk):
    _visible_list(request, pk)
    services.destruction_supervise(actor=request.user, pk=pk)
    messages.success(request, "已监销签字。")
    return redirect("records:destruction", pk=pk)


@workflow_action
def destruction_complete(request, pk):
    _visible_list(request, pk)
    services.destruction_complete(
        actor=request.user,
        pk=pk,
        seen_version=seen_version(request),
        method=request.POST.get("method", "")[:50],
        place=request.POST.get("place", "")[:100],
    )
    messages.success(request, "已完成销毁，销毁清册已归档。")
    return redirect("records:destruction", pk=pk)


def destruction_pdf(request, pk):
    dl = _visible_list(request, pk)
    rows = [row["description"] for row in selectors.entry_rows(request.user, dl)]
    return _pdf(lambda: exports.destruction_pdf(dl, descriptions=rows), f"销毁清册-{dl.pk}.pdf")
