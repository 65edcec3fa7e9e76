"""The incoming pages: each step through HTTP, clear Chinese 4xx answers, PDFs and exports."""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from documents.incoming import services
from documents.incoming.models import IncomingDocument, ReturnGround, State
from org.models import Unit, UnitKind
from org.selectors import display_name
from tests import requires
from tests.files import pdf

from .factories import act, distribute, read, register, request_from_township

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_clerk_registers_through_the_form(client_as, office):
    """[26(1)] the clerk registers; the serial is shown; the original scan is kept."""
    unit = office.units["superior"]
    response = client_as("shoufa").post(
        reverse("incoming:register"),
        {
            "source_unit": unit.pk,
            "title": "关于做好雪灾防范工作的紧急通知",
            "sender_number": "玉政办明电〔2026〕5号",
            "doc_type": "notice",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "copies": 2,
            "pages": 3,
            "secret_level": 0,
            "urgency": "extra_urgent",
            "original": SimpleUploadedFile("scan.pdf", pdf("test"), content_type="application/pdf"),
        },
        follow=True,
    )
    assert response.status_code == 200
    doc = IncomingDocument.objects.get()
    assert f"已登记，收文流水号 {doc.serial_label}" in _text(response)
    assert doc.attachments.get().content_type == "application/pdf"


def test_registration_form_errors_are_400_in_chinese(client_as, office):
    """[28] a lower unit's document other than a 请示 must say 请示件 or 一般工作公文 (a 请示 is a 请示件)."""
    unit = Unit.objects.filter(kind=UnitKind.TOWNSHIP).first()
    response = client_as("shoufa").post(
        reverse("incoming:register"),
        {
            "source_unit": unit.pk,
            "title": "x",
            "doc_type": "notice",
            "copies": 1,
            "pages": 1,
            "secret_level": 0,
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "请示件" in _text(response)
    assert IncomingDocument.objects.count() == 0


def test_upload_that_is_not_what_it_claims_is_refused(client_as, office):
    unit = office.units["superior"]
    response = client_as("shoufa").post(
        reverse("incoming:register"),
        {
            "source_unit": unit.pk,
            "title": "x",
            "doc_type": "notice",
            "copies": 1,
            "pages": 1,
            "secret_level": 0,
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "original": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 400
    assert "文件内容与扩展名不符" in _text(response)


def test_only_the_clerk_opens_the_registration_form(client_as):
    assert client_as("guikou1").get(reverse("incoming:register")).status_code == 403


def test_distribute_then_sign_from_the_pages(client_as, office):
    """[26(2)] the deputy distributes from the form; [26(6)5] the leader signs with a common phrase."""
    doc = register(office)
    client = client_as("fuzhuren_wenmi")
    form = {
        "version": doc.version,
        "category": "handle",
        "opinion": "请尼玛扎西副县长阅示。",
        "line": "",
        "lead_handler": office["guikou2"].pk,
        "r-TOTAL_FORMS": 2,
        "r-INITIAL_FORMS": 0,
        "r-0-reader": office["fuxianzhang1"].pk,
        "r-0-duty": "act",
        "r-0-part": "",
        "r-1-reader": "",
        "r-1-duty": "read",
        "r-1-part": "",
    }
    response = client.post(reverse("incoming:distribute", args=[doc.pk]), form)
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.CIRCULATING
    leader = client_as("fuxianzhang1")
    page = _text(leader.get(reverse("incoming:detail", args=[doc.pk])))
    assert "签阅并批示" in page and "已阅" in page
    response = leader.post(  # a phrase signs once confirmed [26(6)5]
        reverse("incoming:sign", args=[doc.pk]), {"version": doc.version, "phrase": "同意", "confirmed": "1"}
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.HANDLING
    assert doc.readers.get().comment == "同意"


def test_stale_page_gets_409_in_chinese(client_as, office):
    """Two people at once: the second is told plainly who acted first."""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[read(office, "fuxianzhang1")])
    old = doc.version
    services.incoming_pass_over(actor=office["shoufa"], pk=doc.pk, reason="外出开会")
    response = client_as("shoufa").post(
        reverse("incoming:pass_over", args=[doc.pk]), {"version": old, "reason": "再次越过"}
    )
    assert response.status_code == 409
    assert f"已被{display_name(office['shoufa'])}于" in _text(response) and "没有执行" in _text(response)


def test_out_of_turn_sign_is_403_with_reason(client_as, office):
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuxianzhang2")])
    response = client_as("fuxianzhang2").post(reverse("incoming:sign", args=[doc.pk]), {"version": doc.version})
    assert response.status_code == 403
    assert f"现在轮到{display_name(office['fuxianzhang1'])}阅批" in _text(response)


def test_empty_result_is_400(client_as, office):
    doc = register(office)
    doc, _ = distribute(
        office, doc, category="handle", lead_handler=office["guikou2"], readers=[act(office, "fuxianzhang1")]
    )
    doc = services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk)
    response = client_as("guikou2").post(reverse("incoming:complete", args=[doc.pk]), {"version": doc.version})
    assert response.status_code == 400
    assert "请填写办理结果" in _text(response)


def test_get_on_an_action_is_405(client_as, office):
    doc = register(office)
    assert client_as("shoufa").get(reverse("incoming:sign", args=[doc.pk])).status_code == 405


def test_unknown_document_is_404(client_as):
    assert client_as("shoufa").get(reverse("incoming:detail", args=[999999])).status_code == 404


def test_search_by_title_serial_sender_number_and_unit(client_as, office):
    register(office, title="关于做好冬季草原防火工作的通知", sender_number="玉政办〔2026〕88号")
    other = request_from_township(office, sender_number="昂政〔2026〕7号")
    client = client_as("shoufa")

    def found(q):
        html = _text(client.get(reverse("incoming:list"), {"q": q}))
        return html.count("data-doc=")

    assert found("草原防火") == 1
    assert found(other.serial_label) == 1
    assert found("昂政") == 1
    assert found(other.source_unit.name) == 1
    assert found("没有这样的文件") == 0


def test_registry_filters(client_as, office):
    register(office, urgency="urgent")
    register(office, title="普通件")
    client = client_as("shoufa")
    assert _text(client.get(reverse("incoming:list"), {"urgency": "any"})).count("data-doc=") == 1
    assert _text(client.get(reverse("incoming:list"), {"state": "registered"})).count("data-doc=") == 2
    assert (
        _text(client.get(reverse("incoming:list"), {"state": "nonsense", "year": "abc", "page": "x"})).count(
            "data-doc="
        )
        == 2
    )


def test_colour_of_the_folder_shows_on_lists_and_pages(client_as, office):
    """[26(6)1] 批办件 red, 批阅件 green, classified black."""
    red = register(office, title="批办")
    distribute(office, red, category="handle", lead_handler=office["guikou2"], readers=[act(office, "fuxianzhang1")])
    green = register(office, title="批阅")
    distribute(office, green, readers=[read(office, "fuxianzhang1")])
    black = register(office, title="涉密", secret_level=1)
    html = _text(client_as("shoufa").get(reverse("incoming:list")))
    assert f'class="folder-red" data-doc="{red.pk}"' in html
    assert f'class="folder-green" data-doc="{green.pk}"' in html
    assert f'class="folder-black" data-doc="{black.pk}"' in html
    detail = _text(client_as("shoufa").get(reverse("incoming:detail", args=[black.pk])))
    assert 'class="doc folder-black"' in detail and "涉密件（秘密）" in detail


def test_waiting_list_shows_what_waits_for_the_leader(client_as, office):
    doc = register(office, title="待县长批示")
    distribute(office, doc, readers=[act(office, "xianzhang")])
    html = _text(client_as("xianzhang").get(reverse("incoming:waiting")))
    assert "待县长批示" in html
    assert "待县长批示" not in _text(client_as("changwu").get(reverse("incoming:waiting")))
    assert "待县长批示" in _text(client_as("xianzhang").get(reverse("core:home")))


@requires.poppler
def test_sign_off_sheet_pdf_reproduces_every_opinion_in_order(client_as, office, tmp_path):
    """[26(6)5] 文件批阅单: header data and every opinion and signature in order, with a real Chinese font."""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), read(office, "changwu")])
    services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment="请农牧局抓紧落实")
    services.incoming_sign(actor=office["changwu"], pk=doc.pk, comment="已阅")
    response = client_as("shoufa").get(reverse("incoming:sheet_pdf", args=[doc.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "文件批阅单" in text and doc.serial_label in text and doc.title[:8] in text
    assert text.index("请农牧局抓紧落实") < text.index("已阅")
    assert display_name(office["fuxianzhang1"]) in text and display_name(office["changwu"]) in text


@requires.poppler
def test_return_slip_pdf_states_the_ground(client_as, office, tmp_path):
    """[29(3)] 退文时要填写“退文单”并陈述理由."""
    doc = request_from_township(office)
    proposal = services.incoming_propose_return(actor=office["shoufa"], pk=doc.pk, ground=ReturnGround.NOT_COORDINATED)
    client = client_as("zhuren")
    response = client.post(reverse("incoming:decide_return", args=[proposal.pk]), {"decision": "approve"})
    assert response.status_code == 302
    response = client.get(reverse("incoming:return_slip_pdf", args=[proposal.pk]))
    path = tmp_path / "slip.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "退" in text and "需与相关部门" in text and display_name(office["zhuren"]) in text


def test_register_book_exports_excel_for_a_date_range(client_as, office):
    first = register(office, title="第一件")
    register(office, title="第二件")
    today = timezone.localdate()
    response = client_as("shoufa").get(
        reverse("incoming:register_book"), {"start": today.isoformat(), "end": today.isoformat(), "format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == [first.serial_label, f"{first.year}-2"]
    assert [r[4] for r in rows] == ["第一件", "第二件"]


@requires.poppler
def test_register_book_exports_pdf(client_as, office, tmp_path):
    register(office, title="登记簿里的文件")
    today = timezone.localdate().isoformat()
    response = client_as("shoufa").get(
        reverse("incoming:register_book"), {"start": today, "end": today, "format": "pdf"}
    )
    path = tmp_path / "book.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "收文登记簿" in text and "登记簿里的文件" in text


def test_register_book_rejects_a_backwards_range(client_as):
    response = client_as("shoufa").get(reverse("incoming:register_book"), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400 and "截止日期不能早于起始日期" in _text(response)


def test_register_book_needs_permission(client_as):
    assert client_as("guikou1").get(reverse("incoming:register_book")).status_code == 403


def test_lifecycle_page_lists_every_transition(client_as):
    html = _text(client_as("shoufa").get(reverse("incoming:lifecycle")))
    for label in ["签收登记", "分办", "阅批完毕转承办", "传阅完毕", "办结", "收回原件", "批准退文", "补办登记"]:
        assert label in html


def test_lifecycle_doc_is_in_step_with_the_code():
    """docs/incoming-lifecycle.md holds the diagram generated from the state machine."""
    from pathlib import Path

    from documents.incoming.lifecycle import mermaid

    doc = (Path(__file__).resolve().parents[2] / "docs" / "incoming-lifecycle.md").read_text()
    assert mermaid() in doc, "regenerate with: python manage.py lifecycle incoming > docs/incoming-lifecycle.md"
