"""The duty pages' forms (值班表、换班、交接班、值班日志) [41], [42]. They check the shape of the input only; every
rule (who may, who is away, the minimum rest, the 带班 leaders) is the services' and comes back as a Chinese
message on the form or a refusal page."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role
from org.selectors import display_name

from .models import Roster

User = get_user_model()
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def _people(*roles) -> list[tuple[str, str]]:
    """Active people holding any of ``roles`` (never the superuser), in the office's order. One query."""
    qs = (
        User.objects.filter(is_active=True, is_superuser=False, groups__name__in=[r.value for r in roles])
        .distinct()
        .select_related("profile")
        .order_by("profile__sort_order", "id")
    )
    return [(str(u.pk), display_name(u)) for u in qs]


def rota_choices(empty: str = "（空）") -> list[tuple[str, str]]:
    """The people who may be put on a shift: the 值班人员 [41], [42]."""
    return [("", empty), *_people(Role.DUTY_OFFICER)]


class GenerateForm(forms.Form):
    """生成值班表: a month, or a holiday period (春节、国庆 …) picked from the calendar or typed."""

    period = forms.ChoiceField(label="类别", choices=Roster.Period.choices, initial=Roster.Period.MONTH)
    starts_on = forms.DateField(
        label="起始日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写起始日期。", "invalid": "起始日期格式应为 2026-10-01。"},
    )
    ends_on = forms.DateField(
        label="截止日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写截止日期。", "invalid": "截止日期格式应为 2026-10-07。"},
    )
    title = forms.CharField(label="名称", max_length=100, required=False, help_text="不填则按月份或节日自动命名")
    note = forms.CharField(label="说明", max_length=300, required=False)

    def clean_starts_on(self):
        return sane_day(self.cleaned_data.get("starts_on"))

    def clean_ends_on(self):
        return sane_day(self.cleaned_data.get("ends_on"))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "截止日期不能早于起始日期。")
        return data


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


class AssignForm(forms.Form):
    """调整值班人员 of one shift [42]."""

    person = forms.TypedChoiceField(label="值班人员", choices=(), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = choices if choices is not None else rota_choices()
        self.fields["person"].error_messages["invalid_choice"] = "所选人员不是值班人员 [41][42]。"


class LeadersForm(forms.Form):
    """带班领导 of a statutory holiday day: a county-government leader and an office leader [41]."""

    day = forms.DateField(error_messages={"required": "请指定日期。", "invalid": "日期格式不正确。"})
    county_leader = forms.TypedChoiceField(
        label="带班县政府领导", choices=(), required=False, coerce=int, empty_value=None
    )
    office_leader = forms.TypedChoiceField(
        label="带班办公室领导", choices=(), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, county=None, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county_leader"].choices = [("", "（未安排）"), *(county or leader_choices(sorted(COUNTY_LEADERS)))]
        self.fields["office_leader"].choices = [("", "（未安排）"), *(office or leader_choices(sorted(OFFICE_LEADERS)))]
        self.fields["county_leader"].error_messages["invalid_choice"] = "所选人员不是县政府领导 [41]。"
        self.fields["office_leader"].error_messages["invalid_choice"] = "所选人员不是办公室领导 [41]。"

    def clean_day(self):
        return sane_day(self.cleaned_data.get("day"))


def leader_choices(roles) -> list[tuple[str, str]]:
    return _people(*roles)


class CancelForm(forms.Form):
    reason = forms.CharField(label="作废原因", max_length=300, error_messages={"required": "请填写作废原因。"})


class SwapForm(forms.Form):
    """换班申请: who takes the shift, the reason, and optionally their shift in exchange [42]."""

    other_person = forms.TypedChoiceField(
        label="替班人", choices=(), coerce=int, error_messages={"required": "请选择替班人。"}
    )
    other_shift = forms.TypedChoiceField(
        label="对调班次", choices=(), required=False, coerce=int, empty_value=None, help_text="不对调的留空"
    )
    reason = forms.CharField(
        label="换班理由",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写换班理由。"},
    )

    def __init__(self, *args, people=(), shifts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_person"].choices = [("", "请选择"), *people]
        self.fields["other_shift"].choices = [("", "（不对调，对方替班）"), *shifts]
        self.fields["other_person"].error_messages["invalid_choice"] = "所选人员不是值班人员 [42]。"
        self.fields["other_shift"].error_messages["invalid_choice"] = "所选班次不是替班人的未开始班次。"


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", max_length=300, required=False)


class HandoverForm(forms.Form):
    """交班: what is still open for the next person [41]."""

    open_matters = forms.CharField(
        label="交接事项",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="未办结的事项、需接班人跟进的情况；没有的写“无”",
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(label="接班说明", max_length=300, required=False)


class LogForm(forms.Form):
    """值班日志: time, from whom, what, what was done [41]."""

    at = forms.DateTimeField(
        label="时间",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="不填为现在",
        error_messages={"invalid": "时间格式不正确。"},
    )
    caller = forms.CharField(
        label="来电（来人）单位及姓名", max_length=100, error_messages={"required": "请填写来电（来人）。"}
    )
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    content = forms.CharField(
        label="内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写内容。"},
    )
    action_taken = forms.CharField(
        label="处理情况", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is not None and at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError("记录时间不能晚于现在。")
        return at


def sane_day(day: date | None) -> date | None:
    """A date a person could mean (2000–2099); anything else is a hand-edited address."""
    if day is not None and not (2000 <= day.year <= 2099):
        raise forms.ValidationError("日期超出范围（2000—2099 年）。")
    return day


class LogSearchForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=100, required=False)
    since = forms.DateField(label="起", required=False, error_messages={"invalid": "日期格式应为 2026-01-31。"})
    until = forms.DateField(label="止", required=False, error_messages={"invalid": "日期格式应为 2026-01-31。"})

    def clean_since(self):
        return sane_day(self.cleaned_data.get("since"))

    def clean_until(self):
        return sane_day(self.cleaned_data.get("until"))
