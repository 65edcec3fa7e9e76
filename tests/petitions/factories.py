"""Petitions for tests, made through the services (never by hand). Every helper takes the test ``office``.

- ``id_number(n)`` / ``phone(n)``: valid, distinct numbers (GB 11643 check character) for person ``n``.
- ``person(n, **kw)``: a ``PetitionerData``; ``case_data(office, **kw)``: a ``CaseData``.
- ``registered(office, **kw)`` (已登记), ``accepted`` (受理, handler guikou2), ``referred`` (转送 the township,
  whose contact is ``lianluo``), ``unit_answered``, ``answered`` (已答复), ``closed`` (已办结, 满意),
  ``group_visit(office, people=8)`` (集体访, 3 representatives).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from petitions import services
from petitions.identity import id_check_character
from petitions.models import Category, Channel, Handling
from tests import files

from .conftest import NOW

TODAY = NOW.date()
COUNTY_CODE = "632722"  # 青海省玉树藏族自治州杂多县


def id_number(n: int = 1, *, born: date = date(1975, 3, 8)) -> str:
    """A valid 18-digit ID number (checksum right) for person ``n`` (1–999)."""
    first17 = f"{COUNTY_CODE}{born:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_character(first17)


def phone(n: int = 1) -> str:
    return f"139{n:08d}"


def pdf(name: str = "来信.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf(), content_type="application/pdf")


def person(n: int = 1, *, name: str = "", representative: bool = False, **extra) -> services.PetitionerData:
    return services.PetitionerData(
        name=name or f"才仁{n}",
        id_number=extra.pop("id_number", id_number(n)),
        phone=extra.pop("phone", phone(n)),
        address=extra.pop("address", f"杂多县萨呼腾镇第{n}村{n}号"),
        is_representative=representative,
        **extra,
    )


def case_data(office, *, people=None, township="township", **extra) -> services.CaseData:
    return services.CaseData(
        channel=extra.pop("channel", Channel.VISIT),
        received_at=extra.pop("received_at", NOW - timedelta(hours=1)),
        category=extra.pop("category", Category.LAND),
        title=extra.pop("title", "草场承包边界纠纷"),
        request=extra.pop("request", "请求重新勘界，确认草场承包边界。"),
        content=extra.pop("content", "与邻村牧户就冬季草场边界发生争议，多次协商未果。"),
        township=office.units[township] if township else None,
        petitioners=tuple(people if people is not None else [person(1)]),
        **extra,
    )


def registered(office, *, actor=None, uploads=(), **kwargs):
    return services.register_case(actor=actor or office["xinfang"], data=case_data(office, **kwargs), uploads=uploads)


def accepted(office, *, handler=None, **kwargs):
    case = registered(office, **kwargs)
    return services.accept_case(actor=office["xinfang"], pk=case.pk, handler=handler or office["guikou2"])


def referred(office, *, unit="township", kind=Handling.TRANSFER, **kwargs):
    case = registered(office, **kwargs)
    return services.refer_case(
        actor=office["xinfang"],
        pk=case.pk,
        unit=office.units[unit],
        kind=kind,
        opinion="属地管理，请乡政府调查核实并答复信访人。",
    )


def unit_answered(office, **kwargs):
    case = referred(office, **kwargs)
    services.record_unit_answer(
        actor=office["lianluo"], pk=case.pk, answer="已组织双方现场勘界，边界以二〇一六年确权图为准。"
    )
    case.refresh_from_db()
    return case


def answered(office, *, referred_to_unit: bool = False, **kwargs):
    case = unit_answered(office, **kwargs) if referred_to_unit else accepted(office, **kwargs)
    return services.answer_case(
        actor=office["xinfang"], pk=case.pk, answer="经调查核实，边界以确权图为准，已现场告知双方。"
    )


def closed(office, *, satisfaction="satisfied", **kwargs):
    case = answered(office, **kwargs)
    return services.close_case(actor=office["xinfang"], pk=case.pk, satisfaction=satisfaction)


def group_visit(office, *, people: int = 8, representatives: int = 3, **kwargs):
    """A 集体访 of ``people``, with ``representatives`` registered by name [49]."""
    reps = [person(100 + i, representative=True) for i in range(1, representatives + 1)]
    return registered(office, people=reps, is_group=True, head_count=people, **kwargs)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)
