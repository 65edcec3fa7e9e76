"""人大代表建议、政协提案 [12]: the list, the page of a proposal's own facts (number, deputy or member, 届次/会次,
answer deadline, answer letters, the proposer's satisfaction, second handling when 不满意), and the yearly
summary per unit as a page and a spreadsheet.

Reads go through the visibility selector (a unit contact sees their unit's proposals only [40]); uploads and the
satisfaction go through the services, which refuse whoever may not and keep the answer letter required before a
proposal closes [12]. The rest of an item's life (feedback, extensions, closing) is on the item's own page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core import audit
from core.actions import seen_version, workflow_action
from core.pagination import page_number

from .. import exports, rules, selectors, services, statistics
from ..models import PROPOSAL_SOURCES, ProposalAnswer, Satisfaction, Source, State

PAGE_SIZE = 50


def _allowed(request) -> None:
    if not rules.can_open_supervision(request.user):
        raise PermissionDenied("建议提案办理情况供办公室、县领导和承办单位联络员查看 [12]。")


def _year(request) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 1 else this_year


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "全部"), (Source.DEPUTY_PROPOSAL, "人大代表建议"), (Source.CPPCC_PROPOSAL, "政协提案")],
    )
    answered = forms.ChoiceField(
        label="答复", required=False, choices=[("", "全部"), ("no", "未答复"), ("yes", "已答复")]
    )
    satisfaction = forms.ChoiceField(label="满意度", required=False, choices=[("", "全部"), *Satisfaction.choices[1:]])
    q = forms.CharField(label="编号或代表委员", required=False, max_length=50)


def proposal_list(request):
    """The year's proposals one may see, answer due first [12]."""
    _allowed(request)
    year = _year(request)
    form = FilterForm(request.GET or None)
    qs = statistics.proposals_of_year(request.user, year)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            qs = qs.filter(source=data["kind"])
        if data["answered"] == "no":
            qs = qs.filter(state__in=[State.REGISTERED, State.PENDING_APPROVAL, State.TRACKING])
        elif data["answered"] == "yes":
            qs = qs.filter(state__in=[State.PENDING_CLOSE, State.DONE])
        if data["satisfaction"]:
            qs = qs.filter(satisfaction=data["satisfaction"])
        if data["q"].strip():
            q = data["q"].strip()
            qs = qs.filter(proposal_number__contains=q) | qs.filter(proposer__contains=q)
    qs = (
        qs.select_related("lead_unit", "lead_section")
        .annotate(answer_count=Count("answers"))
        .order_by("answer_due", "id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "supervision/proposal_list.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": f"{year}年人大代表建议、政协提案",
            "year": year,
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "query": request.GET.urlencode(),
        },
    )


def _proposal(request, pk: int):
    item = selectors.get_item_for(request.user, pk)
    if item.source not in PROPOSAL_SOURCES:
        raise Http404("该督查事项不是建议或提案。")
    return item


class AnswerForm(forms.Form):
    letter = forms.FileField(label="答复函（PDF、图片、Word、OFD）")
    answered_on = forms.DateField(label="答复日期", widget=forms.DateInput(attrs={"type": "date"}))


class SatisfactionForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="代表、委员的意见", choices=Satisfaction.choices[1:], widget=forms.RadioSelect
    )


def proposal_detail(request, pk: int):
    """A proposal's own facts and its answers [12]."""
    item = _proposal(request, pk)
    answers = list(item.answers.select_related("uploaded_by__profile").order_by("round"))
    current = next((a for a in answers if a.round == item.handling_round), None)
    supervisor = rules.can_register(request.user)
    today = timezone.localdate()
    return render(
        request,
        "supervision/proposal_detail.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": f"{item.proposal_number} {item.title}",
            "item": item,
            "answers": answers,
            "current": current,
            "overdue_answer": item.state in (State.TRACKING,)
            and current is None
            and item.answer_due
            and item.answer_due < today,
            "can_answer": supervisor and current is None and item.state in (State.TRACKING, State.PENDING_CLOSE),
            "can_rate": supervisor and current is not None and not current.satisfaction,
            "answer_form": AnswerForm(initial={"answered_on": today}),
            "satisfaction_form": SatisfactionForm(),
            "assisting": [a.unit for a in item.assisting.select_related("unit").order_by("id")],
        },
    )


@workflow_action
def proposal_answer(request, pk: int):
    """上传答复函 of the current round [12]."""
    item = _proposal(request, pk)
    form = AnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[name].label}：{'；'.join(errors)}" for name, errors in form.errors.items()]
        )
    services.proposal_attach_answer(
        actor=request.user, pk=item.pk, upload=form.cleaned_data["letter"], answered_on=form.cleaned_data["answered_on"]
    )
    messages.success(request, "答复函已上传。请登记代表、委员的满意度，并在督查事项页报请办结 [12]。")
    return redirect("supervision:proposal", pk=item.pk)


@workflow_action
def proposal_satisfaction(request, pk: int):
    """满意 / 基本满意 / 不满意; 不满意 in the first round: 二次办理 [12]."""
    item = _proposal(request, pk)
    form = SatisfactionForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请选择满意、基本满意或不满意 [12]。")
    item = services.proposal_record_satisfaction(
        actor=request.user,
        pk=item.pk,
        seen_version=seen_version(request),
        satisfaction=form.cleaned_data["satisfaction"],
    )
    if item.handling_round > 1 and item.state == State.TRACKING and not item.satisfaction:
        messages.success(request, f"代表、委员不满意，已转入二次办理，答复期限 {item.answer_due:%Y-%m-%d} [12]。")
    else:
        messages.success(request, "满意度已登记 [12]。")
    return redirect("supervision:proposal", pk=item.pk)


def proposal_answer_file(request, pk: int, answer_id: int):
    """The answer letter, only through the proposal's visibility [12], [31], [32]."""
    item = _proposal(request, pk)
    answer = ProposalAnswer.objects.filter(item=item, pk=answer_id).first()
    if answer is None:
        raise Http404("该答复函不存在。")
    try:
        handle = answer.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    audit.record_open(request.user, item, audit.What.ATTACHMENT)  # a classified proposal's letter [32]
    response = FileResponse(handle, as_attachment=True, filename=answer.name, content_type=answer.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def proposal_summary(request):
    """年度建议提案办理情况汇总 per lead unit [12]."""
    _allowed(request)
    year = _year(request)
    return render(
        request,
        "supervision/proposal_summary.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": f"{year}年建议提案办理情况汇总",
            "year": year,
            "s": statistics.proposal_summary(request.user, year=year),
        },
    )


def proposal_summary_xlsx(request):
    _allowed(request)
    year = _year(request)
    content = exports.proposal_summary_xlsx(statistics.proposal_summary(request.user, year=year))
    return exports.download(content, f"{year}年建议提案办理情况汇总.xlsx")


urlpatterns: list = [
    path("proposals/", proposal_list, name="proposals"),
    path("proposals/summary/", proposal_summary, name="proposal_summary"),
    path("proposals/summary.xlsx", proposal_summary_xlsx, name="proposal_summary_xlsx"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal"),
    path("proposals/<int:pk>/answer/", proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/satisfaction/", proposal_satisfaction, name="proposal_satisfaction"),
    path("proposals/<int:pk>/answers/<int:answer_id>/", proposal_answer_file, name="proposal_answer_file"),
]
