"""Legal records for tests, made through the services (never by hand) [13]."""

from __future__ import annotations

from datetime import date, timedelta

from legal import services
from legal.models import CaseKind, LicensingStatus, PartyKind

from .conftest import NOW

TODAY = NOW.date()
LEGAL = "fazhi"  # 法制科科长
CONTACT = "lianluo"  # 测试乡的联络员
PARTY = "才仁多杰"
ID_NUMBER = "632722198804120031"
PHONE = "13897650012"


def case(office, *, kind=CaseKind.RECONSIDERATION, unit="township", received_on: date | None = None, **extra):
    values = {
        "kind": kind,
        "number": extra.pop("number", "杂政复〔2026〕11号"),
        "party_name": PARTY,
        "party_kind": PartyKind.PERSON,
        "party_id_number": ID_NUMBER,
        "party_phone": PHONE,
        "act": "对申请人作出的行政处罚决定",
        "unit": office.units[unit],
        "received_on": received_on or TODAY,
        "handler": office[LEGAL],
    }
    values.update(extra)
    return services.case_register(actor=office[LEGAL], data=services.CaseData(**values))


def replied(office, **kwargs):
    c = case(office, **kwargs)
    return services.case_reply(actor=office[LEGAL], pk=c.pk, replied_on=TODAY)


def item(office, *, name="建筑工程施工许可", unit="department", **extra):
    return services.item_add(
        actor=office[LEGAL],
        data=services.ItemData(
            name=name, legal_basis="《中华人民共和国建筑法》第七条", unit=office.units[unit], **extra
        ),
        document_number="杂政〔2024〕15号",
        decided_on=TODAY - timedelta(days=300),
        basis="公布县级行政许可事项清单",
    )


KEPT, CANCELLED = LicensingStatus.KEPT, LicensingStatus.CANCELLED
