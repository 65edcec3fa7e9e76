"""The forms of 调研与文字综合 [4], [5]: they read input; the services decide."""

from __future__ import annotations

from django import forms

from org.models import Unit
from org.roles import COUNTY_LEADERS, Role
from org.selectors import person_label, pickable_people

from .models import Adoption, Genre, Kind, State


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


def _office_people():
    from org.roles import OFFICE_STAFF

    return pickable_people(*OFFICE_STAFF)


# A desk browser's list box picks one unless Ctrl is held; a clerk who clicks a second name loses the first.
MULTI_HELP = "可多选：电脑上按住 Ctrl 键（苹果电脑按 ⌘ 键）逐个点选"


class TaskForm(forms.Form):
    """立项 (调研课题) or 交办 (文稿) [4], [5]."""

    title = forms.CharField(label="题目", max_length=200)
    genre = forms.ChoiceField(label="文稿类型", choices=[("", "—"), *list(Genre.choices)], required=False)
    leader = PersonChoice(label="交办领导", queryset=None, help_text="县领导或办公室主任")
    aim = forms.CharField(label="目的与要求", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead = PersonChoice(label="负责人", queryset=None)
    members = PeopleChoice(
        label="成员",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTI_HELP,
    )
    units = forms.ModelMultipleChoiceField(
        label="参与单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=MULTI_HELP,
    )
    reviewer1 = PersonChoice(label="第一审核人", queryset=None, required=False)
    reviewer2 = PersonChoice(label="第二审核人", queryset=None, required=False)
    reviewer3 = PersonChoice(label="第三审核人", queryset=None, required=False)
    due_on = forms.DateField(label="完成期限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["leader"].queryset = pickable_people(*COUNTY_LEADERS, Role.OFFICE_DIRECTOR)
        office = _office_people()
        for name in ("lead", "members", "reviewer1", "reviewer2", "reviewer3"):
            self.fields[name].queryset = office
        if kind == Kind.RESEARCH:
            for name in ("genre", "reviewer1", "reviewer2", "reviewer3"):
                del self.fields[name]
            self.fields["lead"].label = "调研组组长"
            self.fields["members"].label = "调研组成员"
            self.fields["units"].queryset = Unit.objects.filter(is_active=True)
            self.fields["due_on"].label = "报告完成期限"
        else:
            del self.fields["units"]
            self.fields["genre"].required = True
            self.fields["genre"].choices = list(Genre.choices)
            self.fields["lead"].label = "主笔人"
            self.fields["members"].label = "起草人"
            self.fields["aim"].label = "起草要求"
            self.fields["due_on"].label = "完成期限（讲话、会议日期）"

    def reviewers(self) -> list:
        return [self.cleaned_data.get(f"reviewer{i}") for i in (1, 2, 3) if self.cleaned_data.get(f"reviewer{i}")]


class VersionForm(forms.Form):
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    file = forms.FileField(label="或上传文件", required=False)
    note = forms.CharField(label="修改说明", max_length=500, required=False)


class FieldworkForm(forms.Form):
    on = forms.DateField(label="调研日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="地点", max_length=200)
    findings = forms.CharField(label="了解到的情况", widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(forms.Form):
    q = forms.CharField(label="搜索题目", required=False, max_length=100)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), *list(Kind.choices)], required=False)
    state = forms.ChoiceField(label="状态", choices=[("", "全部"), *list(State.choices)], required=False)
    due = forms.ChoiceField(
        label="期限", choices=[("", "全部"), ("soon", "即将到期"), ("overdue", "已逾期")], required=False
    )
    leader = forms.IntegerField(label="交办领导", required=False, min_value=1)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)


ADOPTION_CHOICES = list(Adoption.choices)
