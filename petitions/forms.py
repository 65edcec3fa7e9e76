"""Forms of the petition pages (信访). They check the shape of what was typed — an ID number by its GB 11643
checksum, a phone number by its length — and hand the services plain data; the rules (who, when, which step,
the time limits of 《信访工作条例》) are the services' [47]–[50]."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case as SqlCase
from django.db.models import When
from django.utils import timezone

from org.models import Unit, UnitKind

from .identity import id_number_problem, normalise_id_number, normalise_phone, phone_problem
from .models import Category, Channel, Handling, Satisfaction, State

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXTAREA = forms.Textarea(attrs={"rows": 4})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 2})
# 《信访工作条例》第十八条: several people visiting about one matter choose representatives, at most five.
MAX_REPRESENTATIVES = 5
MAX_PETITIONERS = 30  # rows of one registration: the representatives and the people who came with them


def townships():
    """问题属地: the townships first, then the county's departments and units (a matter may concern one)."""
    return units()


def units():
    """Where a case may be referred: the townships and the county's departments and units [47]."""
    return Unit.objects.filter(
        is_active=True, kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT]
    ).order_by(SqlCase(When(kind=UnitKind.TOWNSHIP, then=0), default=1), "kind", "sort_order", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# --- the list's filters ----------------------------------------------------------------------------------------

STATE_FILTER = [("", "未办结"), ("all", "全部"), *State.choices]


class CaseFilterForm(forms.Form):
    """筛选: every field optional; an invalid one is a 400 with a Chinese message, never a 500."""

    q = forms.CharField(label="搜索", max_length=100, required=False)
    state = forms.ChoiceField(label="状态", choices=STATE_FILTER, required=False)
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部渠道"), *Channel.choices], required=False)
    category = forms.ChoiceField(label="类别", choices=[("", "全部类别"), *Category.choices], required=False)
    township = UnitChoiceField(townships(), label="属地", required=False, empty_label="全部属地")
    unit = UnitChoiceField(units(), label="责任单位", required=False, empty_label="全部单位")
    overdue = forms.BooleanField(label="只看超期", required=False)
    repeat = forms.BooleanField(label="只看重复信访", required=False)
    group = forms.BooleanField(label="只看集体访", required=False)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(placeholder="事由或信访编号", type="search")
        if contact:  # a unit contact's list is their unit's already [48]
            del self.fields["unit"]


# --- 登记: the case and its petitioners [48] -----------------------------------------------------------------


class CaseForm(forms.Form):
    """登记信访件: how it came, when, what it is about and what is asked [48]."""

    channel = forms.ChoiceField(label="信访形式", choices=[("", "请选择"), *Channel.choices])
    received_at = forms.DateTimeField(label="来信来访时间", widget=DATETIME_WIDGET)
    category = forms.ChoiceField(label="问题类别", choices=[("", "请选择"), *Category.choices])
    township = UnitChoiceField(
        townships(),
        label="问题属地",
        required=False,
        empty_label="县本级",
        help_text="信访事项发生或涉及的乡镇、部门。",
    )
    place = forms.CharField(label="具体地点", max_length=200, required=False)
    title = forms.CharField(label="信访事由", max_length=200, help_text="一句话概括，如：草场界线纠纷。")
    request = forms.CharField(label="信访诉求", max_length=5000, widget=TEXTAREA)
    content = forms.CharField(label="主要内容", max_length=20000, required=False, widget=TEXTAREA)
    is_group = forms.BooleanField(label="集体访", required=False, help_text="5人以上同一事项来访。")
    head_count = forms.IntegerField(label="来访人数", min_value=1, max_value=10000, initial=1)
    is_skip_level = forms.BooleanField(
        label="越级信访", required=False, help_text="未向有权处理的本级机关提出，直接到县里。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["received_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean(self):
        d = super().clean()
        count, group = d.get("head_count"), d.get("is_group")
        if count is not None and group and count < 5:
            self.add_error("head_count", "集体访为5人以上，请核对来访人数，或取消“集体访”。")
        if count is not None and not group and count >= 5 and d.get("channel") == Channel.VISIT:
            self.add_error("is_group", "5人以上同一事项来访的，请勾选“集体访”。")
        return d


class PetitionerForm(forms.Form):
    """One petitioner: name, ID number (checked by its GB 11643 checksum), phone, address, township."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=30, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="住址", max_length=200, required=False)
    township = UnitChoiceField(
        Unit.objects.filter(is_active=True, kind=UnitKind.TOWNSHIP).order_by("sort_order", "name"),
        label="户籍所在乡（镇）",
        required=False,
        empty_label="—",
    )
    is_representative = forms.BooleanField(label="代表", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs.update(autocomplete="off", inputmode="text", spellcheck="false")
        self.fields["phone"].widget.attrs.update(autocomplete="off", inputmode="tel", type="tel")

    def clean_id_number(self) -> str:
        value = normalise_id_number(self.cleaned_data.get("id_number", ""))
        if value:
            problem = id_number_problem(value)
            if problem:
                raise ValidationError(problem)
        return value

    def clean_phone(self) -> str:
        value = normalise_phone(self.cleaned_data.get("phone", ""))
        if value:
            problem = phone_problem(value)
            if problem:
                raise ValidationError(problem)
        return value


class BasePetitionerFormSet(forms.BaseFormSet):
    """The petitioners of one case: one at least; a 集体访's representatives, at most five (条例第十八条)."""

    def __init__(self, *args, is_group: bool = False, **kwargs):
        self.is_group = is_group
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        people = [f.cleaned_data for f in self.forms if f.cleaned_data and f.cleaned_data.get("name")]
        if not people:
            raise ValidationError("请至少登记一名信访人（姓名必填）[48]。")
        ids = [p["id_number"] for p in people if p.get("id_number")]
        if len(ids) != len(set(ids)):
            raise ValidationError("同一身份证号码登记了两次，请核对。")
        if self.is_group:
            representatives = sum(1 for p in people if p.get("is_representative"))
            if representatives == 0:
                raise ValidationError("集体访请推选代表，并勾选代表（《信访工作条例》第十八条）。")
            if representatives > MAX_REPRESENTATIVES:
                raise ValidationError("集体访的代表不超过5人（《信访工作条例》第十八条）。")

    def people(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and f.cleaned_data.get("name")]


PetitionerFormSet = forms.formset_factory(
    PetitionerForm,
    formset=BasePetitionerFormSet,
    extra=1,
    max_num=MAX_PETITIONERS,
    validate_max=True,
    absolute_max=MAX_PETITIONERS,
)


# --- the steps of a case ---------------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=2000, widget=SHORT_TEXTAREA)


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", max_length=2000, required=False, widget=SHORT_TEXTAREA)


class AcceptForm(forms.Form):
    """受理: the office handles it itself; the petitioner is told (受理告知书) [48]."""

    opinion = forms.CharField(label="拟办意见", max_length=2000, required=False, widget=SHORT_TEXTAREA)


class ReferForm(forms.Form):
    """转送 / 交办 to the unit that is responsible, with the petition staff's opinion [47]."""

    unit = UnitChoiceField(units(), label="责任单位", empty_label="请选择")
    kind = forms.ChoiceField(
        label="方式",
        choices=[(Handling.TRANSFER, "转送"), (Handling.ASSIGN, "交办")],
        initial=Handling.TRANSFER,
        widget=forms.RadioSelect,
        help_text="转送：按职责转有权处理的单位；交办：要求其办理并报送结果。",
    )
    opinion = forms.CharField(label="拟办意见", max_length=2000, widget=SHORT_TEXTAREA)


class UnitAnswerForm(forms.Form):
    """The unit's answer (办理结果), recorded by the office or by the unit's 联络员 [47]."""

    answer = forms.CharField(label="办理情况", max_length=10000, widget=TEXTAREA)


class AnswerForm(forms.Form):
    """处理意见: what the office tells the petitioner (the 处理意见书)."""

    answer = forms.CharField(label="处理意见", max_length=10000, widget=TEXTAREA)


class ExtensionForm(forms.Form):
    """延期: at most 30 days, the reason told to the petitioner (条例第三十五条)."""

    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365, help_text="不超过30日。")
    reason = forms.CharField(label="延期理由", max_length=2000, widget=SHORT_TEXTAREA)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批", choices=[("1", "同意延期"), ("0", "不同意")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    comment = forms.CharField(label="意见", max_length=300, required=False)


UNSTATED = "unstated"  # 未表态 is stored as "" (Satisfaction.NONE); a required choice needs a value


class CloseForm(forms.Form):
    """办结, with the petitioner's satisfaction [50]."""

    satisfaction = forms.ChoiceField(
        label="信访人评价",
        choices=[("", "请选择"), *[(v, label) for v, label in Satisfaction.choices if v], (UNSTATED, "未表态")],
    )

    def clean_satisfaction(self) -> str:
        value = self.cleaned_data["satisfaction"]
        return Satisfaction.NONE if value == UNSTATED else value


class ReviewRequestForm(forms.Form):
    """复查 / 复核 请求: within 30 days of the answer (条例第三十五、三十六条)."""

    requested_on = forms.DateField(label="申请日期", widget=DATE_WIDGET)
    request = forms.CharField(label="申请理由", max_length=5000, widget=SHORT_TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_on"].initial = timezone.localdate()


class ReviewDecisionForm(forms.Form):
    opinion = forms.CharField(label="复查（复核）意见", max_length=10000, widget=TEXTAREA)
    upheld = forms.TypedChoiceField(
        label="结论",
        choices=[("1", "维持原处理意见"), ("0", "变更原处理意见")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class SettlementForm(forms.Form):
    """息诉罢访 recorded on a closed case [50]."""

    settled_on = forms.DateField(label="息诉罢访日期", widget=DATE_WIDGET)
    note = forms.CharField(label="说明", max_length=2000, required=False, widget=SHORT_TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settled_on"].initial = timezone.localdate()
