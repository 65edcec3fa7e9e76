"""Forms of the 行政复议与应诉 pages [13]. They check the shape of what was typed and turn it into the services'
data; the rules (who, when, the deadline, an outcome before closing) are the services'."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from org.models import Unit, UnitKind

from .models import CaseAttachment, CaseKind, CaseState, LicensingStatus, Outcome, PartyKind
from .services import CaseData, ItemData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST_YEAR = 2000
# The county's departments and townships make administrative acts the county government answers for.
ACTING_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP, UnitKind.COUNTY_UNIT)


def acting_units():
    return Unit.objects.filter(is_active=True, kind__in=ACTING_KINDS).order_by("kind", "sort_order", "name")


def legal_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__section__code="legal")
        .select_related("profile")
        .order_by("profile__sort_order", "id")
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        return getattr(profile, "full_name", "") or obj.username


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by ``core.uploads.check_upload`` in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class CaseFilterForm(forms.Form):
    DUE_CHOICES = [("", "全部"), ("soon", "即将到期"), ("overdue", "已逾期")]

    q = forms.CharField(label="搜索", max_length=60, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), *CaseKind.choices], required=False)
    state = forms.ChoiceField(
        label="状态", choices=[("", "未结案"), *CaseState.choices, ("all", "全部")], required=False
    )
    due = forms.ChoiceField(label="期限", choices=DUE_CHOICES, required=False)
    unit = UnitChoiceField(label="部门", queryset=Unit.objects.none(), required=False, empty_label="全部")
    year = forms.IntegerField(label="年度", required=False, min_value=EARLIEST_YEAR)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year + 1
        self.fields["year"].widget.attrs.update({"min": EARLIEST_YEAR, "max": timezone.localdate().year + 1})
        self.fields["q"].widget.attrs.update({"placeholder": "案号、行政行为" if contact else "案号、当事人、行政行为"})
        if contact:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = acting_units()


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label="案件类型", choices=CaseKind.choices)
    number = forms.CharField(label="案号", max_length=80, help_text="如：杂政复〔2026〕3号、（2026）青2722行初5号")
    organ = forms.CharField(label="复议机关/受理法院", max_length=100, required=False)
    party_kind = forms.ChoiceField(label="申请人/原告类型", choices=PartyKind.choices, initial=PartyKind.PERSON)
    party_name = forms.CharField(label="申请人/原告", max_length=100)
    party_id_number = forms.CharField(label="身份证号码/统一社会信用代码", max_length=30, required=False)
    party_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    act = forms.CharField(label="被申请复议/被诉的行政行为", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    unit = UnitChoiceField(label="作出行政行为的部门", queryset=Unit.objects.none(), empty_label="请选择")
    received_on = forms.DateField(label="收到申请书/起诉状副本日期", widget=DATE_WIDGET)
    hearing_on = forms.DateField(label="开庭/听证日期", widget=DATE_WIDGET, required=False)
    handler = PersonChoiceField(label="承办人", queryset=get_user_model().objects.none(), empty_label="请选择")
    files = MultipleFileField(label="申请书/起诉状副本", help_text="PDF、图片或 Word 文件，可多选")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units()
        self.fields["handler"].queryset = legal_staff()
        self.fields["received_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def data_for_service(self) -> CaseData:
        d = self.cleaned_data
        return CaseData(
            kind=d["kind"],
            number=d["number"],
            organ=d.get("organ", ""),
            party_kind=d["party_kind"],
            party_name=d["party_name"],
            party_id_number=d.get("party_id_number", ""),
            party_phone=d.get("party_phone", ""),
            act=d["act"],
            unit=d["unit"],
            received_on=d["received_on"],
            hearing_on=d.get("hearing_on"),
            handler=d["handler"],
        )


class CommentForm(forms.Form):
    comment = forms.CharField(label="说明", max_length=500, required=False)


class HearingForm(forms.Form):
    hearing_on = forms.DateField(label="开庭/听证日期", widget=DATE_WIDGET, required=False)


class MaterialsForm(forms.Form):
    received_on = forms.DateField(label="材料收到日期", widget=DATE_WIDGET)
    note = forms.CharField(label="材料说明", max_length=1000, required=False)
    files = MultipleFileField(label="材料文件")


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label="提交日期", widget=DATE_WIDGET)
    comment = forms.CharField(label="说明", max_length=1000, required=False)
    files = MultipleFileField(label="答复书/答辩状")


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="结果", choices=[("", "请选择"), *Outcome.choices], required=False)
    outcome_note = forms.CharField(label="结果说明", max_length=2000, required=False)
    closed_on = forms.DateField(label="结案日期", widget=DATE_WIDGET, required=False)
    appeal = forms.CharField(label="上诉/后续情况", max_length=1000, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回说明", max_length=1000)


class AttachForm(forms.Form):
    kind = forms.ChoiceField(label="材料类别", choices=CaseAttachment.Kind.choices)
    files = MultipleFileField(label="文件")


# --- licensing items -----------------------------------------------------------------------------------------


class DecisionFields(forms.Form):
    document_number = forms.CharField(label="决定文号", max_length=80)
    decided_on = forms.DateField(label="决定日期", widget=DATE_WIDGET)


class ItemForm(DecisionFields):
    code = forms.CharField(label="事项编码", max_length=40, required=False)
    name = forms.CharField(label="事项名称", max_length=200)
    legal_basis = forms.CharField(label="设定依据", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    unit = UnitChoiceField(label="实施部门", queryset=Unit.objects.none(), empty_label="请选择")
    note = forms.CharField(label="备注", max_length=500, required=False)
    basis = forms.CharField(label="列入依据", max_length=1000, initial="列入县级行政许可事项目录")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units()

    def item_data(self) -> ItemData:
        d = self.cleaned_data
        return ItemData(name=d["name"], legal_basis=d["legal_basis"], unit=d["unit"], code=d["code"], note=d["note"])


class ItemDecisionForm(DecisionFields):
    status = forms.ChoiceField(label="决定", choices=LicensingStatus.choices)
    basis = forms.CharField(label="依据/理由", max_length=1000)


class ItemFilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=60, required=False)
    unit = UnitChoiceField(label="实施部门", queryset=Unit.objects.none(), required=False, empty_label="全部")
    status = forms.ChoiceField(
        label="状态", choices=[("", "现行有效"), *LicensingStatus.choices, ("all", "全部")], required=False
    )

    def __init__(self, *args, register: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units()
        if not register:
            del self.fields["status"]


class CleanupForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=EARLIEST_YEAR)
    title = forms.CharField(label="清理名称", max_length=200)
    note = forms.CharField(label="说明", max_length=1000, required=False)
