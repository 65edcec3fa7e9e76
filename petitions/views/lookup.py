"""查询信访人 and 查询记录 [48]: petition staff find a person's cases by ID number or phone (exact, through the
blind index, with a reason; every look-up logged), and the office's leaders see who looked up whom (masked).

The number travels in a POST body only — never in an address, where server and proxy logs would keep it — and
the results page shows it masked. The service is ``petitions.lookup.look_up_person``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from core.actions import apply_to_form, refusal_response
from core.pagination import BadPageRequest, keyset_page

from .. import rules
from ..identity import mask_id_number, mask_phone, normalise_id_number, normalise_phone
from ..lookup import can_view_lookup_log, look_up_person, lookup_log_for, lookup_rows
from ..models import LookupKind

PAGE_SIZE = 50


class LookupForm(forms.Form):
    kind = forms.ChoiceField(
        label="查询方式",
        choices=[(LookupKind.ID_NUMBER, "身份证号码"), (LookupKind.PHONE, "电话")],
        initial=LookupKind.ID_NUMBER,
        widget=forms.RadioSelect,
    )
    value = forms.CharField(
        label="号码",
        max_length=40,
        help_text="完整的身份证号码或电话号码：只查找完全相同的号码。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="查询事由",
        max_length=200,
        help_text="每次查询都登记查询人、时间和事由，办公室领导可以查看 [48]。",
        widget=forms.TextInput(attrs={"placeholder": "如：来访登记时核对是否重复信访"}),
    )


def _masked(kind: str, value: str) -> str:
    if kind == LookupKind.ID_NUMBER:
        return mask_id_number(normalise_id_number(value))
    return mask_phone(normalise_phone(value))


def lookup(request):
    """查询信访人: GET shows the form, POST looks up (petition staff only) [48]."""
    if not rules.can_lookup(request.user):
        raise PermissionDenied("只有信访接待人员可以按身份证号码或电话查询信访人 [48]。")
    cases, searched = None, ""
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            found = apply_to_form(
                form,
                lambda: look_up_person(request.user, kind=d["kind"], value=d["value"], reason=d["reason"]),
            )
            if found is not None:
                cases, searched = found, _masked(d["kind"], d["value"])
                # A fresh form: the clear number is not written back into the page.
                form = LookupForm(initial={"kind": d["kind"], "reason": d["reason"]})
        status = 400 if form.errors else 200
    else:
        form, status = LookupForm(), 200
    return render(
        request,
        "petitions/lookup.html",
        {
            "title": "查询信访人",
            "form": form,
            "cases": cases,
            "searched": searched,
            "can_log": can_view_lookup_log(request.user),
        },
        status=status,
    )


def lookup_log(request):
    """查询记录: who looked up whom, when and why — newest first, the person masked [48]."""
    logs = lookup_log_for(request.user)
    try:
        page = keyset_page([logs], request, field="at", size=PAGE_SIZE)
    except BadPageRequest as exc:
        return refusal_response(request, status=400, messages=[str(exc)])
    return render(
        request,
        "petitions/lookup_log.html",
        {"title": "信访人查询记录", "page": page, "rows": lookup_rows(list(page.object_list))},
    )


urlpatterns = [
    path("lookup/", lookup, name="lookup"),
    path("lookup/log/", lookup_log, name="lookup_log"),
]
