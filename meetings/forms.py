"""Forms of 会议 (第三章, 第六条). They check the shape of what was typed; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from core.pagination import EARLIEST_DAY, LATEST_DAY
from org.forms import PeopleChoiceField, PersonChoiceField
from org.models import SecretLevel, Unit, UnitKind
from org.selectors import pickable_people

from .kinds import SPECS, Kind, spec_of
from .models import Attendee, Room, State
from .services import MeetingData

# datetime-local inputs send ISO values: 2026-09-15T10:00 (seconds when the browser adds them).
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

# 列席单位 of the county's meetings are the county's own units [6]; superior organs are not invited.
INVITED_UNIT_KINDS = [UnitKind.COUNTY_ORGAN, UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT]


def _datetime(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MeetingForm(forms.Form):
    """筹备/修改会议: the kind is chosen first (its chair rule, article and default attendees are shown) [17],
    [18], [24], [25], [6]; then title, chair (with the entrustment when a deputy chairs), time, place, people."""

    title = forms.CharField(label="会议名称", max_length=200)
    chair = PersonChoiceField(pickable_people(), label="主持人", empty_label="请选择")
    entrusted_by = PersonChoiceField(
        pickable_people(),
        label="委托人",
        required=False,
        empty_label="（主持人本人有权主持，无委托）",
        help_text="副职受委托主持时填写委托人和委托情况 [18][24][25][6]。",
    )
    entrustment = forms.CharField(
        label="委托情况", max_length=200, required=False, help_text="如：主任赴州开会，书面委托。"
    )
    starts_at = _datetime("开始时间")
    ends_at = _datetime("结束时间")
    room = forms.ModelChoiceField(
        Room.objects.filter(is_active=True), label="会议室", required=False, empty_label="（不在会议室召开）"
    )
    place = forms.CharField(label="地点", max_length=100, required=False, help_text="不在会议室召开时填写。")
    to_bring = forms.CharField(
        label="参会须知", max_length=300, required=False, help_text="如：请携带有关材料，提前10分钟到场。"
    )
    secret_level = forms.TypedChoiceField(
        label="密级", choices=SecretLevel.choices, coerce=int, initial=SecretLevel.NONE
    )
    attendees = PeopleChoiceField(
        pickable_people(),
        label="参会人员",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="已按会议类型勾选默认参会人员，可增减；主持人总是参会。",
    )
    units = UnitsField(
        Unit.objects.filter(is_active=True, kind__in=INVITED_UNIT_KINDS),
        label="列席单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="按住 Ctrl（手机上直接点选）可选多个单位。",
    )
    reason = forms.CharField(
        label="改期原因",
        max_length=300,
        required=False,
        help_text="会议通知已发出后改变时间或地点须写明原因，系统将通知全体参会人员 [17]。",
    )

    def __init__(self, *args, kind: str, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.spec = spec_of(kind)
        self.meeting = meeting
        spec = self.spec
        self.fields["chair"].queryset = pickable_people(*spec.chairs, *spec.entrusted_chairs)
        self.fields["chair"].help_text = f"{spec.chair_rule} {spec.article}"
        self.fields["entrusted_by"].queryset = pickable_people(*spec.chairs)
        if not spec.entrusted_chairs:
            del self.fields["entrusted_by"], self.fields["entrustment"]
        if meeting is None or meeting.state != State.NOTIFIED:
            del self.fields["reason"]
        if spec.office:
            del self.fields["units"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "结束时间应晚于开始时间。")
        if not data.get("room") and not (data.get("place") or "").strip() and "room" not in self.errors:
            self.add_error("place", "请选择会议室或填写地点。")
        return data

    def to_data(self) -> MeetingData:
        d = self.cleaned_data
        return MeetingData(
            kind=self.kind,
            title=d["title"],
            chair=d["chair"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            room=d.get("room"),
            place=d.get("place") or "",
            to_bring=d.get("to_bring") or "",
            entrusted_by=d.get("entrusted_by"),
            entrustment=d.get("entrustment") or "",
            secret_level=d["secret_level"],
        )

    def chosen_people(self) -> list:
        return list(self.cleaned_data.get("attendees") or [])

    def chosen_units(self) -> list:
        return list(self.cleaned_data.get("units") or [])

    @staticmethod
    def initial_for(meeting) -> dict:
        seats = list(meeting.attendees.filter(active=True).only("person_id", "unit_id"))
        return {
            "title": meeting.title,
            "chair": meeting.chair_id,
            "entrusted_by": meeting.entrusted_by_id,
            "entrustment": meeting.entrustment,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "room": meeting.room_id,
            "place": meeting.place,
            "to_bring": meeting.to_bring,
            "secret_level": meeting.secret_level,
            "attendees": [s.person_id for s in seats if s.person_id],
            "units": [s.unit_id for s in seats if s.unit_id],
        }


def kind_from(value) -> str | None:
    """The kind named in the query string, or None (unknown or missing)."""
    return value if value in SPECS else None


class CancelForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=300, error_messages={"required": "请写明取消会议的原因。"})


class MaterialForm(forms.Form):
    """会议材料 with its secret level; a classified one only for people cleared on the meeting [31], [32]."""

    title = forms.CharField(label="材料名称", max_length=200, required=False, help_text="不填则用文件名。")
    file = forms.FileField(label="文件")
    secret_level = forms.TypedChoiceField(label="密级", choices=SecretLevel.choices, coerce=int, initial=0)
    topic = forms.TypedChoiceField(label="所属议题", required=False, coerce=int, empty_value=None, choices=())

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "（整个会议）"), *[(t.pk, t.title) for t in topics]]
        if not topics:
            del self.fields["topic"]


class AttendanceForm(forms.Form):
    """签到登记 by the clerk: 签到 / 请假 / 缺席 / 代会 (with the substitute) [17]."""

    status = forms.ChoiceField(
        choices=[(s, label) for s, label in Attendee.Status.choices if s != Attendee.Status.EXPECTED],
        error_messages={"invalid_choice": "请选择出席情况。", "required": "请选择出席情况。"},
    )
    substitute = PersonChoiceField(pickable_people(), required=False, empty_label="请选择代会人")
    note = forms.CharField(max_length=200, required=False)
    representative = forms.CharField(max_length=50, required=False)


class ListFilterForm(forms.Form):
    """The list's filters: kind, state, year, words of the title. Bad values are a 400, never a 500."""

    kind = forms.ChoiceField(choices=[("", "全部类型"), *Kind.choices], required=False)
    state = forms.ChoiceField(choices=[("", "全部状态"), *State.choices], required=False)
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    q = forms.CharField(max_length=50, required=False)


class WhenForm(forms.Form):
    # Bounded like every list's jump to a date (core.pagination): a week of 9999-12-31 has no next Monday.
    date = forms.DateField(
        input_formats=["%Y-%m-%d"],
        required=False,
        validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)],
    )
    view = forms.ChoiceField(choices=[("week", "周"), ("month", "月")], required=False)
    scope = forms.ChoiceField(choices=[("mine", "我的会议"), ("office", "全部会议")], required=False)
