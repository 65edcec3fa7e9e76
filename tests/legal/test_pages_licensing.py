"""Licensing pages [13]: 法制科 adds an item and records decisions (alone or in a clean-up); the leaders read the
whole register; everyone else reads the items in force; refusals are 403/404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from legal import services
from legal.models import LicensingItem, LicensingStatus

from .factories import LEGAL, item


def test_the_legal_section_adds_an_item_and_records_a_decision_13(client_as, office):
    client = client_as(LEGAL)
    response = client.post(
        reverse("legal:item_new"),
        {
            "name": "取水许可", "legal_basis": "《水法》第四十八条", "unit": office.units["department"].pk,
            "document_number": "杂政〔2024〕15号", "decided_on": "2024-03-01", "basis": "列入目录",
        },
    )  # fmt: skip
    added = LicensingItem.objects.get(name="取水许可")
    assert response.status_code == 302 and added.state == LicensingStatus.KEPT
    decided = client.post(
        reverse("legal:item_decide", args=[added.pk]),
        {"version": added.version, "status": "adjusted", "document_number": "杂政〔2026〕3号",
         "decided_on": "2026-09-01", "basis": "告知承诺制"},
    )  # fmt: skip
    assert decided.status_code == 302
    page = client.get(reverse("legal:item", args=[added.pk])).content.decode()
    assert "保留 → 调整" in page and "杂政〔2026〕3号" in page
    stale = client.post(
        reverse("legal:item_decide", args=[added.pk]),
        {"version": added.version, "status": "kept", "document_number": "x", "decided_on": "2026-09-01", "basis": "x"},
    )
    assert stale.status_code == 409


def test_a_cleanup_through_the_pages_13(client_as, office):
    a, b = item(office, name="甲"), item(office, name="乙")
    client = client_as(LEGAL)
    started = client.post(reverse("legal:cleanups"), {"year": 2025, "title": "2025年度清理"})
    assert started.status_code == 302
    cleanup_url = started["Location"]
    page = client.get(cleanup_url).content.decode()
    assert "甲" in page and "逐项决定" in page
    pk = int(cleanup_url.rstrip("/").split("/")[-1])
    done = client.post(
        reverse("legal:cleanup_decide", args=[pk]),
        {"version": 0, "document_number": "杂政〔2025〕42号", "decided_on": "2025-11-20",
         f"status-{b.pk}": "cancelled", f"basis-{b.pk}": "上位法取消", f"status-{a.pk}": ""},
    )  # fmt: skip
    assert done.status_code == 302
    assert LicensingItem.objects.get(pk=b.pk).state == LicensingStatus.CANCELLED
    assert LicensingItem.objects.get(pk=a.pk).state == LicensingStatus.KEPT
    missing = client.post(
        reverse("legal:cleanup_decide", args=[pk]), {"version": 1, "document_number": "", "decided_on": ""}
    )
    assert missing.status_code == 400


@pytest.mark.parametrize("username", ["zhuren", "xianzhang"])
def test_leaders_read_the_whole_register_but_do_not_decide_13(client_as, office, username):
    gone = item(office, name="渔业捕捞许可")
    services.item_decide(
        actor=office[LEGAL], pk=gone.pk, status=LicensingStatus.CANCELLED, document_number="x",
        decided_on=gone.decided_on, basis="x",
    )  # fmt: skip
    client = client_as(username)
    assert "渔业捕捞许可" in client.get(reverse("legal:items"), {"status": "all"}).content.decode()
    assert client.get(reverse("legal:cleanups")).status_code == 200
    assert client.get(reverse("legal:item_new")).status_code == 403
    assert "登记决定" not in client.get(reverse("legal:item", args=[gone.pk])).content.decode()


def test_office_staff_read_items_in_force_only_13(client_as, office):
    gone = item(office, name="渔业捕捞许可")
    services.item_decide(
        actor=office[LEGAL], pk=gone.pk, status=LicensingStatus.CANCELLED, document_number="x",
        decided_on=gone.decided_on, basis="x",
    )  # fmt: skip
    client = client_as("guikou1")
    assert client.get(reverse("legal:item", args=[gone.pk])).status_code == 404
    assert client.get(reverse("legal:cleanups")).status_code == 403
    assert client.post(reverse("legal:cleanups"), {"year": 2025, "title": "x"}).status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_the_items_list_query_count_is_flat_13(client_as, office, django_assert_max_num_queries, rows):
    for n in range(rows):
        item(office, name=f"事项{n}")
    client = client_as("dazi")
    client.get(reverse("legal:items"))
    with django_assert_max_num_queries(19):
        assert client.get(reverse("legal:items")).status_code == 200
