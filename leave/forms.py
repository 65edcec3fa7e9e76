"""Forms of 请销假 [51], [54]. They check the shape of what was typed; the rules are the services'."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from org.forms import PersonChoiceField
from org.models import Section
from org.roles import OFFICE_STAFF
from org.selectors import pickable_people

from .models import LeaveKind, LeaveRequest
from .periods import Half
from .services import LeaveData

User = get_user_model()

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD_LABEL = f"附件（如病假证明：PDF/JPG/PNG，不超过 {settings.UPLOAD_MAX_MB} MB）"


def office_people():
    """The office's staff, for 工作交接人: the shared picker's people (org), listed by section."""
    return (
        pickable_people(*OFFICE_STAFF)
        .select_related("profile__section")
        .order_by("profile__section__sort_order", "profile__sort_order", "id")
    )


def _date(required: bool = True, label: str = "") -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_WIDGET, required=required, input_formats=["%Y-%m-%d"])


class LeaveForm(forms.Form):
    """填写请假单: kind, the period to the half-day, where, why, who covers, a supporting paper [51], [54]."""

    kind = forms.ModelChoiceField(LeaveKind.objects.filter(active=True), label="类别", empty_label="请选择")
    start_date = _date(label="开始日期")
    start_half = forms.ChoiceField(label="开始于", choices=Half.choices, initial=Half.AM)
    end_date = _date(label="结束日期")
    end_half = forms.ChoiceField(label="结束于", choices=Half.choices, initial=Half.PM)
    destination = forms.CharField(
        label="去向", max_length=100, required=False, help_text="出差、学习培训和离开县境的须写明去向 [51][54]。"
    )
    leaves_county = forms.BooleanField(label="离开县境（离县）", required=False)
    reason = forms.CharField(label="事由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    cover = PersonChoiceField(
        office_people(),
        label="工作交接人",
        required=False,
        empty_label="（不指定）",
        help_text="外出期间代为处理工作的同事。",
    )
    attachment = forms.FileField(label=UPLOAD_LABEL, required=False)

    def __init__(self, *args, user=None, req: LeaveRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.req = user, req
        if user is not None:
            self.fields["cover"].queryset = office_people().exclude(pk=user.pk)
        if req is not None and req.attachment:
            self.fields["remove_attachment"] = forms.BooleanField(
                label=f"删除已上传的附件“{req.attachment_name}”", required=False
            )

    @staticmethod
    def initial_for(req: LeaveRequest) -> dict:
        return {
            "kind": req.kind_id,
            "start_date": req.start_date,
            "start_half": req.start_half,
            "end_date": req.end_date,
            "end_half": req.end_half,
            "destination": req.destination,
            "leaves_county": req.leaves_county,
            "reason": req.reason,
            "cover": req.cover_id,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", f"结束日期（{end:%Y年%m月%d日}）早于开始日期（{start:%Y年%m月%d日}）[54]。")
        return data

    def to_data(self) -> LeaveData:
        d = self.cleaned_data
        return LeaveData(
            kind=d["kind"],
            start_date=d["start_date"],
            start_half=d["start_half"],
            end_date=d["end_date"],
            end_half=d["end_half"],
            reason=d["reason"],
            destination=d["destination"],
            leaves_county=d["leaves_county"],
            cover=d["cover"],
        )


class PlanForm(forms.Form):
    """What the plan (who will approve and why) needs — read leniently from a half-filled form."""

    kind = forms.ModelChoiceField(LeaveKind.objects.filter(active=True))
    start_date = _date()
    start_half = forms.ChoiceField(choices=Half.choices)
    end_date = _date()
    end_half = forms.ChoiceField(choices=Half.choices)
    destination = forms.CharField(max_length=100, required=False)
    leaves_county = forms.BooleanField(required=False)


class ApproveForm(forms.Form):
    comment = forms.CharField(label="审批意见（可不填）", max_length=2000, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="不批准的理由", max_length=2000, error_messages={"required": "请填写不批准的理由 [54]。"}
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因（可不填）", max_length=500, required=False)


class ExtendForm(forms.Form):
    """续假: a new end, the reason, a supporting paper; the start follows the approved end [54]."""

    end_date = _date(label="续假至（日期）")
    end_half = forms.ChoiceField(label="续假至", choices=Half.choices, initial=Half.PM)
    reason = forms.CharField(label="续假事由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=UPLOAD_LABEL, required=False)


class ReturnForm(forms.Form):
    """销假: the half-day the person is back at work [54]."""

    returned_on = _date(label="回岗日期")
    returned_half = forms.ChoiceField(label="回岗于", choices=Half.choices)


class MonthForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)
    section = forms.ModelChoiceField(Section.objects.all(), required=False)


class DayForm(forms.Form):
    day = _date(required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


def clamp_year(value, default: int) -> int:
    return value if isinstance(value, int) and 2000 <= value <= 2100 else default


def month_of(form: MonthForm, today: date) -> tuple[int, int]:
    data = form.cleaned_data if form.is_valid() else {}
    return data.get("year") or today.year, data.get("month") or today.month
