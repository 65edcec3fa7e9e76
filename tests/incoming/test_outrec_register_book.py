"""收文登记簿 export [29(1)], [32]: a classified entry the exporter may not read is a masked row, never a
missing number (the clerk's export used to skip 2026-4 and look like a lost number)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.incoming.exports import MASKED_TITLE
from org.models import ConfidentialityPledge

from .factories import register

pytestmark = pytest.mark.django_db

SECRET_TITLE = "关于调整边境巡逻部署的通知（机密）"


def test_the_register_book_export_keeps_every_number_masking_what_the_reader_may_not_see(client_as, office):
    """[29(1)] registration is the only way in, so every 收文流水号 is a row; [32] a classified one the clerk
    (before this year's pledge) may not read shows its number and level, not its title."""
    first = register(office, title="公开件一")
    secret = register(office, title=SECRET_TITLE, secret_level=1)
    third = register(office, title="公开件三")
    ConfidentialityPledge.objects.filter(user=office["shoufa"]).delete()
    today = timezone.localdate().isoformat()
    response = client_as("shoufa").get(
        reverse("incoming:register_book"), {"start": today, "end": today, "format": "xlsx"}
    )
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [first.serial_label, secret.serial_label, third.serial_label]
    assert rows[1][4] == MASKED_TITLE and rows[1][6] == "秘密"
    assert all(SECRET_TITLE not in str(cell) for row in rows for cell in row)
