"""The steps of an item's life, each a POST from the item's page carrying the page's ``version`` (a page left
open while someone else acted gets a 409, not a silent overwrite): 撤回, 筛选, 送审, 审核, 报送, 采用, 归档 [44],
[46]. The form checks the shape of what was typed (a 400 with a Chinese message), the service everything else (a
403 when this person may not, now) — through ``core.actions.workflow_action``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path

from core.actions import seen_version, workflow_action
from core.idempotency import idempotent

from .. import selectors, services
from ..forms import AdoptForm, AttachForm, ReasonForm, ReviewForm, ScreenForm, SendForm, VersionForm
from ..models import Target


def _valid(form) -> dict:
    """The form's data, or a ``ValidationError`` with its Chinese messages (a 400 page)."""
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


def _withdraw(request, user, item, version):
    reason = _valid(ReasonForm(request.POST)).get("reason", "")
    services.withdraw_item(actor=user, pk=item.pk, seen_version=version, reason=reason)
    return "信息已撤回。"


def _screen(request, user, item, version):
    d = _valid(ScreenForm(request.POST))
    keep = d["decision"] == "keep"
    services.screen_item(actor=user, pk=item.pk, seen_version=version, keep=keep, reason=d.get("reason", ""))
    return "筛选通过，已进入编辑 [46]。" if keep else "已标记为不采用，报送人会收到理由 [46]。"


def _to_review(request, user, item, version):
    _valid(VersionForm(request.POST))
    services.submit_for_review(actor=user, pk=item.pk, seen_version=version)
    return "已送办公室领导审核 [46]。"


def _review(request, user, item, version):
    d = _valid(ReviewForm(request.POST))
    comment = (d.get("comment") or "").strip()
    approve = d["decision"] == "approve"
    services.review_item(actor=user, pk=item.pk, seen_version=version, approve=approve, comment=comment)
    return "审核通过，待报送 [46]。" if approve else "已退回修改 [46]。"


def _send(request, user, item, version):
    d = _valid(SendForm(request.POST))
    sendings = [
        services.SendingData(target=t, sent_on=d["sent_on"], channel=d["channel"], note=d.get("note", ""))
        for t in d["targets"]
    ]
    services.send_item(actor=user, pk=item.pk, seen_version=version, sendings=sendings)
    labels = "、".join(Target(t).label for t in d["targets"])
    return f"已登记报送{labels} [44]。"


def _adopt(request, user, item, version):
    d = _valid(AdoptForm(request.POST))
    data = services.AdoptionData(
        level=d["level"],
        adopted_on=d["adopted_on"],
        publication=d.get("publication", ""),
        instruction=d.get("instruction", ""),
        instructed_by=d.get("instructed_by", ""),
    )
    adoption = services.record_adoption(actor=user, pk=item.pk, seen_version=version, data=data)
    return f"已登记{adoption.get_level_display()} [46]。"


def _archive(request, user, item, version):
    _valid(VersionForm(request.POST))
    services.archive_item(actor=user, pk=item.pk, seen_version=version)
    return "已归档 [46]。"


STEPS = {
    "withdraw": _withdraw,
    "screen": _screen,
    "to_review": _to_review,
    "review": _review,
    "send": _send,
    "adopt": _adopt,
    "archive": _archive,
}


@idempotent  # 报送 and 采用 create a record: a double click records one
@workflow_action
def item_act(request, pk: int, action: str):
    """One step, by the service that owns it (permission and state checked there) [44], [46]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404("没有这个操作。")
    done = step(request, user, item, seen_version(request))
    messages.success(request, done)
    return redirect("information:detail", pk=item.pk)


@idempotent  # a double click stores the files once
@workflow_action
def attach(request, pk: int):
    """附件 added to an item by whoever may still change it (the submitter while it waits to be screened, the
    information staff until it is sent) — each file checked by ``core.uploads`` in the service [46]."""
    user = request.user
    item = selectors.get_item_for(user, pk)
    form = AttachForm(request.POST, request.FILES)
    d = _valid(form)
    if not d["files"]:
        raise ValidationError("请选择要上传的文件。")
    added = services.add_attachments(actor=user, pk=item.pk, uploads=d["files"])
    messages.success(request, f"已添加{len(added)}个附件。")
    return redirect("information:detail", pk=item.pk)


urlpatterns: list = [
    path("<int:pk>/act/<slug:action>/", item_act, name="act"),
    path("<int:pk>/attach/", attach, name="attach"),
]
