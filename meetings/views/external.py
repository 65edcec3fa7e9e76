"""排入会议日历: an incoming 会议通知 becomes a 上级及外单位会议 on the calendar, with the leaders it concerns
(by default the leaders reading the document), so scheduling and circulation see them away [26(6)4]."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path

from core.actions import apply_to_form
from core.idempotency import idempotent
from documents.incoming.selectors import get_incoming_for
from org.forms import PeopleChoiceField, PersonChoiceField
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, has_role
from org.selectors import pickable_people

from .. import rules, services
from ..forms import DATETIME_FORMATS, DATETIME_WIDGET

LEADERS = (*COUNTY_LEADERS, *OFFICE_LEADERS)


class ExternalForm(forms.Form):
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    place = forms.CharField(label="地点", max_length=100, help_text="如：州政府第一会议室")
    leader = PersonChoiceField(pickable_people(*LEADERS), label="带队领导", empty_label="请选择")
    people = PeopleChoiceField(pickable_people(), label="参会人员", required=False, widget=forms.CheckboxSelectMultiple)


@idempotent
def from_incoming(request, doc_pk: int):
    doc = get_incoming_for(request.user, doc_pk)  # 404 for a document this person may not see [31], [32]
    if not rules.can_schedule(request.user):
        raise PermissionDenied("只有办公室领导和收发秘书可以将会议通知排入会议日历 [26(6)4]。")
    leaders = [r.reader for r in doc.readers.select_related("reader") if has_role(r.reader, *LEADERS)]
    form = ExternalForm(
        request.POST or None,
        initial={"leader": leaders[0].pk if leaders else None, "people": [p.pk for p in leaders[1:]]},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        meeting = apply_to_form(
            form,
            lambda: services.meeting_from_incoming(
                actor=request.user,
                incoming=doc,
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                leader=d["leader"],
                people=list(d["people"]),
            ),
        )
        if meeting is not None:
            messages.success(request, "已排入会议日历。")
            return redirect("meetings:detail", pk=meeting.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "meetings/external_form.html", {"form": form, "doc": doc, "title": "会议通知排入日历"}, status=status
    )


urlpatterns = [path("from-incoming/<int:doc_pk>/", from_incoming, name="from_incoming")]
