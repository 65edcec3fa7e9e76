"""The hand-over to the county archives [33] as an official act: the 移交清册 lists every 件 that moves, a
classified one as a masked row; last year's unfiled has one count, shown on the 档案 page and in the 1 May
reminders, which link to that page."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deadlines.registry import ScanContext, get
from documents.incoming.models import IncomingDocument
from documents.records import selectors, services
from documents.records.exports import item_row
from org.models import ConfidentialityPledge

from ..incoming.factories import register
from .test_records import _backdate, finished

pytestmark = pytest.mark.django_db

SECRET_TITLE = "机密级干部调整方案乙"


def _filed_last_year(office, **extra):
    last = timezone.localdate().year - 1
    doc = finished(office, **extra)
    _backdate(doc, last)
    return services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)


def _list_rows(client, year):
    response = client.get(reverse("records:transfer_list", args=[year, "xlsx"]))
    assert response.status_code == 200
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))


def test_the_hand_over_list_holds_every_item_that_moves_a_classified_one_masked(client_as, office):
    """[33] 移交清册: the clerk before this year's pledge, and the archivist who is not on the classified
    document, both get 2 rows when 2 are handed over — the classified one with its 档号 and level, no title
    [32]. The page before hand-over says 2 as well."""
    open_item = _filed_last_year(office, title="去年的公开件")
    secret_item = _filed_last_year(office, title=SECRET_TITLE, secret_level=1)
    last = open_item.year
    ConfidentialityPledge.objects.filter(user=office["shoufa"]).delete()  # before her yearly pledge
    for who in ("shoufa", "dangan"):
        rows = _list_rows(client_as(who), last)
        assert [(r[0], r[6]) for r in rows] == [(open_item.archive_code, None), (secret_item.archive_code, "秘密")]
        assert rows[0][2] == "去年的公开件" and SECRET_TITLE not in rows[1][2] and "无权查看题名" in rows[1][2]
        page = client_as(who).get(reverse("records:transfers")).content.decode()
        assert "data-pending>2<" in page
    transfer = services.transfer_year(actor=office["shoufa"], year=last, received_by="县档案局 王档案")
    assert transfer.items.count() == 2 == len(_list_rows(client_as("dangan"), last))


def test_the_masked_row_never_carries_the_title():
    """[32] item_row of a masked 件."""

    class Item:
        archive_code, number, title, year, secret_level, masked = "X-2025-SW-D10-0001", 1, SECRET_TITLE, 2025, 1, True

        def get_retention_display(self):
            return "10年"

        archive_class = type("C", (), {"name": "收文"})()
        filed_at = timezone.now()

    assert SECRET_TITLE not in item_row(Item())


def test_last_years_unfiled_has_one_count_for_the_page_and_the_reminders(client_as, office):
    """[33] The reminders and the 档案 page count the same documents — classified ones the clerk cannot open
    included (masked on the page) — and the reminder links to the 档案 page, never to the admin."""
    last = timezone.localdate().year - 1
    for title, level in (("去年未归档一", 0), ("去年未归档二", 0), (SECRET_TITLE, 2)):
        _backdate(register(office, title=title, secret_level=level), last)
    ConfidentialityPledge.objects.filter(user=office["shoufa"]).delete()
    ctx = ScanContext(now=timezone.make_aware(datetime(last + 1, 5, 4, 9, 0)), warnings_wanted=False)
    reminders = [
        d
        for key in ("incoming.archive", "outgoing.archive")
        for d in get(key).deadlines(ctx, due_from=None, due_before=timezone.make_aware(datetime(last + 1, 7, 1)))
    ]
    (incoming_deadline,) = reminders
    assert "尚有 3 件" in incoming_deadline.detail
    assert incoming_deadline.url == reverse("records:index") and "admin" not in incoming_deadline.url
    assert selectors.unfiled_count(last) == 3
    html = client_as("shoufa").get(reverse("records:index")).content.decode()
    assert f"{last}年度尚未归档（3 件）" in html
    assert SECRET_TITLE not in html and html.count("data-masked") == 1
    assert IncomingDocument.objects.filter(year=last).count() == 3


def test_the_records_page_the_reminder_links_to_opens_for_the_clerk(client_as):
    """[33] The clerk can open the page the reminder names (the admin she cannot)."""
    assert client_as("shoufa").get(reverse("records:index")).status_code == 200
