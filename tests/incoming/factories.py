"""Building incoming documents for tests through the real services, so every row is one the app could make."""

from __future__ import annotations

from documents.incoming import services
from documents.incoming.models import Category, Intake, Reader
from documents.incoming.services import ReaderSpec, Registration
from documents.types import DocumentType, SecretLevel
from org.models import Unit, UnitKind


def unit(kind: str = UnitKind.SUPERIOR) -> Unit:
    return Unit.objects.filter(kind=kind).order_by("sort_order").first()


def register(office, *, title="关于做好冬季草原防火工作的通知", kind=UnitKind.SUPERIOR, intake="", **extra):
    data = Registration(
        source_unit=unit(kind),
        title=title,
        doc_type=extra.pop("doc_type", DocumentType.NOTICE),
        sender_number=extra.pop("sender_number", "玉政办〔2026〕88号"),
        intake=intake,
        **extra,
    )
    return services.incoming_register(actor=office["shoufa"], data=data)


def distribute(
    office, doc, *, readers, category=Category.READ, actor="fuzhuren_wenmi", opinion="请各位领导阅", **extra
):
    specs = [r if isinstance(r, ReaderSpec) else ReaderSpec(reader=office[r]) for r in readers]
    return services.incoming_distribute(
        actor=office[actor], pk=doc.pk, category=category, opinion=opinion, readers=specs, **extra
    )


def act(office, username, **extra) -> ReaderSpec:
    return ReaderSpec(reader=office[username], duty=Reader.Duty.ACT, **extra)


def read(office, username, **extra) -> ReaderSpec:
    return ReaderSpec(reader=office[username], duty=Reader.Duty.READ, **extra)


def request_from_township(office, *, title="关于调整结多乡中心学校布局的请示", **extra):
    return register(office, title=title, kind=UnitKind.TOWNSHIP, intake=Intake.REQUEST, **extra)


__all__ = ["SecretLevel", "act", "distribute", "read", "register", "request_from_township", "unit"]
