"""Forms of the 协调事项 pages. They check the shape of what was typed — lengths, dates, a choice from the list —
and give the services plain values; the rules (two parties, who leads, who decides) are the services' [9], [15]."""

from __future__ import annotations

from django import forms

from documents.incoming.models import IncomingDocument
from org.models import BusinessLine, Unit
from org.selectors import person_label

from . import services
from .models import Origin, State, TalkKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STATE_FILTER = [("", "全部状态"), ("open", "未办结"), *State.choices]


def party_units():
    return Unit.objects.filter(is_active=True, kind__in=services.PARTY_KINDS).order_by("kind", "sort_order", "name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MatterFilterForm(forms.Form):
    """筛选: every field optional; an invalid one is a 400 with a Chinese message, never a 500."""

    q = forms.CharField(label="搜索", max_length=100, required=False)
    state = forms.ChoiceField(label="状态", choices=STATE_FILTER, required=False)
    unit = forms.ModelChoiceField(label="涉及单位", queryset=Unit.objects.none(), required=False)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(placeholder="事项名称或内容", type="search")
        if contact:  # a contact's list is their unit's already
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = party_units()
            self.fields["unit"].empty_label = "全部单位"
            self.fields["unit"].error_messages["invalid_choice"] = "请从列表中选择单位。"


class MatterForm(forms.Form):
    title = forms.CharField(label="事项名称", max_length=200)
    matter = forms.CharField(label="需协调的问题", widget=forms.Textarea(attrs={"rows": 5}))
    parties = UnitsField(
        label="涉及单位（两个以上）",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择涉及的单位（两个以上）[9]。"},
    )
    origin = forms.ChoiceField(label="来由", choices=Origin.choices, widget=forms.RadioSelect)
    instructed_by = PersonChoiceField(label="作出指示的县政府领导", queryset=None, required=False)
    instruction = forms.CharField(label="领导指示内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    incoming = forms.IntegerField(label="所办来文（收文编号ID）", required=False, min_value=1)
    requested_by = UnitChoiceField(label="提请单位", queryset=Unit.objects.none(), required=False)
    line = forms.ModelChoiceField(label="业务归口", queryset=BusinessLine.objects.all(), required=False)
    lead = PersonChoiceField(label="牵头协调的办公室领导", queryset=None)
    handler = PersonChoiceField(label="经办人", queryset=None)
    due_on = forms.DateField(label="协调时限", required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = party_units()
        self.fields["parties"].queryset = units
        self.fields["requested_by"].queryset = units
        self.fields["instructed_by"].queryset = services.leader_choices()
        self.fields["lead"].queryset = services.lead_choices()
        self.fields["handler"].queryset = services.handler_choices()
        for name in ("instructed_by", "requested_by", "line"):
            self.fields[name].empty_label = "—"
        self.fields["parties"].error_messages["invalid_choice"] = "请从列表中选择单位。"

    def clean_incoming(self):
        pk = self.cleaned_data.get("incoming")
        if pk is None:
            return None
        found = IncomingDocument.objects.filter(pk=pk).first()
        if found is None:
            raise forms.ValidationError("没有这份来文。")
        return found


class TalkForm(forms.Form):
    held_on = forms.DateField(label="日期", widget=DATE_WIDGET)
    kind = forms.ChoiceField(label="方式", choices=TalkKind.choices)
    attendees = forms.CharField(label="参加人员", widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label="协调情况", widget=forms.Textarea(attrs={"rows": 4}))


class ProposeForm(forms.Form):
    proposal = forms.CharField(label="办公室处理意见", widget=forms.Textarea(attrs={"rows": 5}))
    leader = PersonChoiceField(label="呈报县政府领导", queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = services.leader_choices()
        self.fields["leader"].empty_label = "分管副县长（按业务归口）或县长"


class SuperviseForm(forms.Form):
    deadline = forms.DateField(label="督查办结时限", widget=DATE_WIDGET)
