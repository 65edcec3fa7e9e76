"""Who sees which outgoing documents [31], [32]: one selector for lists, search, counts, exports, PDFs,
attachments, the work queue and the admin. Classified drafts only for the cleared *and* on the document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import workqueue
from documents.outgoing import services
from documents.outgoing.selectors import outgoing_visible_to, search

from .conftest import to_numbering

pytestmark = pytest.mark.django_db

EVERYONE_WITH_VIEW = {
    "xianzhang",
    "changwu",
    "fuxianzhang1",
    "fuxianzhang2",
    "zhuren",
    "fuzhuren_wenmi",
    "fuzhuren",
    "kezhang",
    "jiyao",
    "fazhi",
    "shoufa",
    "guikou1",
    "guikou2",
    "guikou3",
    "dazi",
    "dangan",
    "admin",  # a superuser holds every model permission, so sees unclassified documents
}


@pytest.fixture
def docs(draft, office):
    open_draft = draft(title="公开的草原防火通知")
    routed_secret = draft(
        title="秘密的草原补助资金分配方案", secret_level=1, secrecy_period="1年", not_funds_reason="只列名单"
    )  # asked by [30(3)1]
    services.outgoing_submit(actor=office["guikou2"], pk=routed_secret.pk)
    own_secret = draft("guikou1", line="general-affairs", title="秘密的综合政务材料", secret_level=1)
    return {"open": open_draft, "routed": routed_secret, "own": own_secret}


def _seers(office, doc) -> set[str]:
    return {name for name, user in office.items() if outgoing_visible_to(user).filter(pk=doc.pk).exists()}


def test_unclassified_drafts_are_seen_by_every_role_with_the_view_permission(office, docs):
    """Duty and petition staff have no business with outgoing documents; everyone else in the office may read
    an unclassified one."""
    assert _seers(office, docs["open"]) == EVERYONE_WITH_VIEW


def test_classified_draft_only_for_those_cleared_and_on_it(office, docs):
    """[32] a 秘密 draft on its way: the drafter, the deputy director reviewing it and the deputy head who
    signs it — not the county head, not the director, not the superuser, not the clerk."""
    assert _seers(office, docs["routed"]) == {"guikou2", "fuzhuren", "fuxianzhang1"}
    assert _seers(office, docs["own"]) == {"guikou1"}


def test_clearance_alone_is_not_enough_and_being_on_it_alone_is_not_enough(office, docs):
    """[31][32] 县长 holds 绝密 clearance but is not on the document; a person on it whose clearance drops
    loses it."""
    assert not outgoing_visible_to(office["xianzhang"]).filter(pk=docs["routed"].pk).exists()
    office["fuzhuren"].profile.clearance = 0
    office["fuzhuren"].profile.save()
    assert not outgoing_visible_to(office["fuzhuren"]).filter(pk=docs["routed"].pk).exists()


def test_typing_pool_gets_a_classified_document_only_if_cleared(office, draft):
    """[31][32] at 编号 the 打字室 pool is put on the document — the typist without clearance is left out."""
    doc = to_numbering(draft(secret_level=1))
    assert outgoing_visible_to(office["shoufa"]).filter(pk=doc.pk).exists()
    assert not outgoing_visible_to(office["dazi"]).filter(pk=doc.pk).exists()
    titles = [item.title for item in workqueue.items_for(office["dazi"])]
    assert not any(doc.title in title for title in titles)
    assert any(doc.title in item.title for item in workqueue.items_for(office["shoufa"]))


def test_search_counts_pdfs_and_files_go_through_the_same_selector(client_as, office, docs):
    """[32] search, counts, the PDFs and the list never show a classified document to someone not on it."""
    secret = docs["routed"]
    assert search(outgoing_visible_to(office["guikou3"]), "草原").count() == 1  # the open one only
    client = client_as("guikou3")
    html = client.get(reverse("outgoing:list") + "?tab=all&q=草原").content.decode()
    assert docs["open"].title in html and secret.title not in html
    for name in ("outgoing:detail", "outgoing:document_pdf", "outgoing:sheet_pdf", "outgoing:compare"):
        assert client.get(reverse(name, args=[secret.pk])).status_code == 404, name
    assert client_as("fuzhuren").get(reverse("outgoing:document_pdf", args=[secret.pk])).status_code == 200


def test_register_export_masks_classified_rows_the_exporter_is_not_on(client_as, office, draft):
    """[30(5)] [32] the 发文登记簿 export is built on the selector: the director, not on the classified one,
    gets its row masked — number and level, no title — never a gap that looks like a lost number."""
    from io import BytesIO

    from openpyxl import load_workbook

    from documents.outgoing.exports import MASKED_TITLE

    open_doc = services.outgoing_number(actor=office["shoufa"], pk=to_numbering(draft(title="公开件")).pk)
    secret = services.outgoing_number(actor=office["shoufa"], pk=to_numbering(draft(title="秘密件", secret_level=1)).pk)
    sheet = load_workbook(
        BytesIO(client_as("zhuren").get(reverse("outgoing:register_export", args=["xlsx"])).content)
    ).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(row[0], row[1], row[3]) for row in rows] == [
        (open_doc.doc_number, open_doc.title, None),
        (secret.doc_number, MASKED_TITLE, "秘密"),
    ]
    page = client_as("zhuren").get(reverse("outgoing:register")).content.decode()
    assert secret.doc_number in page and "秘密件" not in page and "data-masked" in page
    sheet = load_workbook(
        BytesIO(client_as("shoufa").get(reverse("outgoing:register_export", args=["xlsx"])).content)
    ).active
    assert sheet.max_row == 4  # title, header and both rows: the clerk numbered both and is on them
