"""One 规范性文件 [13]: its register entry, the 法制科 review it carries [30(2)3], publication, filing with the
higher level and its acceptance, interpretations, clean-up items and repeal proposals, its history — and the
steps the rules allow this person: 更正登记事项, 公布, 报送备案, 备案审查, 登记解释申请, 答复, 提出废止建议.

The document comes through ``selectors.get_document_for``: missing or not yours is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.workflow import StaleAction

from .. import lifecycle, rules, selectors, services
from ..forms import (
    AcceptFilingForm,
    AnswerForm,
    DetailsForm,
    FilingForm,
    InterpretationForm,
    PublishForm,
    ReasonForm,
    SupersedeForm,
)
from ..models import State
from .common import chapter_allowed, keeper_only, nav
from .register import expiring, filing_late, validity_note


def offered(doc, user) -> dict:
    """Only the steps the services would take from this person [13]."""
    keeper = rules.is_legal_section(user)
    published = doc.state == State.PUBLISHED
    return {
        "edit": keeper and doc.state in (State.REGISTERED, State.PUBLISHED),
        "publish": keeper and doc.state == State.REGISTERED and doc.has_legal_review,
        "file": keeper and published and doc.filed_on is None,
        "accept_filing": keeper and published and doc.filed_on is not None and doc.filing_accepted_on is None,
        "interpret": keeper and published,
        "propose_repeal": rules.can_propose_repeal(user) and published,
        "supersede": keeper and published,
        "decide": rules.is_decider(user),
    }


def newer_documents(user, doc):
    """What may replace a document: another entry of the register, not repealed or replaced itself [13]."""
    return (
        selectors.documents_visible_to(user)
        .filter(state__in=(State.REGISTERED, State.PUBLISHED))
        .exclude(pk=doc.pk)
        .only("id", "state", "register_number", "doc_number", "title")  # state: django-fsm reads it on load
        .order_by("-register_year", "-register_serial")
    )


def errors_of(form) -> list[str]:
    """Each error with its field's label: 公布日期：这个字段是必填项。"""
    return [
        f"{form.fields[name].label}：{message}" if name in form.fields else message
        for name, errors in form.errors.items()
        for message in errors
    ]


def document(request, pk: int):
    """One document. Everyone who may open the chapter reads a published one (normative documents are public);
    the review, filing, interpretations, clean-ups, proposals and history are the register's readers' [13]."""
    user = request.user
    chapter_allowed(user)
    doc = selectors.get_document_for(user, pk)
    today = timezone.localdate()
    register = rules.sees_register(user)
    can = offered(doc, user)
    context = {
        **nav(user),
        "title": doc.title,
        "doc": doc,
        "today": today,
        "register": register,
        "in_force_now": doc.is_in_force(today),
        "validity_note": validity_note(doc, today),
        "filing_late": filing_late(doc, today),
        "expiring": expiring(doc, today),
        "can": can,
        "steps": lifecycle.LIFECYCLE.steps_for(doc) if register else [],
    }
    if register:
        context.update(
            log=list(doc.log.select_related("actor__profile").order_by("at", "id")),
            interpretations=list(
                selectors.interpretations_visible_to(user)
                .filter(document=doc)
                .select_related("answered_by__profile")
                .order_by("-asked_on", "-id")
            ),
            proposals=list(
                selectors.proposals_visible_to(user)
                .filter(document=doc)
                .select_related("proposed_by__profile", "decided_by__profile")
                .order_by("-proposed_on", "-id")
            ),
            cleanup_items=list(
                selectors.cleanup_items_visible_to(user).filter(document=doc).select_related("cleanup").order_by("id")
            ),
            publish_form=PublishForm(initial={"published_on": today}) if can["publish"] else None,
            filing_form=FilingForm(initial={"filed_on": today, "filed_with": doc.filed_with}) if can["file"] else None,
            accept_form=AcceptFilingForm(initial={"accepted_on": today}) if can["accept_filing"] else None,
            answer_form=AnswerForm() if can["interpret"] else None,
            supersede_form=SupersedeForm(queryset=newer_documents(user, doc), initial={"on": today})
            if can["supersede"]
            else None,
        )
    return render(request, "normative/document.html", context)


def edit(request, pk: int):
    """更正登记事项: 起草单位, 施行日期, 有效期至, 备案机关 (法制科) [13]."""
    user = request.user
    keeper_only(user, "只有法制科可以更正登记事项 [13]。")
    doc = selectors.get_document_for(user, pk)
    form = DetailsForm(request.POST or None, document=doc)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = apply_to_form(
                    form,
                    lambda: services.update_details(
                        actor=user, pk=doc.pk, seen_version=seen_version(request), data=form.to_data()
                    ),
                )
            except StaleAction as error:  # someone changed it since this page was opened
                return refusal_response(request, status=409, messages=[error.message], error=error)
            if done is not None:
                messages.success(request, "登记事项已更正。")
                return redirect("normative:document", pk=doc.pk)
        status = 400
    return render(
        request,
        "normative/form.html",
        {
            **nav(user),
            "title": "更正登记事项",
            "doc": doc,
            "intro": f"{doc.register_number}　{doc.title}",
            "form": form,
            "version": doc.version,
            "submit": "保存",
        },
        status=status,
    )


def _valid(form):
    if not form.is_valid():
        raise ValidationError(errors_of(form))
    return form.cleaned_data


@workflow_action
def act(request, pk: int, action: str):
    """公布, 报送备案, 备案审查, 提出废止建议 — each one service call [13]."""
    user = request.user
    chapter_allowed(user)
    doc = selectors.get_document_for(user, pk)
    version = seen_version(request)
    if action == "publish":
        d = _valid(PublishForm(request.POST))
        services.publish(
            actor=user, pk=doc.pk, seen_version=version, published_on=d["published_on"], published_in=d["published_in"]
        )
        messages.success(request, "已公布；请在30日内报送备案 [13]。")
    elif action == "file":
        d = _valid(FilingForm(request.POST))
        services.record_filing(
            actor=user, pk=doc.pk, seen_version=version, filed_on=d["filed_on"], filed_with=d["filed_with"]
        )
        messages.success(request, "已登记报送备案。")
    elif action == "accept_filing":
        d = _valid(AcceptFilingForm(request.POST))
        services.accept_filing(
            actor=user, pk=doc.pk, seen_version=version, accepted_on=d["accepted_on"], result=d["result"]
        )
        messages.success(request, "已登记备案审查结果。")
    elif action == "supersede":
        d = _valid(SupersedeForm(request.POST, queryset=newer_documents(user, doc)))
        services.supersede(
            actor=user,
            pk=doc.pk,
            seen_version=version,
            replaced_by_pk=d["replaced_by"].pk,
            on=d["on"],
            reason=d["reason"],
        )
        messages.success(request, "已登记为被新文件替代，不再列入现行有效目录 [13]。")
    elif action == "propose_repeal":
        d = _valid(ReasonForm(request.POST))
        services.repeal_propose(actor=user, document_pk=doc.pk, reason=d["reason"])
        messages.success(request, "已提出废止建议，待县长或常务副县长决定 [13]。")
    else:
        raise Http404("没有这个操作。")
    return redirect("normative:document", pk=doc.pk)


@idempotent  # a double click records one request
def interpretation_new(request, pk: int):
    """登记解释申请 (法制科) [13]."""
    user = request.user
    keeper_only(user, "只有法制科可以登记解释申请 [13]。")
    doc = selectors.get_document_for(user, pk)
    form = InterpretationForm(request.POST or None, initial={"asked_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(
                form, lambda: services.interpretation_ask(actor=user, document_pk=doc.pk, data=form.to_data())
            )
            if done is not None:
                messages.success(request, "已登记解释申请 [13]。")
                return redirect("normative:document", pk=doc.pk)
        status = 400
    return render(
        request,
        "normative/form.html",
        {
            **nav(user),
            "title": "登记解释申请",
            "doc": doc,
            "intro": f"{doc.doc_number}　{doc.title}",
            "form": form,
            "create": True,
            "submit": "登记",
        },
        status=status,
    )


@workflow_action
def interpretation_answer(request, pk: int, interpretation_id: int):
    """答复解释申请 (法制科) [13]."""
    user = request.user
    chapter_allowed(user)
    doc = selectors.get_document_for(user, pk)
    found = selectors.get_interpretation_for(user, interpretation_id)
    if found.document_id != doc.pk:
        raise Http404("该解释申请不存在。")
    d = _valid(AnswerForm(request.POST))
    services.interpretation_answer(actor=user, pk=found.pk, seen_version=seen_version(request), answer=d["answer"])
    messages.success(request, "已答复。")
    return redirect("normative:document", pk=doc.pk)


urlpatterns: list = [
    path("<int:pk>/", document, name="document"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", act, name="act"),
    path("<int:pk>/interpretations/new/", interpretation_new, name="interpretation_new"),
    path(
        "<int:pk>/interpretations/<int:interpretation_id>/answer/",
        interpretation_answer,
        name="interpretation_answer",
    ),
]
