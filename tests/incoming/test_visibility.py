"""Who sees which incoming document — lists, search, counts, detail, PDFs, attachments, exports, admin [31], [32]."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents.incoming import services
from documents.incoming.models import IncomingDocument
from documents.incoming.selectors import incoming_visible_to
from tests.files import pdf

from .factories import act, distribute, register

pytestmark = pytest.mark.django_db

PDF = pdf()  # a real PDF: an upload must parse (core.uploads)


@pytest.fixture
def docs(office):
    plain = register(office, title="关于做好冬季草原防火工作的通知")
    confidential = register(office, title="机密绝密核心通报", secret_level=2, secrecy_period="10年")
    distribute(office, confidential, readers=[act(office, "fuxianzhang1")])
    secret = register(office, title="秘密级人事安排", secret_level=1)
    services.incoming_attach(
        actor=office["shoufa"], pk=confidential.pk, upload=SimpleUploadedFile("机密原件.pdf", PDF), kind="original"
    )
    return {"plain": plain, "confidential": confidential, "secret": secret}


EXPECTED = {
    # registered all three; cleared for 机密
    "shoufa": {"plain", "confidential", "secret"},
    # holder of both classified documents at registration, and distributed the confidential one
    "fuzhuren_wenmi": {"plain", "confidential", "secret"},
    # reader of the confidential one, cleared for 机密
    "fuxianzhang1": {"plain", "confidential"},
    # cleared for 绝密 but on neither classified document: being cleared is not enough [32]
    "xianzhang": {"plain"},
    "zhuren": {"plain"},
    "changwu": {"plain"},
    "fuxianzhang2": {"plain"},
    "fuzhuren": {"plain"},
    "kezhang": {"plain"},
    "jiyao": {"plain"},
    "fazhi": {"plain"},
    "guikou1": {"plain"},
    "guikou2": {"plain"},
    "guikou3": {"plain"},
    "dangan": {"plain"},
    # roles without incoming documents see nothing they are not on
    "dazi": set(),
    "zhiban": set(),
    "xinfang": set(),
    "xinxi": set(),  # 政务信息员 [44]–[46]
    "gongkai": set(),  # 政务公开专员 [35], [36]
    # a township's 联络员 is outside the office: no incoming document at all
    "lianluo": set(),
    # the superuser has every permission but no clearance and no place on the documents
    "admin": {"plain"},
}


def test_expected_table_covers_everyone_in_the_office(office):
    assert set(EXPECTED) == set(office)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_person_sees_exactly_their_documents(office, docs, username):
    names = {name for name, doc in docs.items() if incoming_visible_to(office[username]).filter(pk=doc.pk).exists()}
    assert names == EXPECTED[username]


@pytest.mark.parametrize("username", ["xianzhang", "guikou1", "admin", "dangan"])
def test_outsiders_find_no_trace_of_classified_documents(client_as, docs, username):
    client = client_as(username)
    secret_titles = ["机密绝密核心通报", "秘密级人事安排"]
    pages = [
        reverse("incoming:list"),
        reverse("incoming:list") + "?q=机密",
        reverse("incoming:list") + "?q=" + docs["confidential"].serial_label,
        reverse("incoming:list") + "?category=secret",
        reverse("incoming:waiting"),
        reverse("incoming:mine"),
        reverse("core:home"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not any(t in html for t in secret_titles), url
    for doc in (docs["confidential"], docs["secret"]):
        assert client.get(reverse("incoming:detail", args=[doc.pk])).status_code == 404
        assert client.get(reverse("incoming:sheet_pdf", args=[doc.pk])).status_code == 404
    attachment = docs["confidential"].attachments.get()
    assert client.get(reverse("incoming:attachment", args=[attachment.pk])).status_code == 404
    html = client.get(reverse("incoming:list") + "?year=&category=secret").content.decode()
    assert "共 0 件" in html


def test_outsider_register_export_masks_classified_rows(client_as, docs):
    """[29(1)] [32] every 收文流水号 is a row; a classified one the exporter is not on has no title."""
    client = client_as("zhuren")  # may export; cleared for 绝密; on no classified document
    today = timezone.localdate()
    response = client.get(
        reverse("incoming:register_book"), {"start": f"{today.year}-01-01", "end": today.isoformat(), "format": "xlsx"}
    )
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)]
    from documents.incoming.exports import MASKED_TITLE

    assert [t for t in titles if t != MASKED_TITLE] == ["关于做好冬季草原防火工作的通知"]
    assert len(titles) == IncomingDocument.objects.exclude(serial__isnull=True).count()


def test_cleared_reader_on_the_document_sees_it_and_its_attachment(client_as, docs):
    client = client_as("fuxianzhang1")
    assert client.get(reverse("incoming:detail", args=[docs["confidential"].pk])).status_code == 200
    attachment = docs["confidential"].attachments.get()
    response = client.get(reverse("incoming:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


def test_admin_changelist_hides_classified_documents_from_outsiders(client_as, docs):
    html = client_as("admin").get(reverse("admin:incoming_incomingdocument_changelist")).content.decode()
    assert "冬季草原防火" in html
    assert "机密绝密核心通报" not in html and "秘密级人事安排" not in html
    assert client_as("admin").get(
        reverse("admin:incoming_incomingdocument_change", args=[docs["confidential"].pk])
    ).status_code in (302, 404)


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_mine_is_the_visible_documents_the_person_is_on(office, docs, username):
    """我经手的 reads the grants once (``Visibility.on_queryset``, issue 13) and still answers exactly “visible and
    on it” [31], [32]."""
    from documents.incoming import selectors

    user = office[username]
    expected = set(
        incoming_visible_to(user).filter(pk__in=selectors.VISIBILITY.granted_ids(user)).values_list("pk", flat=True)
    )
    assert set(selectors.mine(user).values_list("pk", flat=True)) == expected


def test_mine_hides_classified_documents_until_this_years_pledge(office, docs):
    """On the document and cleared, but not pledged this year: 我经手的 keeps only the unclassified [32]."""
    from documents.incoming import selectors
    from org.models import ConfidentialityPledge

    ConfidentialityPledge.objects.filter(user=office["shoufa"]).delete()
    user = type(office["shoufa"]).objects.get(pk=office["shoufa"].pk)  # no cached pledge
    assert set(selectors.mine(user)) == {docs["plain"]}
