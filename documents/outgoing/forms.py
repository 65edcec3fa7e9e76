"""Forms read what people typed; the rules are enforced by the services they hand the data to."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, When

from documents.types import SecretLevel
from org.forms import PeopleChoiceField
from org.models import BusinessLine, Unit, UnitKind
from org.selectors import clearance_of, pickable_people

from .choices import (
    GATE_HINTS,
    OUTGOING_TYPE_CHOICES,
    SIGNING_FLAGS,
    AttachmentKind,
    Authority,
    DistributionMode,
    Gate,
    Importance,
    Origin,
    RecheckItem,
    Urgency,
)
from .models import OutgoingDocument, Series
from .services import DraftData, basis_decisions_for, decision_label

User = get_user_model()


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return decision_label(obj)[:80]


FLAG_LABELS = {name: OutgoingDocument._meta.get_field(name).verbose_name for name in SIGNING_FLAGS}


class DraftForm(forms.Form):
    """拟稿 [30(1)] and the facts that decide the review chain [30(2)] and the signers [30(3)]."""

    authority = forms.ChoiceField(label="发文机关", choices=Authority.choices, widget=forms.RadioSelect)
    series = forms.ModelChoiceField(label="发文字号系列", queryset=Series.objects.none(), empty_label=None)
    doc_type = forms.ChoiceField(label="文种", choices=OUTGOING_TYPE_CHOICES)
    title = forms.CharField(label="标题", max_length=300)
    main_recipients = forms.CharField(label="主送机关", max_length=500, required=False)
    copy_to = forms.CharField(label="抄送机关", max_length=500, required=False)
    annotation = forms.CharField(
        label="附注",
        max_length=200,
        required=False,
        help_text="如：联系人：张三　电话：0976-1234567。打印在成文日期下一行，自动加圆括号（GB/T 9704）。",
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="在此填写正文；也可以不填，改为在文稿页上传 Word/PDF 文稿。",
    )
    line = forms.ModelChoiceField(label="业务归口", queryset=BusinessLine.objects.none(), empty_label=None)
    other_lines = forms.ModelMultipleChoiceField(
        label="涉及的其他归口",
        queryset=BusinessLine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="涉及其他副县长分管范围的，由有关副县长会签 [30(3)1]。",
    )
    importance = forms.ChoiceField(label="公文类别", choices=Importance.choices, widget=forms.RadioSelect)
    origin = forms.ChoiceField(label="拟稿方式", choices=Origin.choices, widget=forms.RadioSelect)
    drafting_unit = forms.ModelChoiceField(
        label="代拟稿单位", queryset=Unit.objects.none(), required=False, empty_label="（归口人员拟稿时不选）"
    )
    unit_drafter = forms.CharField(label="代拟人", max_length=50, required=False)
    secret_level = forms.TypedChoiceField(label="密级", coerce=int, choices=SecretLevel.choices)
    secrecy_period = forms.CharField(label="保密期限", max_length=30, required=False, help_text="如：1年")
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
    flags = forms.MultipleChoiceField(
        label="事项（决定由谁签发 [30(3)]）",
        choices=[(name, FLAG_LABELS[name]) for name in SIGNING_FLAGS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="正文中出现“经县人民政府（研究）同意、批准”或“经县人民政府研究”时，系统会自动识别（不论空格、换行、全角半角）。",
    )
    decided_matter = forms.CharField(
        label="“经县人民政府研究”所依据的已决定事项",
        max_length=300,
        required=False,
        help_text="如：县政府2026年第3次常务会议决定 [30(3)2]",
    )
    basis_decision = DecisionChoiceField(
        queryset=None,
        label="或选择县政府会议的议定事项",
        required=False,
        empty_label="（不选）",
        help_text="“经县人民政府研究”所依据的会议决定；选择后自动填入上栏 [30(3)2]。",
    )
    not_funds_reason = forms.CharField(
        label="不涉及资金的说明",
        max_length=300,
        required=False,
        help_text="标题或正文提到资金、经费、补助等而不勾选“涉及资金”时，请写明原因；送审前必须二者择一 [30(3)1]。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["series"].queryset = Series.objects.filter(is_active=True)
        lines = BusinessLine.objects.order_by("sort_order", "name")
        self.fields["line"].queryset = lines.filter(staff=user)
        self.fields["other_lines"].queryset = lines
        self.fields["drafting_unit"].queryset = Unit.objects.filter(
            is_active=True, kind__in=[UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT, UnitKind.TOWNSHIP]
        )
        self.fields["basis_decision"].queryset = basis_decisions_for(user)
        clearance = clearance_of(user)
        self.fields["secret_level"].choices = [(v, label) for v, label in SecretLevel.choices if v <= clearance]

    @classmethod
    def initial_for(cls, doc: OutgoingDocument) -> dict:
        return {
            "authority": doc.authority,
            "series": doc.series_id,
            "doc_type": doc.doc_type,
            "title": doc.title,
            "main_recipients": doc.main_recipients,
            "copy_to": doc.copy_to,
            "annotation": doc.annotation,
            "body": doc.body,
            "line": doc.line_id,
            "other_lines": list(doc.other_lines.values_list("pk", flat=True)),
            "importance": doc.importance,
            "origin": doc.origin,
            "drafting_unit": doc.drafting_unit_id,
            "unit_drafter": doc.unit_drafter,
            "secret_level": doc.secret_level,
            "secrecy_period": doc.secrecy_period,
            "urgency": doc.urgency,
            "flags": [name for name in SIGNING_FLAGS if getattr(doc, name)],
            "decided_matter": doc.decided_matter,
            "basis_decision": doc.basis_decision_id,
            "not_funds_reason": doc.not_funds_reason,
        }

    def to_data(self) -> DraftData:
        c = self.cleaned_data
        return DraftData(
            authority=c["authority"],
            series=c["series"],
            doc_type=c["doc_type"],
            title=c["title"],
            line=c["line"],
            main_recipients=c["main_recipients"],
            copy_to=c["copy_to"],
            annotation=c["annotation"],
            body=c["body"],
            secret_level=c["secret_level"],
            secrecy_period=c["secrecy_period"],
            urgency=c["urgency"] or Urgency.NORMAL,
            other_lines=tuple(c["other_lines"]),
            importance=c["importance"],
            origin=c["origin"],
            drafting_unit=c["drafting_unit"],
            unit_drafter=c["unit_drafter"],
            flags=frozenset(c["flags"]),
            decided_matter=c["decided_matter"],
            basis_decision=c.get("basis_decision"),
            not_funds_reason=c["not_funds_reason"],
        )


class TextForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 18}))
    note = forms.CharField(label="修改说明", max_length=300, required=False)


class GatesForm(forms.Form):
    """审核六关 [30(2)], and the opinion."""

    gates = forms.MultipleChoiceField(
        label="把关",
        choices=[(gate.value, f"{gate.label}：{GATE_HINTS[gate]}") for gate in Gate],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FundsForm(forms.Form):
    """涉及资金吗？[30(3)1] — the drafter's answer, or a reviewer's later tick."""

    touches = forms.TypedChoiceField(
        label="是否涉及资金",
        choices=[("yes", "涉及资金（由县长签发）"), ("no", "不涉及资金")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="说明", max_length=300, required=False)


class SendBackForm(forms.Form):
    comment = forms.CharField(label="退回修改意见", widget=forms.Textarea(attrs={"rows": 3}))


class UnitSignatureForm(forms.Form):
    head_name = forms.CharField(label="签批领导姓名", max_length=50)
    signed_on = forms.DateField(label="签批日期", widget=forms.DateInput(attrs={"type": "date"}))
    upload = forms.FileField(label="签批件扫描件（可选）", required=False)


class RecheckForm(forms.Form):
    confirmed = forms.MultipleChoiceField(
        label="复核要点 [30(4)]", choices=RecheckItem.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class PrintForm(forms.Form):
    copies = forms.IntegerField(label="印数（份）", min_value=1, max_value=10000)


class DistributeForm(forms.Form):
    mode = forms.ChoiceField(
        label="分发方式", choices=DistributionMode.choices, widget=forms.RadioSelect, initial=DistributionMode.GENERAL
    )
    users = PeopleChoiceField(
        label="本办人员",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="普发时县长、副县长、主任、副主任和分发立户范围已包括在内，可再加选。",
    )
    units = forms.ModelMultipleChoiceField(
        label="单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="上级机关（如州政府）列在最前：请示、报告报送的上级机关在此勾选 [30(5)]。",
    )

    def __init__(self, *args, doc: OutgoingDocument | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = pickable_people()
        # 上级机关 first: a 请示 or 报告 is recorded as sent to the 州政府 it is addressed to [30(3)1], [30(5)].
        units = Unit.objects.filter(is_active=True).order_by(
            Case(When(kind=UnitKind.SUPERIOR, then=0), default=1), "kind", "sort_order", "name"
        )
        self.fields["units"].queryset = units
        if doc is not None and doc.main_recipients and "units" not in self.initial:
            self.initial["units"] = addressed_units(units, doc.main_recipients)


def addressed_units(units, recipients: str) -> list[int]:
    """The units named in 主送机关 (by full or short name), ticked in advance on the distribution form."""
    text = recipients.replace(" ", "")
    return [unit.pk for unit in units if unit.name in text or (unit.short_name and unit.short_name in text)]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[(AttachmentKind.ATTACHMENT, "附件"), (AttachmentKind.BODY, "正文文件（Word/PDF，代替在线正文）")],
    )
    title = forms.CharField(label="附件名称", max_length=200, required=False, help_text="印在附件说明中；不填用文件名")
    upload = forms.FileField(label="文件")


class RemoveFileForm(forms.Form):
    attachment_id = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(label="校对说明", max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="撤稿原因", max_length=300)
