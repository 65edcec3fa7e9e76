"""The chapter's pages as a phone reads them, checked on the server side: a unit contact's scores are headed as
their own unit's [45][46], an item already in an issued 《政务信息》 says so when offered again [44], an urgent item
waiting to be sent heads the week's list [44], and the long tables are scrollable tables, not squeezed columns."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from information import services
from information.models import Kind

from .test_files_helpers import approved, sent

CSS = Path(settings.BASE_DIR) / "information" / "static" / "information" / "infostats.css"


def heading(page) -> str:
    match = re.search(r'<h2 id="chart-scores-title"[^>]*>([^<]*)</h2>', page.content.decode())
    assert match, "the scores heading is missing"
    return match.group(1)


def test_a_unit_contact_reads_their_own_units_score_under_a_heading_that_says_so_45_46(office, client_as):
    """[45][46]: a 联络员 sees one row, their unit's — headed 本单位得分, not 各单位得分排名."""
    contact = client_as("lianluo").get(reverse("information:scores") + "?year=2026")
    assert contact.status_code == 200
    assert heading(contact) == "本单位得分"
    assert "各单位" not in contact.content.decode()
    staff = client_as("xinxi").get(reverse("information:scores") + "?year=2026")
    assert heading(staff) == "各单位得分排名"


def test_an_item_already_in_an_issued_publication_is_marked_when_offered_again_44(office, client_as):
    """[44]: the candidates for the next issue note 已编入第N期 on an item already printed; it stays selectable."""
    printed = sent(office, on=date(2026, 9, 7), title="测试乡召开草原防火工作会议")
    fresh = approved(office, on=date(2026, 9, 8), unit=None, author="陈嘉怡", title="县政府召开常务会议")
    draft = services.create_publication(actor=office["xinxi"], item_ids=[printed.pk], editor="陈嘉怡")
    services.issue_publication(actor=office["xinxi"], pk=draft.pk)

    page = client_as("xinxi").get(reverse("information:publications"))
    assert page.status_code == 200
    candidates = {i.pk: i for i in page.context["candidates"]}
    assert candidates[printed.pk].issued_in == ["第1期"] and candidates[fresh.pk].issued_in == []
    text = page.content.decode()
    assert text.count("data-issued-in") == 1 and "已编入第1期" in text
    assert f'name="items" value="{printed.pk}"' in text  # still selectable


def test_an_urgent_item_waiting_to_be_sent_is_marked_and_listed_first_44(office, client_as):
    """[44]: 紧急信息 waiting to be sent heads the week's list with a 紧急 stamp, though it was approved last."""
    older = approved(office, on=date(2026, 9, 14), title="测试乡开展草原生态保护宣传")
    urgent = approved(office, on=date(2026, 9, 15), title="测试乡突发山洪灾情", kind=Kind.URGENT)
    page = client_as("xinxi").get(reverse("information:week"))
    assert [i.pk for i in page.context["waiting"]] == [urgent.pk, older.pk]
    assert page.content.decode().count("data-urgent") == 1


def test_phone_rules_keep_figure_tables_as_scrolling_tables_on_screen_only():
    """The phone rules (one line per figure cell, the wrapper scrolls) sit in a screen-only media query."""
    css = CSS.read_text(encoding="utf-8")
    phone = css[css.index("@media screen and (max-width: 720px)") :]
    phone = phone[: phone.index("@media print")]
    assert "table.figures-table td, table.figures-table th { white-space: nowrap; }" in phone
    assert ".figures { margin: .5rem 0 1rem; overflow-x: auto; }" in css
