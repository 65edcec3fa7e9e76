"""审批 on a phone: the 分管副县长 approves (批准立项) or refuses (不予立项, with the reason) a major item [39]; the
首办责任人 — or the 分管副县长 for a major item — decides an extension request [38], [39], [40].

One page per item with what this person has to decide on it, the facts they decide on, and big buttons that ask
for confirmation. The services check who may decide; the page offers only what they would accept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import seen_version, workflow_action

from .. import rules, selectors, services
from ..forms import CommentForm
from ..models import Extension, ExtensionOutcome, State


def _pending_extension(item):
    return item.extensions.filter(outcome=ExtensionOutcome.PENDING).select_related("requested_by__profile").first()


def decide(request, pk: int):
    """What this person decides on this item: its 立项 [39] and/or a pending extension [38], [39]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    approval = item.state == State.PENDING_APPROVAL and rules.can_approve(item, user)
    extension = _pending_extension(item)
    if extension is not None and not rules.can_decide_extension(item, user):
        extension = None
    if not approval and extension is None:
        messages.info(request, "该督查事项目前没有需要您审批的内容。")
        return redirect("supervision:detail", pk=item.pk)
    submitted = item.log.filter(action="submit_for_approval").select_related("actor__profile").last()
    return render(
        request,
        "supervision/decide.html",
        {
            "title": f"审批：{services.FLOW.name(item)}",
            "item": item,
            "approval": approval,
            "submitted": submitted,
            "extension": extension,
            "assisting": list(item.assisting_units.order_by("name")),
            "today": timezone.localdate(),
        },
    )


def _comment(request, *, required: bool, message: str) -> str:
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError("意见不超过300字。")
    comment = form.cleaned_data["comment"].strip()
    if required and not comment:
        raise ValidationError(message)
    return comment


@workflow_action
def decide_approval(request, pk: int, decision: str):
    """批准立项 or 不予立项 (the reason required) [39]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    version = seen_version(request)
    if decision == "approve":
        comment = _comment(request, required=False, message="")
        services.item_approve(actor=user, pk=item.pk, seen_version=version, comment=comment)
        messages.success(request, "已批准立项，事项进入督办 [39]。")
    elif decision == "refuse":
        reason = _comment(request, required=True, message="请写明不予立项的理由 [39]。")
        services.item_refuse(actor=user, pk=item.pk, seen_version=version, reason=reason)
        messages.success(request, "已不予立项，理由已告知经办人和首办责任人 [39]。")
    else:
        raise Http404("没有这个操作。")
    return redirect("supervision:detail", pk=item.pk)


@workflow_action
def decide_extension(request, pk: int, extension_id: int, decision: str):
    """同意延期 (the deadline changes, logged) or 不同意延期 (the reason required) [38], [39], [40]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    if not Extension.objects.filter(pk=extension_id, item=item).exists():
        raise Http404("该延期申请不存在。")
    if decision not in ("approve", "refuse"):
        raise Http404("没有这个操作。")
    if not rules.can_decide_extension(item, user):
        who = "分管副县长" if item.is_major else "首办责任人"
        raise PermissionDenied(f"该事项的延期由{who}审批 [38][39]。")
    approve = decision == "approve"
    comment = _comment(request, required=not approve, message="不同意延期请写明理由。")
    extension = services.extension_decide(actor=user, extension_id=extension_id, approve=approve, comment=comment)
    if approve:
        messages.success(request, f"已同意延期，办结时限改为{extension.new_deadline:%Y年%m月%d日} [40]。")
    else:
        messages.success(request, "已不同意延期，办结时限不变。")
    return redirect("supervision:detail", pk=item.pk)


urlpatterns: list = [
    path("<int:pk>/decide/", decide, name="decide"),
    path("<int:pk>/decide/<slug:decision>/", decide_approval, name="decide_approval"),
    path("<int:pk>/extensions/<int:extension_id>/<slug:decision>/", decide_extension, name="decide_extension"),
]
