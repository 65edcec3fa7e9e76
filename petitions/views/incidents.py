"""信访突发事件 [49]: blocking or storming leaders' offices or vehicles, disturbing the organ's work — the list,
recording one (through ``services.record_incident``), and one incident with its case and the people.

Open to those who record them (petition staff, office leaders, duty officers) and to those who read the leaders'
statistics, where incidents are counted. The people involved are shown through the one presenter
(``selectors.show_petitioner``): in clear only for those who may see the linked case's personal data.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form
from core.idempotency import idempotent
from core.pagination import page_number

from .. import rules, selectors, services
from ..models import Case

PAGE_SIZE = 30
MAX_ID = 2**31 - 1
EARLIEST_YEAR = 2000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


can_open_incidents = rules.can_open_incidents
incidents_visible_to = selectors.incidents_visible_to


def _allowed(user) -> None:
    if not can_open_incidents(user):
        raise PermissionDenied("信访突发事件供信访接待人员、值班人员和办公室、县政府领导查看 [49]。")


class IncidentForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label="发生时间",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "请填写发生时间。", "invalid": "发生时间格式不正确。"},
    )
    place = forms.CharField(
        label="地点",
        max_length=200,
        help_text="如：县政府大门口、领导办公室外",
        error_messages={"required": "请填写地点。"},
    )
    people_count = forms.IntegerField(
        label="人数",
        min_value=1,
        max_value=100000,
        error_messages={"required": "请填写人数。", "invalid": "人数应为整数。", "min_value": "人数至少为1。"},
    )
    what_happened = forms.CharField(
        label="经过",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="堵门、拦车、冲击机关、滞留等情况",
        error_messages={"required": "请填写事件经过。"},
    )
    called = forms.CharField(
        label="通知到场人员", max_length=300, required=False, help_text="如：县公安局、所涉乡镇负责人"
    )
    measures = forms.CharField(
        label="处置措施",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写处置措施。"},
    )
    case_number = forms.CharField(
        label="关联信访件编号", max_length=30, required=False, help_text="如：杂信〔2026〕12号"
    )

    def __init__(self, *args, petitioners=(), **kwargs):
        super().__init__(*args, **kwargs)
        if petitioners:
            self.fields["petitioners"] = forms.TypedMultipleChoiceField(
                label="涉及信访人",
                coerce=int,
                required=False,
                choices=[(p.pk, p.name) for p in petitioners],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "所选信访人不属于该信访件。"},
            )

    def clean_occurred_at(self):
        moment = self.cleaned_data["occurred_at"]
        if moment.year < EARLIEST_YEAR:
            raise ValidationError("发生时间不正确。")
        return moment


def _case_from(request, raw_pk: str = "", number: str = "") -> Case | None:
    """The case to link, among those this person may see: by ?case=pk or by its number."""
    cases = selectors.cases_visible_to(request.user)
    if raw_pk:
        if not raw_pk.isdigit() or int(raw_pk) > MAX_ID:
            return None
        return cases.filter(pk=int(raw_pk)).first()
    if number:
        return cases.filter(number=number.strip()).first()
    return None


def incident_list(request):
    """Newest first, with the linked case's number; no personal data in the list [49]."""
    _allowed(request.user)
    rows = (
        incidents_visible_to(request.user)
        .select_related("case")
        .only("id", "occurred_at", "place", "people_count", "measures", "case__id", "case__number", "case__state")
        .order_by("-occurred_at", "-id")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "petitions/incident_list.html",
        {
            "title": "信访突发事件",
            "page": page,
            "can_record": rules.can_record_incident(request.user),
            "pet_desk": rules.can_register(request.user),
        },
    )


@idempotent  # a double click records one incident, not two
def incident_new(request):
    """登记信访突发事件 [49]: on a phone at the gate; linked to the case and its people when known."""
    if not rules.can_record_incident(request.user):
        raise PermissionDenied("只有信访接待人员、办公室领导或值班人员可以登记信访突发事件 [49]。")
    raw_pk = request.GET.get("case", "") or request.POST.get("case", "")
    number = request.POST.get("case_number", "")
    case = _case_from(request, raw_pk=raw_pk, number=number)
    if raw_pk and case is None:
        raise Http404("没有找到该信访件，或您无权查看。")
    petitioners = list(case.petitioners.order_by("position", "id")) if case is not None else []
    if request.method == "POST":
        form = IncidentForm(request.POST, petitioners=petitioners)
        if form.is_valid():
            data = form.cleaned_data
            if data["case_number"] and case is None:
                form.add_error("case_number", "没有找到该编号的信访件。")
            else:

                def record():
                    return services.record_incident(
                        actor=request.user,
                        data=services.IncidentData(
                            occurred_at=data["occurred_at"],
                            place=data["place"],
                            people_count=data["people_count"],
                            what_happened=data["what_happened"],
                            measures=data["measures"],
                            called=data["called"],
                            case_id=case.pk if case is not None else None,
                            petitioner_ids=tuple(data.get("petitioners") or ()),
                        ),
                    )

                incident = apply_to_form(form, record)
                if incident is not None:
                    messages.success(request, "信访突发事件已登记，已通知办公室主任 [49]。")
                    return redirect("petitions:incident", incident.pk)
        status = 400
    else:
        initial = {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        if case is not None:
            initial["case_number"] = case.number
        form = IncidentForm(initial=initial, petitioners=petitioners)
        status = 200
    return render(
        request,
        "petitions/incident_form.html",
        {"title": "登记信访突发事件", "form": form, "case": case, "pet_desk": rules.can_register(request.user)},
        status=status,
    )


def incident_detail(request, pk: int):
    _allowed(request.user)
    incident = incidents_visible_to(request.user).select_related("case", "recorded_by__profile").filter(pk=pk).first()
    if incident is None:
        raise Http404("没有找到该信访突发事件。")
    case = incident.case
    case_visible = case is not None and selectors.cases_visible_to(request.user).filter(pk=case.pk).exists()
    clear = case is not None and rules.can_see_personal_data(request.user, case)
    people = [
        selectors.show_petitioner(p, clear=clear)
        for p in incident.petitioners.select_related("township").order_by("position", "id")
    ]
    return render(
        request,
        "petitions/incident_detail.html",
        {
            "title": f"信访突发事件：{timezone.localtime(incident.occurred_at):%Y年%m月%d日} {incident.place}",
            "incident": incident,
            "case_visible": case_visible,
            "people": people,
            "pet_desk": rules.can_register(request.user),
        },
    )


urlpatterns: list = [
    path("incidents/", incident_list, name="incidents"),
    path("incidents/new/", incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incident_detail, name="incident"),
]
