"""Forms for incoming documents. They check shape only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from documents.types import DocumentType, SecretLevel
from org.forms import PeopleChoiceField, PersonChoiceField
from org.models import SUPERIOR_ROUTE_KINDS, BusinessLine, Unit, UnitKind
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role
from org.selectors import pickable_people

from .models import Category, Intake, OpinionVia, Reader, ReturnGround, Urgency
from .uploads import validate_upload


def people(*roles: Role):
    """Names and positions, never account names, the superuser or accounts that hold no role (org)."""
    return pickable_people(*roles)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name}（{unit.get_kind_display()}）"


class RegistrationForm(forms.Form):
    # What follows from the 文种 comes after it: a 请示 needs no 下级来文类别 [28(1)].
    field_order = ["source_unit", "title", "sender_number", "doc_type", "intake"]
    # Rare cases, shown on demand (the page template folds them): (legend, fields) [29(1)], [29(2)], [26(1)].
    RARE = [
        ("新增来文单位（列表中没有的新来文单位）", ["new_unit_name", "new_unit_short_name", "new_unit_kind"]),
        ("补办登记：领导在登记前已签署 [29(1)]", ["signed_before_by", "signed_before_opinion"]),
        ("越级报送：直接送县政府领导 [29(2)]", ["sent_directly_to"]),
    ]

    source_unit = UnitChoiceField(
        Unit.objects.filter(is_active=True),
        label="来文单位",
        required=False,
        help_text="列表中没有的，在下方“新增来文单位”填写",
    )
    intake = forms.ChoiceField(
        label="下级来文类别",
        choices=[("", "（上级来文无需选择）"), (Intake.REQUEST, "请示件"), (Intake.GENERAL, "一般工作公文")],
        required=False,
        help_text="乡镇、县政府部门、县直及驻县单位的来文：文种为“请示”的自动为请示件，其他须选择 [28]",
    )
    new_unit_name = forms.CharField(label="新单位全称", max_length=100, required=False)
    new_unit_short_name = forms.CharField(label="简称", max_length=30, required=False)
    new_unit_kind = forms.ChoiceField(
        label="单位类别",
        choices=[("", "请选择"), *UnitKind.choices],
        required=False,
        help_text="决定按上级来文还是下级来文办理 [26]–[28]",
    )
    title = forms.CharField(label="文件标题", max_length=300)
    sender_number = forms.CharField(label="来文字号", max_length=60, required=False)
    doc_type = forms.ChoiceField(label="文种", choices=DocumentType.choices, initial=DocumentType.NOTICE)
    received_at = forms.DateTimeField(
        label="收文时间",
        initial=timezone.now,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999, initial=1)
    pages = forms.IntegerField(label="页数", min_value=1, max_value=9999, initial=1)
    secret_level = forms.TypedChoiceField(label="密级", choices=SecretLevel.choices, coerce=int, initial=0)
    secrecy_period = forms.CharField(label="保密期限", max_length=30, required=False)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
    is_meeting_notice = forms.BooleanField(label="会议通知", required=False)
    is_funding_request = forms.BooleanField(label="申请经费的请示件", required=False)
    not_funding_reason = forms.CharField(
        label="不属申请经费的说明",
        max_length=300,
        required=False,
        help_text="请示件标题提到资金、经费、补助等而不勾选“申请经费”时，写明原因 [28(1)]",
    )
    signed_before_by = PersonChoiceField(
        people(*COUNTY_LEADERS, *OFFICE_LEADERS), label="登记前已签署意见的领导（补办）", required=False
    )
    signed_before_opinion = forms.CharField(
        label="该领导已签署的意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    sent_directly_to = PersonChoiceField(people(*COUNTY_LEADERS), label="越级直送的县政府领导", required=False)
    original = forms.FileField(label="原件扫描件（PDF/JPG/PNG）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("收文时间不能晚于现在。")
        return value

    def clean_original(self):
        upload = self.cleaned_data.get("original")
        if upload:
            validate_upload(upload)
        return upload

    @property
    def rare_fields(self) -> set[str]:
        return {name for _, names in self.RARE for name in names}

    def rare_groups(self):
        """The folded groups with their bound fields; a group opens when something in it was filled or is wrong."""
        for legend, names in self.RARE:
            fields = [self[name] for name in names]
            is_open = any(f.errors or (self.is_bound and f.value() not in (None, "", False)) for f in fields)
            yield {"legend": legend, "fields": fields, "open": is_open}

    def clean(self):
        data = super().clean()
        unit = data.get("source_unit")
        new_name = data.get("new_unit_name", "").strip()
        if unit and new_name:
            self.add_error("new_unit_name", "已选择来文单位时不必再新增；请只填一处。")
        elif not unit and not new_name:
            self.add_error("source_unit", "请选择来文单位，或在“新增来文单位”中填写。")
        elif new_name and not data.get("new_unit_kind"):
            self.add_error("new_unit_kind", "请选择新单位的类别 [26]–[28]。")
        kind = unit.kind if unit else data.get("new_unit_kind")
        lower = bool(kind) and kind not in SUPERIOR_ROUTE_KINDS
        if lower and not data.get("intake") and data.get("doc_type") == DocumentType.REQUEST:
            data["intake"] = Intake.REQUEST  # a 请示 from a lower unit is a 请示件 [28(1)]
        if lower and not data.get("intake"):
            self.add_error("intake", "下级来文须选择“请示件”或“一般工作公文” [28]。")
        if data.get("signed_before_by") and not data.get("signed_before_opinion", "").strip():
            self.add_error("signed_before_opinion", "补办登记须录入领导已签署的意见 [29(1)]。")
        return data


class HandOutForm(forms.Form):
    source_unit = UnitChoiceField(
        Unit.objects.filter(is_active=True).exclude(kind__in=[UnitKind.SUPERIOR, UnitKind.COUNTY_ORGAN, UnitKind.PEER]),
        label="来文单位",
    )
    title = forms.CharField(label="文件标题", max_length=300)
    sender_number = forms.CharField(label="来文字号", max_length=60, required=False)
    doc_type = forms.ChoiceField(label="文种", choices=DocumentType.choices, initial=DocumentType.CIRCULAR)
    recipients = PeopleChoiceField(people(), label="分发给", widget=forms.CheckboxSelectMultiple)


class DistributeForm(forms.Form):
    category = forms.ChoiceField(label="文件类别", choices=Category.choices, widget=forms.RadioSelect)
    opinion = forms.CharField(label="拟办/传阅意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # 代录 [26(2)]: how the deputy's opinion reached the clerk who types it in.
    opinion_via = forms.ChoiceField(
        label="副主任意见的传达方式", choices=OpinionVia.choices, required=False, widget=forms.RadioSelect
    )
    line = forms.ModelChoiceField(BusinessLine.objects.all(), label="业务归口", required=False)
    lead_handler = PersonChoiceField(people(Role.LINE_STAFF), label="承办人（批办件）", required=False)

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_behalf = on_behalf
        if not on_behalf:
            del self.fields["opinion_via"]

    def clean(self):
        data = super().clean()
        if self.on_behalf and data.get("opinion", "").strip() and not data.get("opinion_via"):
            self.add_error("opinion_via", "由收发秘书代录的副主任意见，须注明是电话还是口头告知 [26(2)]。")
        return data


class ReaderRowForm(forms.Form):
    reader = PersonChoiceField(
        people(*COUNTY_LEADERS, *OFFICE_LEADERS, Role.SECTION_CHIEF, Role.LINE_STAFF), label="阅文人", required=False
    )
    duty = forms.ChoiceField(label="要求", choices=Reader.Duty.choices, initial=Reader.Duty.READ)
    part = forms.ChoiceField(label="分工", choices=Reader.Part.choices, required=False)
    send_first = forms.BooleanField(label="先送", required=False)


ReaderFormSet = forms.formset_factory(ReaderRowForm, extra=6, max_num=20, absolute_max=30)


class ReturnProposalForm(forms.Form):
    ground = forms.TypedChoiceField(
        label="退文理由", choices=ReturnGround.choices, coerce=int, widget=forms.RadioSelect
    )
    explanation = forms.CharField(label="具体说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterBookForm(forms.Form):
    # <input type=date> shows and sends only ISO dates; the zh-hans default (2026/01/01) left it blank.
    start = forms.DateField(label="起始日期", widget=ISO_DATE, input_formats=["%Y-%m-%d"])
    end = forms.DateField(label="截止日期", widget=ISO_DATE, input_formats=["%Y-%m-%d"])
    format = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel"), ("pdf", "PDF")], initial="xlsx")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("截止日期不能早于起始日期。")
            if (end - start).days > 366 * 2:
                raise forms.ValidationError("一次最多导出两年的登记簿。")
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=f"文件（PDF/JPG/PNG，不超过 {settings.UPLOAD_MAX_MB} MB）")
    kind = forms.ChoiceField(label="类型", choices=[("original", "原件扫描件"), ("attachment", "附件")])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload
