"""Forms of the 规范性文件 pages [13]. They check the shape of what was typed and hand it to the services; the
rules (who, when, a 法制科 review before publication, a classified paper never registered) are the services' —
a form repeats a rule only to say it next to the field."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from documents.outgoing.choices import Authority

from . import models
from .services import DocumentData, InterpretationData, add_years

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST_YEAR = 2000
VALIDITY_YEARS = 5  # 有效期: five years unless the document says otherwise [13]
LONG = {"rows": 3}


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, help_text=help_text)


def validity_until(effective_on: date) -> date:
    """有效期至: five years after 施行日期, as the services count it [13]."""
    return add_years(effective_on, VALIDITY_YEARS)


def published_in_choices():
    field = models.NormativeDocument._meta.get_field("published_in")
    return list(field.choices or [])


class DatesMixin:
    """施行日期 before 有效期至; an empty 有效期至 becomes five years [13]."""

    def clean_dates(self, data: dict) -> dict:
        effective_on, valid_until = data.get("effective_on"), data.get("valid_until")
        if effective_on and not valid_until and "valid_until" in self.fields:
            data["valid_until"] = validity_until(effective_on)
        if effective_on and data.get("valid_until") and data["valid_until"] < effective_on:
            self.add_error("valid_until", "有效期至不能早于施行日期 [13]。")
        return data


# --- lists --------------------------------------------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    """登记簿的筛选: 状态, 现行有效, 年度, 发文机关, 备案逾期, and words of the title or number."""

    q = forms.CharField(label="查找", required=False, max_length=60)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态")])
    in_force = forms.BooleanField(label="只看现行有效", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=EARLIEST_YEAR)
    authority = forms.ChoiceField(label="发文机关", required=False, choices=[("", "全部机关"), *Authority.choices])
    filing_overdue = forms.BooleanField(label="只看逾期未备案", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部状态"), *models.State.choices]
        self.fields["year"].validators.append(MaxValueValidator(timezone.localdate().year + 1))
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "文件名称、文号或登记号"})
        self.fields["year"].widget.attrs.update(
            {"placeholder": "如 2026", "inputmode": "numeric", "style": "max-width:7rem"}
        )


class InForceFilterForm(forms.Form):
    q = forms.CharField(label="查找", required=False, max_length=60)
    authority = forms.ChoiceField(label="发文机关", required=False, choices=[("", "全部机关"), *Authority.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "文件名称或文号"})


# --- registering --------------------------------------------------------------------------------------------


class OutgoingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        number = getattr(obj, "doc_number", "") or ""
        return f"{number} {obj.title}".strip()


class RegisterOutgoingForm(forms.Form):
    outgoing = OutgoingChoiceField(
        label="已分发的规范性文件",
        queryset=None,
        empty_label="请选择",
        error_messages={
            "invalid_choice": "该发文不能登记：只能选择已分发、尚未登记的规范性文件；"
            "涉密公文不作为规范性文件登记 [13]。"
        },
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outgoing"].queryset = queryset


class ManualForm(DatesMixin, forms.Form):
    """补登 an old paper document, its 法制科 review typed in [13][30(2)3]."""

    title = forms.CharField(label="文件名称", max_length=200)
    doc_number = forms.CharField(label="文号", max_length=60, help_text="如：杂政〔2024〕12号")
    authority = forms.ChoiceField(label="发文机关", choices=Authority.choices)
    drafting_unit = forms.CharField(label="起草单位", max_length=100, required=False)
    legal_opinion = forms.CharField(
        label="法制科审核意见", max_length=4000, widget=forms.Textarea(attrs=LONG), help_text="照录审核意见 [30(2)3]"
    )
    legal_reviewed_on = date_field("审核日期")
    signed_on = date_field("签发日期", required=False)
    effective_on = date_field("施行日期")
    valid_until = date_field("有效期至", required=False, help_text="不填则为施行之日起五年")
    filed_with = forms.CharField(label="备案机关", max_length=200, initial=models.DEFAULT_FILED_WITH)

    def clean(self):
        return self.clean_dates(super().clean())

    def to_data(self) -> DocumentData:
        d = self.cleaned_data
        return DocumentData(
            title=d["title"],
            effective_on=d["effective_on"],
            doc_number=d["doc_number"],
            authority=d["authority"],
            drafting_unit=d["drafting_unit"],
            valid_until=d["valid_until"],
            filed_with=d["filed_with"],
            signed_on=d["signed_on"],
            legal_opinion=d["legal_opinion"],
            legal_reviewed_on=d["legal_reviewed_on"],
        )


class DetailsForm(DatesMixin, forms.Form):
    """更正登记事项 [13]. The 法制科 review of a document registered from an outgoing document is the route's and
    is not offered here [30(2)3]; an old paper one's may be corrected."""

    title = forms.CharField(label="文件名称", max_length=300)
    doc_number = forms.CharField(label="文号", max_length=40, required=False)
    authority = forms.ChoiceField(label="发文机关", choices=Authority.choices)
    drafting_unit = forms.CharField(label="起草单位", max_length=100, required=False)
    signed_on = date_field("签发日期", required=False)
    effective_on = date_field("施行日期", help_text="未经公布不得施行：施行日期不早于公布日期")
    valid_until = date_field("有效期至", required=False, help_text="默认为施行之日起五年，可改")
    filed_with = forms.CharField(label="备案机关", max_length=200)
    legal_opinion = forms.CharField(label="法制科审核意见", max_length=4000, widget=forms.Textarea(attrs=LONG))
    legal_reviewed_on = date_field("审核日期")

    FIELDS = (
        "title", "doc_number", "authority", "drafting_unit", "signed_on", "effective_on", "valid_until", "filed_with",
        "legal_opinion", "legal_reviewed_on",
    )  # fmt: skip

    def __init__(self, *args, document, **kwargs):
        kwargs.setdefault("initial", {f: getattr(document, f) for f in self.FIELDS})
        super().__init__(*args, **kwargs)
        self.document = document
        if document.outgoing_id is not None:  # the route's review stays as it was [30(2)3]
            del self.fields["legal_opinion"], self.fields["legal_reviewed_on"]

    def clean(self):
        return self.clean_dates(super().clean())

    def to_data(self) -> DocumentData:
        d, doc = self.cleaned_data, self.document
        return DocumentData(
            title=d["title"],
            effective_on=d["effective_on"],
            doc_number=d["doc_number"],
            authority=d["authority"],
            drafting_unit=d["drafting_unit"],
            valid_until=d["valid_until"],
            filed_with=d["filed_with"],
            signed_on=d["signed_on"],
            legal_opinion=d.get("legal_opinion", doc.legal_opinion),
            legal_reviewed_by=doc.legal_reviewed_by,
            legal_reviewed_on=d.get("legal_reviewed_on", doc.legal_reviewed_on),
        )


# --- steps --------------------------------------------------------------------------------------------------


class PublishForm(forms.Form):
    published_on = date_field("公布日期")
    published_in = forms.ChoiceField(label="公布载体", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_in"].choices = published_in_choices()

    def clean_published_on(self):
        day = self.cleaned_data["published_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("公布日期不能晚于今天。")
        return day


class FilingForm(forms.Form):
    filed_on = date_field("报送备案日期")
    filed_with = forms.CharField(label="备案机关", max_length=200)

    def clean_filed_on(self):
        day = self.cleaned_data["filed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("报送日期不能晚于今天。")
        return day


class AcceptFilingForm(forms.Form):
    accepted_on = date_field("备案审查日期")
    result = forms.CharField(label="备案审查意见", max_length=2000, widget=forms.Textarea(attrs=LONG))

    def clean_accepted_on(self):
        day = self.cleaned_data["accepted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("审查日期不能晚于今天。")
        return day


class InterpretationForm(forms.Form):
    asked_by = forms.CharField(label="申请单位或个人", max_length=100)
    asked_on = date_field("申请日期")
    question = forms.CharField(label="申请解释的问题", max_length=4000, widget=forms.Textarea(attrs=LONG))

    def to_data(self) -> InterpretationData:
        d = self.cleaned_data
        return InterpretationData(asked_by=d["asked_by"], asked_on=d["asked_on"], question=d["question"])

    def clean_asked_on(self):
        day = self.cleaned_data["asked_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("申请日期不能晚于今天。")
        return day


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复", max_length=4000, widget=forms.Textarea(attrs=LONG))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(CommentForm):
    accept = forms.TypedChoiceField(
        label="决定",
        choices=(("1", "采纳，废止该文件"), ("0", "不予采纳")),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class SupersedeForm(forms.Form):
    """已修改（被新文件替代）: the newer document in the register that replaces this one [13]."""

    replaced_by = forms.ModelChoiceField(
        label="替代本文件的新文件",
        queryset=None,
        empty_label="请选择",
        error_messages={"invalid_choice": "请从列表中选择登记簿中的新文件。", "required": "请选择替代本文件的新文件。"},
    )
    on = date_field("替代日期", help_text="新文件施行之日")
    reason = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaced_by"].queryset = queryset
        self.fields["replaced_by"].label_from_instance = lambda d: f"{d.register_number} {d.doc_number} {d.title}"


class CleanupStartForm(forms.Form):
    title = forms.CharField(label="清理名称", max_length=200, help_text="如：2026年度规范性文件清理")


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.doc_number} {obj.title}".strip()


class CleanupItemForm(forms.Form):
    document = DocumentChoiceField(
        label="文件",
        queryset=None,
        empty_label="请选择",
        error_messages={"invalid_choice": "请从列表中选择尚未列入本次清理的已公布文件。"},
    )
    proposal = forms.ChoiceField(label="清理意见", choices=())
    reason = forms.CharField(label="理由", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = queryset
        self.fields["proposal"].choices = models.Decision.choices

    def clean(self):
        data = super().clean()
        if data.get("proposal") and data["proposal"] != models.Decision.KEEP and not (data.get("reason") or "").strip():
            self.add_error("reason", "建议修改或废止的，须写明理由 [13]。")
        return data
