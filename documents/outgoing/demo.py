"""Seed data for outgoing documents: the three series (also seeded by migration 0002, repeated here because
tests that flush the database lose migration data) and, for the demo office, a standing distribution list.

Both are idempotent: rows are found by their natural key.
"""

from __future__ import annotations

from django.db import transaction

from org.models import Unit, UnitKind

from .choices import Authority
from .models import Series, StandingRecipient

SERIES = [
    # prefix, name, authority, header (发文机关标志), letter format, sort order
    ("杂政", "县人民政府文件", Authority.GOVERNMENT, "杂多县人民政府文件", False, 10),
    ("杂政办", "县政府办公室文件", Authority.OFFICE, "杂多县人民政府办公室文件", False, 20),
    ("杂政函", "县人民政府函", Authority.GOVERNMENT, "杂多县人民政府", True, 30),
]


def ensure_series() -> dict[str, Series]:
    series = {}
    for prefix, name, authority, header, is_letter, order in SERIES:
        series[prefix], _ = Series.objects.get_or_create(
            prefix=prefix,
            defaults={
                "name": name,
                "authority": authority,
                "header": header,
                "is_letter": is_letter,
                "sort_order": order,
            },
        )
    return series


@transaction.atomic
def build_demo_outgoing() -> None:
    """文件分发立户范围 [30(5)]: every township and county department receives 普发 documents."""
    ensure_series()
    units = Unit.objects.filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT], is_active=True)
    for order, unit in enumerate(units.order_by("kind", "sort_order", "name")):
        StandingRecipient.objects.update_or_create(unit=unit, defaults={"copies": 1, "sort_order": order})
