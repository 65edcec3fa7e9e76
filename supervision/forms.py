"""Forms of the supervision item pages (督查事项). They check the shape of what was typed and turn it into the
services' data; the rules (who, when, what is missing, a late item's reason [40], a major item's approval [39])
are the services' [37]–[40]."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from org.forms import PersonChoiceField
from org.models import SecretLevel, Unit
from org.roles import OFFICE_LEADERS, Role
from org.selectors import pickable_people

from .models import ReceivedVia, ReportCycle, Source, State, SuperiorMode
from .rules import SUPERVISOR_ROLES
from .services import FeedbackData, ItemData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
# What the office records a unit sent by (系统报送 is the unit contact's own, set by the service) [40].
OFFICE_VIA = [(v, label) for v, label in ReceivedVia.choices if v != ReceivedVia.SYSTEM]


def units():
    return Unit.objects.filter(is_active=True).order_by("kind", "sort_order", "name")


def office_leaders():
    """首办责任人: the office's director and deputy directors [38]."""
    return pickable_people(*OFFICE_LEADERS)


def supervisors():
    """经办人: the office's people who run supervision [37], [40]."""
    return pickable_people(*SUPERVISOR_ROLES)


def deputy_heads():
    """分管副县长 (the executive deputy head is one too) [39]."""
    return pickable_people(Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD)


def county_and_office_leaders():
    """The list's 领导 filter: the 首办责任人 and the 分管副县长 [38], [39]."""
    return pickable_people(Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, *OFFICE_LEADERS)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several attachments in one field; each is checked by ``core.uploads.check_upload`` in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# --- the list's filters ----------------------------------------------------------------------------------------

STATE_FILTER = [("", "未办结"), ("all", "全部"), *State.choices]


class ItemFilterForm(forms.Form):
    """筛选: every field optional; an invalid one is a 400 with a Chinese message, never a 500."""

    q = forms.CharField(label="搜索", max_length=100, required=False)
    source = forms.ChoiceField(label="来源", choices=[("", "全部来源"), *Source.choices], required=False)
    state = forms.ChoiceField(label="状态", choices=STATE_FILTER, required=False)
    unit = UnitChoiceField(units(), label="责任单位", required=False, empty_label="全部单位")
    leader = PersonChoiceField(county_and_office_leaders(), label="领导", required=False, empty_label="全部领导")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    overdue = forms.BooleanField(label="只看逾期", required=False)
    major = forms.BooleanField(label="只看重大事项", required=False)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(placeholder="事项名称、内容或编号", type="search")
        self.fields["year"].widget.attrs.update(placeholder=str(timezone.localdate().year))
        if contact:  # a unit contact's list is their unit's already, and names no office people [40]
            del self.fields["unit"], self.fields["leader"]


# --- registering and correcting an item ----------------------------------------------------------------------


class ItemForm(forms.Form):
    """登记 / 修改 督查事项 [37], [38], [39], [40], [11], [12]."""

    source = forms.ChoiceField(label="来源", choices=[("", "请选择"), *Source.choices])
    title = forms.CharField(label="事项名称", max_length=200)
    text = forms.CharField(label="督查内容", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    first_responsible = PersonChoiceField(
        office_leaders(), label="首办责任人", help_text="办公室领导，负责组织办理 [38]。"
    )
    handler = PersonChoiceField(supervisors(), label="经办人", help_text="办公室具体承办督查的人员 [40]。")
    lead_unit = UnitChoiceField(units(), label="牵头单位", required=False)
    assisting_units = UnitsField(
        units(),
        label="协办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="按住 Ctrl 可多选。",
    )
    deadline = forms.DateField(label="办结时限", required=False, widget=DATE_WIDGET)
    report_cycle = forms.ChoiceField(label="定期报送", choices=ReportCycle.choices, required=False)
    report_day = forms.IntegerField(
        label="每期报送日", min_value=1, max_value=28, required=False, help_text="如每月5日前报送填5 [40]。"
    )
    is_major = forms.BooleanField(
        label="重大督查事项", required=False, help_text="须报分管副县长批准立项后方可督办 [39]。"
    )
    deputy_head = PersonChoiceField(deputy_heads(), label="分管副县长", required=False)
    secret_level = forms.TypedChoiceField(
        label="密级", choices=SecretLevel.choices, coerce=int, initial=SecretLevel.NONE, required=False
    )
    superior_leader = forms.CharField(label="上级批示领导", max_length=100, required=False)
    superior_mode = forms.ChoiceField(label="转办或督办", choices=SuperiorMode.choices, required=False)
    proposal_number = forms.CharField(
        label="建议提案编号", max_length=30, required=False, help_text="如：建议第12号、提案第34号 [12]。"
    )
    proposer = forms.CharField(label="代表或委员", max_length=100, required=False)
    session = forms.CharField(label="届次、会次", max_length=60, required=False)
    assigned_on = forms.DateField(label="交办日期", required=False, widget=DATE_WIDGET)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if item is not None and item.state != State.REGISTERED and item.state != State.NOT_APPROVED:
            # While tracked the deadline moves only by an extension [40]; major and its deputy are fixed [39].
            for name in ("deadline", "is_major", "deputy_head"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "督办中的事项不能在此修改（办结时限请申请延期）[39][40]。"

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            "source": item.source,
            "title": item.title,
            "text": item.text,
            "first_responsible": item.first_responsible_id,
            "handler": item.handler_id,
            "lead_unit": item.lead_unit_id,
            "assisting_units": list(item.assisting_units.values_list("pk", flat=True)),
            "deadline": item.deadline,
            "report_cycle": item.report_cycle,
            "report_day": item.report_day,
            "is_major": item.is_major,
            "deputy_head": item.deputy_head_id,
            "secret_level": item.secret_level,
            "superior_leader": item.superior_leader,
            "superior_mode": item.superior_mode,
            "proposal_number": item.proposal_number,
            "proposer": item.proposer,
            "session": item.session,
            "assigned_on": item.assigned_on,
        }

    def to_data(self) -> ItemData:
        d = self.cleaned_data
        item = self.item
        return ItemData(
            source=d["source"],
            title=d["title"],
            text=d["text"],
            first_responsible=d["first_responsible"],
            handler=d["handler"],
            lead_unit=d["lead_unit"],
            # A meeting decision may name an office section (责任科室) instead of a unit [15], [37].
            lead_section=item.lead_section if item is not None and not d["lead_unit"] else None,
            assisting_units=tuple(d["assisting_units"] or ()),
            deadline=d["deadline"],
            report_cycle=d["report_cycle"] or ReportCycle.NONE,
            report_day=d["report_day"],
            is_major=d["is_major"],
            deputy_head=d["deputy_head"],
            year=item.year if item is not None else None,
            secret_level=d["secret_level"] if d["secret_level"] not in (None, "") else SecretLevel.NONE,
            superior_leader=d["superior_leader"],
            superior_mode=d["superior_mode"] or SuperiorMode.NONE,
            proposal_number=d["proposal_number"],
            proposer=d["proposer"],
            session=d["session"],
            assigned_on=d["assigned_on"],
        )


# --- feedback and extensions [40] ----------------------------------------------------------------------------


class FeedbackForm(forms.Form):
    """反馈: what a unit reports. The office records how and when it came; a unit contact reports through the
    system. A late item's feedback must carry the reason — the late form asks for it first [40]."""

    late_reason = forms.CharField(label="逾期原因", max_length=5000, required=False, widget=TEXTAREA)
    text = forms.CharField(label="工作进展情况", max_length=10000, widget=TEXTAREA)
    unit = UnitChoiceField(Unit.objects.none(), label="报送单位", required=False, empty_label="牵头单位")
    received_via = forms.ChoiceField(label="收到方式", choices=[("", "请选择"), *OFFICE_VIA])
    received_on = forms.DateField(label="收到日期", widget=DATE_WIDGET)
    reporter = forms.CharField(label="报送人", max_length=50, required=False, help_text="单位报送人姓名。")
    files = MultipleFileField(
        label="附件",
        required=False,
        help_text="PDF、图片、Word、Excel、WPS、OFD，可多选。",
    )

    def __init__(self, *args, item, contact: bool, late: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact
        if late:
            self.fields["late_reason"].required = True
            self.fields["late_reason"].help_text = "已超过办结时限：须写明未能按时办结的原因 [40]。"
            self.fields["text"].help_text = "目前进展和下一步安排 [40]。"
        else:
            del self.fields["late_reason"]
        if contact:  # through the system, today, for the contact's own unit [40]
            for name in ("unit", "received_via", "received_on", "reporter"):
                del self.fields[name]
        else:
            self.fields["unit"].queryset = Unit.objects.filter(
                pk__in=[item.lead_unit_id, *item.assisting.values_list("unit_id", flat=True)]
            ).order_by("name")
            self.fields["received_on"].initial = timezone.localdate()

    def to_data(self) -> FeedbackData:
        d = self.cleaned_data
        return FeedbackData(
            text=d["text"],
            received_via=d.get("received_via") or ReceivedVia.SYSTEM,
            received_on=d.get("received_on"),
            unit=d.get("unit"),
            reporter=d.get("reporter", ""),
            late_reason=d.get("late_reason", ""),
        )


class ExtensionForm(forms.Form):
    """延期申请 [40]."""

    new_deadline = forms.DateField(label="申请延至", widget=DATE_WIDGET)
    reason = forms.CharField(label="延期理由", max_length=2000, widget=TEXTAREA)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300)


class TextForm(forms.Form):
    text = forms.CharField(max_length=5000)


class CommentForm(forms.Form):
    comment = forms.CharField(max_length=300, required=False)
