"""Leave requests for tests, made through the real services, so every row is one the app could make."""

from __future__ import annotations

from datetime import date

from leave import services
from leave.models import LeaveKind
from leave.periods import Half
from leave.services import LeaveData


def data(kind: LeaveKind, start: date, end: date | None = None, *, start_half=Half.AM, end_half=Half.PM, **extra):
    extra.setdefault("reason", "因事请假")
    if kind.needs_destination:
        extra.setdefault("destination", "西宁市")
    return LeaveData(
        kind=kind, start_date=start, end_date=end or start, start_half=start_half, end_half=end_half, **extra
    )


def draft(person, kind: LeaveKind, start: date, end: date | None = None, **extra):
    return services.leave_create(actor=person, data=data(kind, start, end, **extra))


def sent(person, kind: LeaveKind, start: date, end: date | None = None, **extra):
    req = draft(person, kind, start, end, **extra)
    return services.leave_submit(actor=person, pk=req.pk)


def approved(person, kind: LeaveKind, start: date, end: date | None = None, **extra):
    req = sent(person, kind, start, end, **extra)
    return services.leave_approve(actor=req.approver, pk=req.pk)
