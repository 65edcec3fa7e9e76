"""The register as Excel and the 《政务信息》 pages [44]–[46]: a title typed as a formula stays text; every file
and page reads through ``items_visible_to`` — a unit contact sees no other unit's item in any of them [45]; the
office assembles an issue from reviewed items and issues it as 第N期."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from information import services
from information.models import Level, Publication, PublicationState, ScoringKey

from .test_files_helpers import TZ, adopt, approved, rule, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 9, 14, 9, 0, tzinfo=TZ), tick=False) as traveller:
        yield traveller


def test_the_register_neutralises_a_formula_and_scores_each_item_46(office, client_as, count_queries):
    """[46]: "=cmd|' /C calc'!A0" is written as text (quote prefix), never a formula; the points are the rule's."""
    rule(office, ScoringKey.PROVINCE_ADOPTION, 10, date(2026, 1, 1))
    evil = sent(office, on=date(2026, 9, 7), title="=cmd|' /C calc'!A0", author="+扎西")
    adopt(office, evil, level=Level.PROVINCE, on=date(2026, 9, 8))
    sent(office, on=date(2026, 9, 8), unit="department", author="才让", title="农牧局信息")
    client = client_as("xinxi")
    url = reverse("information:export") + "?year=2026"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=4))
    cells = {row[1].value: row for row in rows if row[1].value}
    title = cells["=cmd|' /C calc'!A0"][1]
    assert title.data_type == "s" and title.quotePrefix
    assert cells["=cmd|' /C calc'!A0"][4].quotePrefix  # the author "+扎西" too
    assert cells["=cmd|' /C calc'!A0"][10].value == "10"
    assert "省 2026-09-07" in cells["=cmd|' /C calc'!A0"][7].value
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    # Flat in queries: chunks of items, not a query per item.
    with count_queries() as few:
        client.get(url)
    for n in range(3):
        sent(office, on=date(2026, 9, 9), title=f"再{n}")
    with count_queries() as more:
        client.get(url)
    assert len(more) == len(few)


def test_a_unit_contact_sees_no_other_units_item_in_any_file_45(office, client_as):
    """[45]: the 联络员 of the township: no register, week, statistics, 通报 or 《政务信息》; their scores only."""
    rule(office, ScoringKey.PROVINCE_ADOPTION, 10, date(2026, 1, 1))
    theirs = sent(office, on=date(2026, 9, 7), unit="department", author="才让", title="农牧局的信息")
    adopt(office, theirs, level=Level.PROVINCE, on=date(2026, 9, 8))
    mine = sent(office, on=date(2026, 9, 7), title="本乡的信息")
    publication = services.create_publication(actor=office["xinxi"], item_ids=[theirs.pk, mine.pk])
    services.issue_publication(actor=office["xinxi"], pk=publication.pk)
    client = client_as("lianluo")
    for name, args in (("export", []), ("week", []), ("stats", []), ("ranking_pdf", []), ("publications", []),
                       ("publication", [publication.pk]), ("publication_pdf", [publication.pk])):  # fmt: skip
        assert client.get(reverse(f"information:{name}", args=args)).status_code == 403, name
    page = client.get(reverse("information:scores"))
    assert page.status_code == 200
    assert "农牧局" not in page.content.decode() and "才让" not in page.content.decode()


def test_the_office_assembles_and_issues_a_publication_44(office, client_as):
    """[44]: a draft from chosen reviewed items; re-ordered; issued as 2026年第1期; the next one is 第2期."""
    one = approved(office, on=date(2026, 9, 7), title="第一篇")
    two = sent(office, on=date(2026, 9, 8), unit="department", author="才让", title="第二篇")
    client = client_as("xinxi")
    page = client.get(reverse("information:publications"))
    assert page.status_code == 200 and {i.pk for i in page.context["candidates"]} >= {one.pk, two.pk}
    response = client.post(reverse("information:publication_create"), {"items": [one.pk, two.pk], "editor": "陈嘉怡"})
    publication = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "information:publication", args=[publication.pk]
    )
    response = client.post(
        reverse("information:publication_items", args=[publication.pk]),
        {f"order-{one.pk}": "2", f"order-{two.pk}": "1"},
    )
    assert response.status_code == 302
    assert [e.item_id for e in publication.entries.order_by("order")] == [two.pk, one.pk]
    page = client.get(reverse("information:publication", args=[publication.pk]))
    assert page.status_code == 200 and page.content.decode().index("第二篇") < page.content.decode().index("第一篇")
    assert (
        client.post(
            reverse("information:publication_issue", args=[publication.pk]), {"issued_on": "2026-09-14"}
        ).status_code
        == 302
    )
    publication.refresh_from_db()
    assert (publication.state, publication.number, publication.issued_on) == (
        PublicationState.ISSUED,
        1,
        date(2026, 9, 14),
    )
    # An item not yet reviewed cannot go in: a Chinese 400.
    raw = services.submit_item(
        actor=office["lianluo"],
        data=services.ItemData(title="未审核", body="正文", unit=office.units["township"], author="扎西多杰"),
    )
    refused = client.post(reverse("information:publication_create"), {"items": [raw.pk]})
    assert refused.status_code == 400 and "审核" in refused.content.decode()
    # Issued: the county head reads it; drafts are the information staff's only.
    draft = services.create_publication(actor=office["xinxi"], item_ids=[one.pk])
    head = client_as("xianzhang")
    assert head.get(reverse("information:publication", args=[publication.pk])).status_code == 200
    assert head.get(reverse("information:publication", args=[draft.pk])).status_code == 404
    services.issue_publication(actor=office["xinxi"], pk=draft.pk)
    draft.refresh_from_db()
    assert draft.number == 2


def test_bad_input_to_the_files_pages_is_a_chinese_400_never_a_500(office, client_as):
    """Issue 12's rule for this chapter's figures and papers: wrong, over-long, NUL and unknown values."""
    item = approved(office, on=date(2026, 9, 7), title="一篇")
    publication = services.create_publication(actor=office["xinxi"], item_ids=[item.pk])
    client = client_as("xinxi")
    for url in (
        reverse("information:week") + "?week=9999-W99",
        reverse("information:week") + "?week=长长长",
        reverse("information:scores") + "?year=99999999999999999999&month=1",
        reverse("information:scores") + "?year=2026&month=0",
        reverse("information:export") + "?year=-1",
        reverse("information:ranking_pdf") + "?year=1999",
    ):
        assert client.get(url).status_code == 400, url
    assert client.get(reverse("information:stats") + "?year=2026&month=%00").status_code == 200  # NUL stripped
    assert client.get(reverse("information:publication", args=[99999999999])).status_code == 404
    for data in (
        {"items": ["99999999999999999999"]},
        {"items": ["不存在的选项"]},
        {"items": []},
        {"title": "长" * 5000},
    ):
        assert client.post(reverse("information:publication_create"), data).status_code == 400, data
    items_url = reverse("information:publication_items", args=[publication.pk])
    for data in ({f"order-{item.pk}": "99999999999999999999"}, {f"order-{item.pk}": "长"}, {"order-长": "1"}, {}):
        assert client.post(items_url, data).status_code == 400, data
    issue_url = reverse("information:publication_issue", args=[publication.pk])
    for value in ("长" * 5000, "99999999999999999999", "2026-13-01", "2099-01-01"):
        assert client.post(issue_url, {"issued_on": value}).status_code == 400, value
