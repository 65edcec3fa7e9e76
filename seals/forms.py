"""Forms of the 印信 pages [7]. They check the shape of what was typed and turn it into the services' data; the
rules (who may apply, decide, stamp; a seal in use; an approved request before a use) are the services' — a form
repeats a rule only to say it next to the field (the 登记用印 form says why it cannot be sent without an approved
request)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from documents.outgoing.models import OutgoingDocument
from org.models import Unit

from . import services
from .models import Seal, SealApplication, SealRequest, SealUse

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


def choices_of(model, name: str, *, blank: str | None = None):
    """The model field's choices, read when the form is built (a callable, so importing this module reads no
    model field before the app registry is ready)."""

    def read():
        found = list(model._meta.get_field(name).choices)
        return [("", blank), *found] if blank is not None else found

    return read


def sealed_units():
    """The units whose seals the office makes [7] (``services.APPLYING_KINDS``)."""
    return Unit.objects.filter(is_active=True, kind__in=services.APPLYING_KINDS).order_by("kind", "sort_order", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        return getattr(profile, "full_name", "") or obj.username


class SealChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.number}）" if obj.number else obj.name


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} {obj.subject}（{obj.seal.name}，{obj.copies}份）"


class OutgoingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.doc_number} {obj.title}".strip()


# --- 印章登记簿 [7] -----------------------------------------------------------------------------------------


class SealFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=choices_of(Seal, "state", blank="全部状态"))
    scope = forms.ChoiceField(
        label="范围",
        required=False,
        choices=[("", "全部印章"), ("own", "县政府及办公室印章"), ("units", "各单位印章")],
    )
    kind = forms.ChoiceField(label="种类", required=False, choices=choices_of(Seal, "kind", blank="全部种类"))
    unit = UnitChoiceField(label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部单位")
    q = forms.CharField(label="印文", required=False, max_length=100)

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if contact:  # a 联络员 sees their own unit's seals only [7]; a unit filter would tell of others
            for name in ("scope", "unit"):
                del self.fields[name]
        else:
            self.fields["unit"].queryset = sealed_units()


class SealForm(forms.Form):
    """The clerk registers a seal of the county government or the office already in use [7]."""

    name = forms.CharField(label="印文", max_length=100, help_text="如：杂多县人民政府办公室")
    kind = forms.ChoiceField(label="种类", choices=choices_of(Seal, "kind"))
    serves = forms.ChoiceField(
        label="用于",
        required=False,
        choices=[("", "其他（不用于发文）"), ("county", "县政府发文"), ("office", "县政府办公室发文")],
        help_text="发文用印时按发文机关自动登记用印 [30(5)]。",
    )
    keeper = PersonChoiceField(
        label="保管人", queryset=get_user_model().objects.none(), help_text="印章由收发秘书保管 [7]"
    )
    made_on = forms.DateField(label="启用日期", widget=DATE_WIDGET)
    note = forms.CharField(label="备注", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, keepers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if keepers is not None:
            self.fields["keeper"].queryset = keepers
        self.fields["made_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_made_on(self) -> date:
        value = self.cleaned_data["made_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("启用日期不能晚于今天。")
        return value

    def to_data(self) -> services.SealData:
        d = self.cleaned_data
        return services.SealData(
            name=d["name"].strip(),
            kind=d["kind"],
            serves=d["serves"],
            keeper_id=d["keeper"].pk,
            made_on=d["made_on"],
            note=d["note"].strip(),
        )


class SealStateForm(forms.Form):
    """停用 / 恢复 / 缴销: the reason goes into the seal's history; the service says which steps need one [7]."""

    reason = forms.CharField(
        label="原因",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "原因不超过300字。"},
    )
    on = forms.DateField(label="日期", required=False, widget=DATE_WIDGET, help_text="不填为今天")

    def clean_on(self):
        value = self.cleaned_data.get("on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return value


# --- 用印申请 [7] -------------------------------------------------------------------------------------------


class RequestForm(forms.Form):
    seal = SealChoiceField(label="印章", queryset=Seal.objects.none())
    subject = forms.CharField(label="用印事由（文件名称）", max_length=200)
    purpose = forms.ChoiceField(label="用印类别", choices=choices_of(SealRequest, "purpose", blank="请选择用印类别"))
    copies = forms.IntegerField(label="份数", min_value=1, max_value=9999, initial=1)
    reason = forms.CharField(
        label="用印理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label="需用印的文件", required=False, help_text="可上传需盖章的文件，供审批人查看")

    def __init__(self, *args, seals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seals is not None:
            self.fields["seal"].queryset = seals

    def to_data(self) -> services.RequestData:
        d = self.cleaned_data
        return services.RequestData(
            seal_id=d["seal"].pk,
            subject=d["subject"].strip(),
            purpose=d["purpose"],
            copies=d["copies"],
            reason=d["reason"].strip(),
            file=d.get("file"),
        )


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=choices_of(SealRequest, "state", blank="全部状态"))
    mine = forms.BooleanField(label="只看我的申请", required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, max_length=500)


# --- 用印登记 [7] -------------------------------------------------------------------------------------------


class UseForm(forms.Form):
    """登记用印: a seal used on anything but an outgoing document needs an approved request [7]; an outgoing
    document at its 用印 step is the other ground [30(5)]."""

    request = RequestChoiceField(
        label="已批准的用印申请", required=False, queryset=SealRequest.objects.none(), empty_label="请选择用印申请"
    )
    outgoing = OutgoingChoiceField(
        label="待用印的发文", required=False, queryset=OutgoingDocument.objects.none(), empty_label="请选择发文"
    )
    seal = SealChoiceField(label="印章", required=False, queryset=Seal.objects.none(), help_text="按申请登记时可不选")
    subject = forms.CharField(label="用印事由", required=False, max_length=200, help_text="按申请登记时可不填")
    copies = forms.IntegerField(
        label="份数", required=False, min_value=1, max_value=9999, help_text="不填按批准的份数；发文按印数"
    )
    note = forms.CharField(label="备注", required=False, max_length=500)

    def __init__(self, *args, requests=None, outgoing=None, seals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requests is not None:
            self.fields["request"].queryset = requests
        if outgoing is not None:
            self.fields["outgoing"].queryset = outgoing
        else:
            del self.fields["outgoing"]
        if seals is not None:
            self.fields["seal"].queryset = seals

    def clean(self):
        d = super().clean()
        request, outgoing = d.get("request"), d.get("outgoing")
        if request and outgoing:
            raise forms.ValidationError("一次登记只能依据一份用印申请或一份发文。")
        if not request and not outgoing:
            raise forms.ValidationError(
                "没有已批准的用印申请，不能登记用印：除发文用印外，用印须先经办公室主任或副主任批准 [7]。"
            )
        if outgoing and not d.get("seal"):
            self.add_error("seal", "发文用印须选择印章。")
        return d

    def to_data(self) -> services.UseData:
        d = self.cleaned_data
        request = d.get("request")
        outgoing = d.get("outgoing")
        seal = d.get("seal") or (request.seal if request else None)
        return services.UseData(
            seal_id=seal.pk if seal else None,
            subject=(d.get("subject") or "").strip()
            or (request.subject if request else getattr(outgoing, "title", "")),
            purpose="",  # the request's purpose, or 发文 (the service decides)
            copies=d.get("copies") or (request.copies if request else (getattr(outgoing, "copies", None) or 1)),
            request_id=request.pk if request else None,
            outgoing_id=outgoing.pk if outgoing else None,
            note=(d.get("note") or "").strip(),
        )


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class UseFilterForm(forms.Form):
    seal = SealChoiceField(label="印章", required=False, queryset=Seal.objects.none(), empty_label="全部印章")
    month = forms.CharField(label="月份", required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"}))
    purpose = forms.ChoiceField(label="类别", required=False, choices=choices_of(SealUse, "purpose", blank="全部类别"))
    voided = forms.BooleanField(label="含已作废", required=False)

    def __init__(self, *args, seals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if seals is not None:
            self.fields["seal"].queryset = seals

    def clean_month(self) -> tuple[int, int] | None:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return None
        match = MONTH.match(raw)
        if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
            raise forms.ValidationError("月份格式应为 2026-09。")
        return int(match.group(1)), int(match.group(2))


# --- 刻制印章 [7] -------------------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    unit = UnitChoiceField(label="申请单位", queryset=Unit.objects.none())
    seal_name = forms.CharField(label="印文", max_length=100, help_text="印章上的文字，如：杂多县某某乡人民政府")
    kind = forms.ChoiceField(label="印章种类", choices=choices_of(SealApplication, "kind"))
    reason = forms.ChoiceField(label="刻制原因", choices=choices_of(SealApplication, "reason", blank="请选择刻制原因"))
    explanation = forms.CharField(
        label="申请说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    basis_file = forms.FileField(label="批准文件", required=False, help_text="机构设立、更名的批准文件等")

    def __init__(self, *args, contact_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contact_unit is not None:  # a 联络员 applies for their own unit only [7]
            self.fields["unit"].queryset = Unit.objects.filter(pk=contact_unit)
            self.fields["unit"].initial = contact_unit
            self.fields["unit"].empty_label = None
        else:
            self.fields["unit"].queryset = sealed_units()

    def to_data(self) -> services.ApplicationData:
        d = self.cleaned_data
        return services.ApplicationData(
            unit_id=d["unit"].pk,
            seal_name=d["seal_name"].strip(),
            kind=d["kind"],
            reason=d["reason"],
            explanation=d["explanation"].strip(),
            basis_file=d.get("basis_file"),
        )


class ApplicationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态", required=False, choices=choices_of(SealApplication, "state", blank="全部状态")
    )
    unit = UnitChoiceField(label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部单位")

    def __init__(self, *args, contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if contact:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = sealed_units()


class MadeForm(forms.Form):
    made_on = forms.DateField(label="刻制日期", widget=DATE_WIDGET)
    maker = forms.CharField(label="刻制单位", max_length=100, help_text="公安机关备案的印章刻制单位")

    def clean_made_on(self) -> date:
        value = self.cleaned_data["made_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("刻制日期不能晚于今天。")
        return value


class HandoverForm(forms.Form):
    handed_on = forms.DateField(label="交接日期", widget=DATE_WIDGET)
    received_by_name = forms.CharField(label="领取人", max_length=50)
    received_by_phone = forms.CharField(label="领取人电话", max_length=30)
    note = forms.CharField(label="备注", required=False, max_length=500)

    def clean_handed_on(self) -> date:
        value = self.cleaned_data["handed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("交接日期不能晚于今天。")
        return value

    def clean_received_by_phone(self) -> str:
        value = self.cleaned_data["received_by_phone"].strip()
        if not PHONE.match(value):
            raise forms.ValidationError("请填写正确的电话号码。")
        return value

    def to_data(self) -> services.HandoverData:
        d = self.cleaned_data
        return services.HandoverData(
            handed_on=d["handed_on"],
            received_by_name=d["received_by_name"].strip(),
            received_by_phone=d["received_by_phone"],
            note=d["note"].strip(),
        )
