"""外出登记: the clerk records a county leader's absence from a page, not the admin [26(6)3].

County leaders do not use 请销假 (leave.rules.approval_rule refuses them); their absences are ``org.Absence``
rows the clerk writes through ``org.services.absence_record``. Circulation passes an absent reader over and the
分办 page warns of it (services.distribution_plan).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from core.actions import apply_to_form, refusal_response
from core.idempotency import idempotent
from org.models import Absence
from org.roles import COUNTY_LEADERS
from org.selectors import display_name
from org.services import absence_record

from . import rules, selectors
from .forms import PersonChoiceField, people


class AbsenceForm(forms.Form):
    """外出登记 by the clerk, for the county leaders who do not use 请销假 [26(6)3]."""

    person = PersonChoiceField(people(*COUNTY_LEADERS), label="外出的领导")
    reason = forms.ChoiceField(label="事由", choices=Absence.Reason.choices, initial=Absence.Reason.TRIP)
    starts_at = forms.DateTimeField(
        label="开始时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    ends_at = forms.DateTimeField(
        label="预计返回时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(label="备注（去向等）", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["starts_at"].initial = now.strftime("%Y-%m-%dT%H:%M")
        self.fields["ends_at"].initial = now.replace(hour=18, minute=0).strftime("%Y-%m-%dT%H:%M")

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "返回时间必须晚于开始时间。")
        return data


@idempotent
def absences(request):
    """外出登记: the clerk records a county leader's trip or leave from a page, not the admin, so that
    circulation passes them over and the 分办 page warns of it [26(6)3]. Office staff report through 请销假
    (leave), which writes their absences itself."""
    if not rules.can_record_absence(request.user):
        return refusal_response(request, status=403, messages=["只有收发秘书可以登记领导外出 [26(6)3]。"])
    form = AbsenceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            absence = apply_to_form(
                form,
                lambda: absence_record(
                    actor=request.user,
                    person=data["person"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                    note=data["note"].strip(),
                ),
            )
            if absence is not None:
                messages.success(request, f"已登记{display_name(absence.person)}外出，传阅时将先越过，回来后补阅。")
                return redirect(_safe_next(request) or "incoming:absences")
        status = 400
    return render(
        request,
        "incoming/absences.html",
        {"form": form, "rows": selectors.leaders_away_from(timezone.now()), "next": _safe_next(request)},
        status=status,
    )


def _safe_next(request) -> str:
    """Back to the 分办 page the clerk came from; only a path of ours."""
    target = request.GET.get("next") or request.POST.get("next") or ""
    return target if target.startswith("/incoming/") and "//" not in target else ""
