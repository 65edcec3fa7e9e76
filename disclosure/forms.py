"""Forms of the 政务公开 pages [35], [36]. They check the shape of what was typed and turn it into the services'
data; the rules (who, when, an exempt entry's legal basis [35], a score within its criterion's maximum [36]) are
the services' — a form repeats a rule only to say it next to the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone

from org.models import Unit, UnitKind

from .models import Exempt, FindingState, Frequency, InspectionState
from .services import EntryData, FindingData, InspectionData

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST_YEAR = 2000
# The units whose disclosure the office guides [35]: the townships and the county's departments.
GUIDED_KINDS = (UnitKind.TOWNSHIP, UnitKind.DEPARTMENT)


def guided_units():
    return Unit.objects.filter(is_active=True, kind__in=GUIDED_KINDS).order_by("kind", "sort_order", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several attachments in one field; each is checked by ``core.uploads.check_upload`` in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# --- 公开目录 [35] -------------------------------------------------------------------------------------------


class EntryForm(forms.Form):
    title = forms.CharField(label="公开事项", max_length=200)
    category = forms.CharField(label="类别", max_length=60, required=False, help_text="如：机构职能、财政预决算")
    published_where = forms.CharField(
        label="公开方式", max_length=100, required=False, help_text="如：政府网站、公开栏"
    )
    frequency = forms.ChoiceField(label="更新频次", choices=Frequency.choices, initial=Frequency.STANDING)
    exempt = forms.ChoiceField(label="公开属性", choices=Exempt.choices, required=False, initial=Exempt.NONE)
    legal_basis = forms.CharField(
        label="不予公开的法律依据",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不予公开的事项须写明法律依据，如《中华人民共和国保守国家秘密法》第×条 [35]。",
    )

    def clean(self):
        data = super().clean()
        # [35]: everything is public except what law keeps secret — and then the law is named.
        if data.get("exempt") and not (data.get("legal_basis") or "").strip():
            self.add_error("legal_basis", "不予公开的事项须写明法律依据 [35]。")
        return data

    @classmethod
    def initial_for(cls, entry) -> dict:
        return {
            f: getattr(entry, f) for f in ("title", "category", "published_where", "frequency", "exempt", "legal_basis")
        }

    def to_data(self) -> EntryData:
        d = self.cleaned_data
        return EntryData(
            title=d["title"],
            category=d["category"],
            published_where=d["published_where"],
            frequency=d["frequency"],
            exempt=d["exempt"] or Exempt.NONE,
            legal_basis=d["legal_basis"],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", max_length=300, required=False)


# --- 检查 [36] ------------------------------------------------------------------------------------------------


class InspectionForm(forms.Form):
    title = forms.CharField(label="检查名称", max_length=200)
    period = forms.CharField(label="检查期间", max_length=40, help_text="如：2026年第二季度")
    planned_on = forms.DateField(label="计划检查日期", widget=DATE_WIDGET)
    units = UnitsField(
        label="被检查单位", queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple, help_text="可多选"
    )
    note = forms.CharField(
        label="检查内容和要求", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = guided_units()

    def to_data(self) -> InspectionData:
        d = self.cleaned_data
        return InspectionData(
            title=d["title"], period=d["period"], planned_on=d["planned_on"], units=tuple(d["units"]), note=d["note"]
        )


class FindingForm(forms.Form):
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none())
    problem = forms.CharField(label="存在问题", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    rectification_asked = forms.CharField(label="整改要求", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label="整改期限", widget=DATE_WIDGET)

    def __init__(self, *args, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inspection is not None:
            self.fields["unit"].queryset = inspection.units.order_by("kind", "sort_order", "name")
        self.fields["due_on"].widget.attrs["min"] = timezone.localdate().isoformat()

    def to_data(self) -> FindingData:
        d = self.cleaned_data
        return FindingData(
            unit=d["unit"], problem=d["problem"], rectification_asked=d["rectification_asked"], due_on=d["due_on"]
        )


class CloseForm(forms.Form):
    summary = forms.CharField(
        label="检查总结", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    carry_over = forms.BooleanField(label="未验收的问题结转，继续跟踪整改", required=False)


class ReportForm(forms.Form):
    report = forms.CharField(label="整改情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label="整改材料", required=False, help_text="可选；PDF、图片、Word、Excel 等")


class SendBackForm(forms.Form):
    reason = forms.CharField(label="退回理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label="新的整改期限", required=False, widget=DATE_WIDGET, help_text="不改期限可不填")


STATE_FILTER = [("", "未验收"), ("all", "全部"), *FindingState.choices]


class FindingFilterForm(forms.Form):
    """The findings list's filters (GET); a bad value is a 400, not a silent default."""

    state = forms.ChoiceField(label="状态", choices=STATE_FILTER, required=False)
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位")
    year = forms.IntegerField(label="年度", required=False, min_value=EARLIEST_YEAR, max_value=2100)
    overdue = forms.BooleanField(label="只看逾期", required=False)
    inspection = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if contact:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = guided_units()


INSPECTION_STATE_FILTER = [("", "全部"), *InspectionState.choices]


class InspectionFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", choices=INSPECTION_STATE_FILTER, required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=EARLIEST_YEAR, max_value=2100)


# --- 考核 [36] ------------------------------------------------------------------------------------------------


class SchemeForm(forms.Form):
    """考核方案 of a year: a name and its criteria, one per line: 名称 分值."""

    name = forms.CharField(label="方案名称", max_length=100)
    criteria = forms.CharField(
        label="考核指标",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="每行一项：指标名称 分值，如“公开目录编制 20”",
    )

    def clean_criteria(self) -> list[tuple[str, Decimal]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, _, points = line.replace("\u3000", " ").rpartition(" ")
            try:
                value = Decimal(points)
            except ArithmeticError:
                value = None
            if not name.strip() or value is None or not value.is_finite():
                raise forms.ValidationError(f"第{number}行应为“指标名称 分值”，如“公开目录编制 20”。")
            rows.append((name.strip(), value))
        if not rows:
            raise forms.ValidationError("请至少填写一项考核指标。")
        return rows


class OpenAssessmentForm(forms.Form):
    unit = UnitChoiceField(label="单位", queryset=Unit.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = guided_units()


def points_text(value) -> str:
    """20.0 → "20", 7.5 → "7.5": how a clerk writes points."""
    return format(Decimal(value).normalize(), "f")


class ScoresForm(forms.Form):
    """Points per criterion (≤ its maximum [36]) with a note, and the assessment's comment."""

    comment = forms.CharField(
        label="考核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.criteria = list(criteria)
        for c in self.criteria:
            given = scores.get(c.pk)
            self.fields[f"points_{c.pk}"] = forms.DecimalField(
                label=f"得分（满分{points_text(c.max_points)}分）",  # the fieldset's legend names the criterion
                required=False,
                min_value=0,
                max_value=Decimal(points_text(c.max_points)),  # "40", not "40.0", in the input and its message
                decimal_places=1,
                max_digits=6,
                initial=given.points if given else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": points_text(c.max_points)}),
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label="扣分说明", required=False, max_length=300, initial=given.note if given else ""
            )

    def rows(self) -> list[dict]:
        return [{"criterion": c, "points": self[f"points_{c.pk}"], "note": self[f"note_{c.pk}"]} for c in self.criteria]

    def to_scores(self) -> dict:
        d = self.cleaned_data
        return {
            c.pk: (d[f"points_{c.pk}"], d[f"note_{c.pk}"]) for c in self.criteria if d[f"points_{c.pk}"] is not None
        }
