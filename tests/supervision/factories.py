"""Supervision items for tests, made through the services (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from supervision import services
from supervision.models import ReceivedVia, Source
from tests import files

from .conftest import NOW

TODAY = NOW.date()


def pdf(name: str = "答复函.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf(), content_type="application/pdf")


def data(office, *, source=Source.WORK_REPORT, days: int | None = 30, unit="department", **extra):
    return services.ItemData(
        source=source,
        title=extra.pop("title", "测试督查事项：完成乡村道路硬化"),
        text=extra.pop("text", "年底前完成测试乡三条村道硬化并报送验收结果。"),
        first_responsible=extra.pop("first_responsible", office["fuzhuren"]),
        handler=extra.pop("handler", office["guikou2"]),
        lead_unit=office.units[unit] if unit else None,
        deadline=extra.pop("deadline", TODAY + timedelta(days=days) if days is not None else None),
        **extra,
    )


def item(office, *, actor=None, **kwargs):
    return services.item_create(actor=actor or office["guikou2"], data=data(office, **kwargs))


def tracked(office, **kwargs):
    """An item (not major) in 督办中."""
    obj = item(office, **kwargs)
    return services.item_start(actor=office["guikou2"], pk=obj.pk)


def major(office, **kwargs):
    """A major item registered for the 分管副县长 fuxianzhang1 [39]."""
    return item(office, is_major=True, deputy_head=office["fuxianzhang1"], **kwargs)


def proposal(office, **kwargs):
    return item(
        office,
        source=Source.DEPUTY_PROPOSAL,
        days=None,
        proposal_number="建议第12号",
        proposer="测试代表",
        session="测试县第一届人民代表大会第三次会议",
        assigned_on=TODAY,
        **kwargs,
    )


def feedback(office, obj, *, actor=None, late_reason="", text="已完成两条村道，第三条正在施工。", **extra):
    return services.feedback_record(
        actor=actor or office["guikou2"],
        pk=obj.pk,
        data=services.FeedbackData(
            text=text,
            received_via=extra.pop("received_via", ReceivedVia.PAPER),
            received_on=extra.pop("received_on", TODAY),
            late_reason=late_reason,
            **extra,
        ),
    )


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)
