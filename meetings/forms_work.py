"""Forms of the topics, minutes, decisions and statistics pages. They check the shape of what was typed; the
rules (who, when, what is missing) are the services' [17], [18], [24], [25], [6], [37]."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from org.forms import PersonChoiceField
from org.models import Section, Unit, UnitKind
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS
from org.selectors import pickable_people

from .kinds import SPECS, Kind, spec_of
from .models import DecisionState, Topic
from .services import DecisionData, TopicData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# The units a county meeting calls to attend (列席) or makes responsible: the county's own organs, departments,
# townships and units — never the superior organs [6], [37].
COUNTY_UNIT_KINDS = [UnitKind.COUNTY_ORGAN, UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT]


def active_units():
    return Unit.objects.filter(is_active=True, kind__in=COUNTY_UNIT_KINDS).order_by("sort_order", "name")


def office_sections():
    """责任科室: the office's sections, not the two leadership groups [15]."""
    return Section.objects.exclude(code__in=[Section.Code.LEADERSHIP, Section.Code.OFFICE_LEADERSHIP]).order_by(
        "sort_order", "id"
    )


def leaders():
    """责任领导: the county's and the office's leaders [37], [38]."""
    return pickable_people(*COUNTY_LEADERS, *OFFICE_LEADERS)


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TopicForm(forms.Form):
    """提出议题: the kind of meeting, the category from that kind's article, the title, what is to be decided,
    the units to attend (列席), and the 请示 it comes from [18], [24], [25], [6], [28(1)]."""

    kind = forms.ChoiceField(label="会议类型", choices=[])
    category = forms.ChoiceField(label="议题类别", choices=[], help_text="须属于该类会议所依条款列明的内容。")
    title = forms.CharField(label="议题", max_length=200)
    description = forms.CharField(
        label="内容和需研究的问题", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    units = UnitsField(
        active_units(),
        label="列席单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="研究该议题时需列席的部门、乡(镇)（按住 Ctrl 多选）。",
    )
    from_incoming = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择")] + [(k, SPECS[k].label) for k in kinds]
        # Every kind's categories, grouped: the page's script shows only the chosen kind's group; without
        # script the service still refuses a category of another kind [18], [24], [25], [6].
        self.fields["category"].choices = [("", "请选择")] + [
            (f"{SPECS[k].label}（{SPECS[k].article}）", list(SPECS[k].categories)) for k in kinds
        ]

    def clean(self):
        data = super().clean()
        kind, category = data.get("kind"), data.get("category")
        if kind and category and category not in dict(spec_of(kind).categories):
            spec = spec_of(kind)
            self.add_error("category", f"{spec.label}的议题须属于{spec.article}所列内容，请重新选择类别。")
        return data

    def to_data(self, incoming=None) -> TopicData:
        d = self.cleaned_data
        return TopicData(
            kind=d["kind"],
            category=d["category"],
            title=d["title"],
            description=d.get("description") or "",
            units=tuple(d.get("units") or ()),
            from_incoming=incoming,
        )


class AcceptForm(forms.Form):
    """列入议程: onto an upcoming meeting of the same kind, or accepted to wait for one [18], [24], [25], [6]."""

    meeting_pk = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300)


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", max_length=2000, required=False)


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(label="修改意见", max_length=2000)


class ResultForm(forms.Form):
    result = forms.CharField(label="落实情况", max_length=5000)


class MinutesBodyForm(forms.Form):
    body = forms.CharField(
        label="纪要正文", max_length=50000, required=False, widget=forms.Textarea(attrs={"rows": 16})
    )


class DecisionForm(forms.Form):
    """议定事项: what, which topic, the responsible units and sections, the leader, the deadline [37], [15]."""

    text = forms.CharField(label="议定事项", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    topic = forms.ModelChoiceField(Topic.objects.none(), label="所属议题", required=False, empty_label="（不对应议题）")
    units = UnitsField(active_units(), label="责任单位", required=False, widget=forms.SelectMultiple(attrs={"size": 5}))
    sections = forms.ModelMultipleChoiceField(
        office_sections(),
        label="责任科室",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    leader = PersonChoiceField(leaders(), label="责任领导", required=False, empty_label="请选择")
    due_date = forms.DateField(label="办结时限", required=False, widget=DATE_WIDGET, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = meeting.topics.order_by("position", "id")
        self.fields["sections"].label_from_instance = lambda s: s.name

    def to_data(self) -> DecisionData:
        d = self.cleaned_data
        return DecisionData(
            text=d["text"],
            leader=d.get("leader"),
            due_date=d.get("due_date"),
            units=tuple(d.get("units") or ()),
            sections=tuple(d.get("sections") or ()),
            topic=d.get("topic"),
        )


class DecisionFilterForm(forms.Form):
    """The decision list's filters: state, overdue only, responsible leader, kind of meeting."""

    # Unfiltered, the list is what is still to be done (待落实 and 督办中), by deadline; 全部 is asked for.
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "待落实和督办中"), ("all", "全部"), *DecisionState.choices],
    )
    overdue = forms.BooleanField(label="只看逾期", required=False)
    leader = PersonChoiceField(leaders(), label="责任领导", required=False, empty_label="全部")
    kind = forms.ChoiceField(label="会议类型", required=False, choices=[("", "全部"), *Kind.choices])


class TopicFilterForm(forms.Form):
    show = forms.ChoiceField(
        required=False, choices=[("", "全部"), ("mine", "我提出的"), ("decide", "待我审定")], label="范围"
    )
    kind = forms.ChoiceField(label="会议类型", required=False, choices=[("", "全部"), *Kind.choices])


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def year_or_now(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year
