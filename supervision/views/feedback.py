"""反馈 and 延期申请 pages [40]: the responsible unit's progress report with attachments — recorded by the office's
经办人 (what came by paper, phone or letter, with the date received) or by the unit's contact through the system —
and the request for more time. A late item takes a feedback only with its reason and progress [40].

The item comes through ``selectors.get_item_for`` (404 for "missing" and "not yours"); attachments are checked
by ``core.uploads.check_upload`` in the service and served only through the item's visibility.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core import audit
from core.actions import apply_to_form
from core.idempotency import idempotent

from .. import rules, selectors, services
from ..forms import ExtensionForm, FeedbackForm
from ..models import TRACKED_STATES, FeedbackAttachment


@idempotent  # a double click records one feedback
def feedback_new(request, pk: int):
    """报送反馈 [40]. Offered on the item's page; this page is where a form with errors comes back (400)."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    if not rules.can_report(item, user):
        raise PermissionDenied("只有办公室督查人员或该事项责任单位的联络员可以报送反馈 [40]。")
    if item.state not in TRACKED_STATES:
        raise PermissionDenied(f"该督查事项{item.get_state_display()}，不接收反馈 [40]。")
    today = timezone.localdate()
    late = item.needs_late_reason(today)
    contact = rules.is_unit_contact(user)
    form = FeedbackForm(request.POST or None, request.FILES or None, item=item, contact=contact, late=late)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            feedback = apply_to_form(
                form,
                lambda: services.feedback_record(
                    actor=user, pk=item.pk, data=form.to_data(), uploads=form.cleaned_data.get("files") or ()
                ),
            )
            if feedback is not None:
                if feedback.late_reason:
                    messages.success(request, "已报送逾期原因和目前进展，可以继续办理 [40]。")
                else:
                    messages.success(request, "反馈已报送。")
                return redirect("supervision:detail", pk=item.pk)
        status = 400
    return render(
        request,
        "supervision/feedback_form.html",
        {
            "title": "报送逾期原因和进展" if late else "报送反馈",
            "item": item,
            "form": form,
            "late": late,
            "contact": contact,
        },
        status=status,
    )


def attachment(request, pk: int, attachment_id: int):
    """A feedback's attachment, only through its item's visibility [40], [31], [32]."""
    item = selectors.get_item_for(request.user, pk)
    found = FeedbackAttachment.objects.filter(feedback__item=item, pk=attachment_id).first()
    if found is None:
        raise Http404("该附件不存在。")
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    audit.record_open(request.user, item, audit.What.ATTACHMENT)  # a classified item's file [32]
    response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@idempotent  # a double click asks once
def extension_new(request, pk: int):
    """延期申请, with the reason and the new deadline; decided by the 首办责任人, or the 分管副县长 for a major
    item [38], [39], [40]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    if not rules.can_request_extension(item, user):
        raise PermissionDenied("只有办公室督查人员或该事项责任单位的联络员可以申请延期 [40]。")
    form = ExtensionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            done = apply_to_form(
                form,
                lambda: services.extension_request(
                    actor=user, pk=item.pk, reason=d["reason"], new_deadline=d["new_deadline"]
                ),
            )
            if done is not None:
                who = "分管副县长" if item.is_major else "首办责任人"
                messages.success(request, f"延期申请已提交，待{who}审批 [38][39]。")
                return redirect("supervision:detail", pk=item.pk)
        status = 400
    return render(
        request,
        "supervision/extension_form.html",
        {"title": "申请延期", "item": item, "form": form},
        status=status,
    )


urlpatterns: list = [
    path("<int:pk>/feedback/", feedback_new, name="feedback"),
    path("<int:pk>/files/<int:attachment_id>/", attachment, name="attachment"),
    path("<int:pk>/extension/", extension_new, name="extension"),
]
