"""The forms of 公务接待 [6]: they check the shape of what was typed (a Chinese message on the field); the services
check the rules (approval, 公函, accompanying limit, the 清单's total)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS
from org.selectors import pickable_people

from .models import Kind, MealLine, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": Decimal("0")}
MEAL_ROWS = 6


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "profile", None)
        position = getattr(getattr(profile, "position", None), "name", "")
        name = getattr(profile, "full_name", "") or obj.get_username()
        return f"{name}（{position}）" if position else name


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.RECEPTION)
    title = forms.CharField(label="名称", max_length=200, help_text="公务接待：来访单位及事由；重大活动：活动名称")
    visiting_unit = forms.CharField(label="来访单位", max_length=100, required=False)
    letter_number = forms.CharField(label="公函文号", max_length=60, required=False, help_text="无公函不予接待 [6]")
    letter = forms.FileField(label="公函扫描件（PDF、JPG、PNG）", required=False)
    visitors = forms.CharField(
        label="来访人员（姓名、职务，每行一人）",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    visitor_count = forms.IntegerField(label="人数（来访人数或活动规模）", min_value=1, max_value=10000)
    purpose = forms.CharField(label="事由（活动内容）", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    arrive_on = forms.DateField(label="到达（活动开始）日期", widget=DATE)
    leave_on = forms.DateField(label="离开（活动结束）日期", widget=DATE)
    place = forms.CharField(label="地点（就餐、住宿或活动地点）", max_length=200, required=False)
    receiving_leader = LeaderChoiceField(label="接待领导", queryset=get_user_model().objects.none(), required=False)
    leaders_attending = forms.CharField(label="出席领导（重大活动）", max_length=300, required=False)
    accompany_count = forms.IntegerField(
        label="陪同人数",
        min_value=0,
        max_value=1000,
        initial=0,
        help_text="来访10人以内不超过3人；超过10人的不超过三分之一 [6]",
    )
    meal_standard = forms.DecimalField(label="用餐标准（元/人·餐）", initial=0, **MONEY)
    lodging = forms.BooleanField(label="安排住宿", required=False)
    estimated_cost = forms.DecimalField(
        label="预计费用（元）", initial=0, help_text="超过5000元须县长审批 [6]", **MONEY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_leader"].queryset = pickable_people(*COUNTY_LEADERS, *OFFICE_LEADERS)

    def clean(self):
        data = super().clean()
        if data.get("arrive_on") and data.get("leave_on") and data["leave_on"] < data["arrive_on"]:
            self.add_error("leave_on", "离开日期不能早于到达日期。")
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批意见",
        choices=[("approve", "批准"), ("return", "退回修改"), ("reject", "不予接待")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="意见", max_length=500, required=False)


class LetterForm(forms.Form):
    letter_number = forms.CharField(label="公函文号", max_length=60, required=False)
    letter = forms.FileField(label="公函扫描件", required=False)


class ScheduleForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE)
    start = forms.TimeField(label="时间", widget=TIME)
    item = forms.CharField(label="事项", max_length=200)
    place = forms.CharField(label="地点", max_length=200, required=False)
    accompanied_by = forms.CharField(label="陪同人员", max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300)


class RecordForm(forms.Form):
    actual_visitors = forms.CharField(
        label="实际来访人员（姓名、职务）", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    actual_visitor_count = forms.IntegerField(label="实际来访人数", min_value=1, max_value=10000)
    actual_accompany_count = forms.IntegerField(label="实际陪同人数", min_value=0, max_value=1000)
    lodging_note = forms.CharField(label="住宿安排", max_length=300, required=False)
    lodging_cost = forms.DecimalField(label="住宿费用（元）", initial=0, **MONEY)
    other_note = forms.CharField(label="其他费用说明", max_length=300, required=False)
    other_cost = forms.DecimalField(label="其他费用（元）", initial=0, **MONEY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MEAL_ROWS):
            self.fields[f"meal_{i}_on"] = forms.DateField(label=f"第{i + 1}餐日期", required=False, widget=DATE)
            self.fields[f"meal_{i}_meal"] = forms.ChoiceField(
                label=f"第{i + 1}餐餐次", required=False, choices=[("", "—"), *MealLine.Meal.choices]
            )
            self.fields[f"meal_{i}_diners"] = forms.IntegerField(
                label=f"第{i + 1}餐人数", required=False, min_value=1, max_value=10000
            )
            self.fields[f"meal_{i}_cost"] = forms.DecimalField(label=f"第{i + 1}餐费用", required=False, **MONEY)

    def meal_rows(self):
        return [
            [self[f"meal_{i}_on"], self[f"meal_{i}_meal"], self[f"meal_{i}_diners"], self[f"meal_{i}_cost"]]
            for i in range(MEAL_ROWS)
        ]

    def clean(self):
        data = super().clean()
        meals = []
        for i in range(MEAL_ROWS):
            values = [data.get(f"meal_{i}_{k}") for k in ("on", "meal", "diners", "cost")]
            if all(v in (None, "") for v in values):
                continue
            if any(v in (None, "") for v in values):
                self.add_error(None, f"第{i + 1}餐：日期、餐次、人数、费用都要填写。")
                continue
            meals.append(values)
        data["meals"] = meals
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *State.choices])
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *Kind.choices])
    month = forms.CharField(label="月份", required=False, widget=forms.TextInput(attrs={"type": "month"}))
    unit = forms.CharField(label="来访单位", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(placeholder="名称、来访单位或事由", type="search")

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError("月份格式应为 2026-09。") from None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError("月份格式应为 2026-09。")
        return (year, month)
