"""Forms of the information pages (政务信息). They check the shape of what was typed — lengths, dates, a choice
from the list — and give the services plain values; the rules (who, when, a reason for 不采用, adoption only at a
level the item was sent to) are the services' [44], [45], [46]."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.utils import timezone

from org.models import Unit
from supervision.forms import MultipleFileField

from .models import Channel, Kind, Level, State, Target

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
STATE_FILTER = [("", "全部状态"), ("open", "未归档"), *State.choices]


def units():
    return Unit.objects.filter(is_active=True).order_by("kind", "sort_order", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# --- the list's filters ----------------------------------------------------------------------------------------


class ItemFilterForm(forms.Form):
    """筛选: every field optional; an invalid one is a 400 with a Chinese message, never a 500 [44]."""

    q = forms.CharField(label="搜索", max_length=100, required=False)
    state = forms.ChoiceField(label="状态", choices=STATE_FILTER, required=False)
    kind = forms.ChoiceField(label="类别", required=False)
    unit = forms.CharField(label="单位", required=False)  # a unit's id, or "office" for the office's own
    target = forms.ChoiceField(label="报送", required=False)
    week = forms.CharField(label="周", max_length=8, required=False)  # 2026-W37, the browser's week input
    date_from = forms.DateField(label="来稿自", required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label="至", required=False, widget=DATE_WIDGET)
    urgent = forms.BooleanField(label="只看紧急信息", required=False)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部类别"), *Kind.choices]
        self.fields["target"].choices = [("", "全部"), *Target.choices]
        self.fields["q"].widget.attrs.update(placeholder="标题或正文", type="search")
        self.fields["week"].widget = forms.TextInput(attrs={"type": "week"})
        self.unit_choices = []
        if contact:  # a unit contact's list is their unit's already [45]
            del self.fields["unit"]
        else:
            self.unit_choices = [("", "全部单位"), ("office", "县政府办公室（本办）")] + [
                (str(u.pk), u.name) for u in units()
            ]

    def clean_unit(self):
        value = (self.cleaned_data.get("unit") or "").strip()
        if not value or value == "office":
            return value
        if not value.isdigit() or not Unit.objects.filter(pk=int(value)).exists():
            raise forms.ValidationError("没有这个单位。")
        return int(value)

    def clean_week(self) -> tuple[date, date] | None:
        value = (self.cleaned_data.get("week") or "").strip()
        if not value:
            return None
        match = WEEK.match(value)
        if not match:
            raise forms.ValidationError("周的格式应为 2026-W37。")
        year = int(match.group(1))
        try:
            if not 2000 <= year <= 2100:
                raise ValueError(year)
            monday = date.fromisocalendar(year, int(match.group(2)), 1)
        except ValueError:
            raise forms.ValidationError("没有这一周。") from None
        return monday, monday + timedelta(days=6)

    def clean(self):
        d = super().clean()
        for name in ("date_from", "date_to"):
            if d.get(name) and not 2000 <= d[name].year <= 2100:
                self.add_error(name, "日期应在2000年至2100年之间。")
                d.pop(name, None)
        if d.get("date_from") and d.get("date_to") and d["date_from"] > d["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return d


# --- submitting and editing ------------------------------------------------------------------------------------


class SubmitForm(forms.Form):
    """报送信息 (来稿): a unit contact for their unit; the office's information staff for any unit or the office
    itself. An 紧急信息 goes to the reviewing leader at once [44], [46]."""

    kind = forms.ChoiceField(label="类别", help_text="紧急信息直接送办公室领导审核，急事急报 [46]。")
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))
    unit = forms.CharField(label="报送单位", required=False)
    author = forms.CharField(label="撰稿人", max_length=60, help_text="署名的撰稿人姓名。")
    files = MultipleFileField(label="附件", required=False, help_text="图片、PDF、Word、Excel，可多选。")

    def __init__(self, *args, unit_fixed: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择类别"), *Kind.choices]
        self.unit_fixed = unit_fixed
        if unit_fixed is not None:  # a unit contact submits for their own unit [44]
            del self.fields["unit"]
        else:
            self.fields["unit"] = UnitChoiceField(
                units(), label="报送单位", required=False, empty_label="县政府办公室（本办撰写）"
            )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写标题。")
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("请填写正文。")
        return body

    def chosen_unit(self) -> Unit | None:
        return self.unit_fixed if self.unit_fixed is not None else self.cleaned_data.get("unit")


class EditForm(forms.Form):
    """编辑: the text as edited; each save is a revision, the submitted text kept as revision 1 [46]."""

    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 16}))
    note = forms.CharField(label="修改说明", max_length=200, required=False, help_text="如：压缩篇幅、核实数据。")


# --- the steps (each a POST from the item's page) ---------------------------------------------------------------


class ScreenForm(forms.Form):
    """筛选: 选用 (into 编辑) or 不采用 with the reason [46]. Not "采用": that word is the 省/州/县's adoption [46],
    and a clerk reading "已采用" on a fresh 来稿 would think it had been adopted."""

    decision = forms.ChoiceField(
        label="筛选结果", choices=[("keep", "选用，进入编辑"), ("drop", "不采用")], widget=forms.RadioSelect
    )
    reason = forms.CharField(label="不采用理由", max_length=300, required=False)


class ReviewForm(forms.Form):
    """审核: 同意报送 or 退回修改 with a comment [46]."""

    decision = forms.ChoiceField(
        label="审核意见", choices=[("approve", "同意报送"), ("return", "退回修改")], widget=forms.RadioSelect
    )
    comment = forms.CharField(label="意见", max_length=500, required=False)


class SendForm(forms.Form):
    """报送: to 省 / 州 / 县领导 (one or several at once), the date and the channel [44]."""

    targets = forms.MultipleChoiceField(label="报送至", widget=forms.CheckboxSelectMultiple)
    sent_on = forms.DateField(label="报送日期", widget=DATE_WIDGET)
    channel = forms.ChoiceField(label="报送渠道")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, sent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = [(v, label) for v, label in Target.choices if v not in sent]
        self.fields["channel"].choices = Channel.choices
        self.fields["channel"].initial = Channel.NETWORK  # [44]: the electronic channel first
        self.fields["sent_on"].initial = timezone.localdate()


class AdoptForm(forms.Form):
    """采用: by which level, in which publication, on which day; a leader's 批示 on it [46]."""

    level = forms.ChoiceField(label="采用级别")
    publication = forms.CharField(
        label="刊物", max_length=200, required=False, help_text="如：《青海政务信息》2026年第12期。"
    )
    adopted_on = forms.DateField(label="采用日期", widget=DATE_WIDGET)
    instruction = forms.CharField(
        label="领导批示", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    instructed_by = forms.CharField(label="批示领导", max_length=100, required=False)

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        shown = [(v, label) for v, label in Level.choices if levels is None or v in levels]
        self.fields["level"].choices = [("", "请选择采用级别"), *shown]
        self.fields["adopted_on"].initial = timezone.localdate()


class AttachForm(forms.Form):
    """附件 added to an item [46]."""

    files = MultipleFileField(label="附件", required=False, help_text="图片、PDF、Word、Excel，可多选。")


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False)


class VersionForm(forms.Form):
    """A step that carries nothing but the page's version (提交审核, 归档)."""
