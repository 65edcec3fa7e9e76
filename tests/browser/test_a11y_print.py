"""Print preview (issue 14): registers, document pages and lists print as the paper a clerk files.

Chromium's own print path (``page.pdf`` with the page's CSS page size, as the print dialog uses it): no
navigation, buttons or forms; A4, landscape for registers and portrait for document pages; the table header on
every page (the phone's stacked layout never applies to paper); the document's number and 第 N 页 in the footer.
Set PRINT_PDF_DIR to keep the PDFs (render them with ``pdftoppm -png -r 60``)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from documents.incoming.models import Category, IncomingDocument, Intake, State
from documents.types import SecretLevel
from org.models import Unit
from tests import requires
from tests.factories import PASSWORD
from tests.incoming.factories import distribute, read, register

from .conftest import sign_in

pytestmark = [pytest.mark.browser, requires.poppler, pytest.mark.django_db(transaction=True)]

HEADER = ("流水号", "标题", "来文单位", "收文时间", "状态", "在办人", "期限")  # the registry's columns
# Words only the screen has: the top bar, the filter form, the pager, the action forms.
SCREEN_ONLY = ("我的待办", "修改密码", "退出", "筛选", "较早的", "跳转")
A4_SHORT, A4_LONG = 595, 842  # points
FOOTER_BAND = 57  # points from the paper's bottom edge: the 20 mm bottom margin of print.css


class Sheet:
    """One printed sheet as poppler reads it: its size in points, its words, and those in the bottom margin."""

    def __init__(self, width: float, height: float, words: list[tuple[float, str]]):
        self.size = (round(width), round(height))
        self.words = words
        self.text = "".join(word for _, word in words)
        self.footer = "".join(word for top, word in words if top > height - FOOTER_BAND)


def _pdf(page, name: str, tmp_path) -> list[Sheet]:
    """The page as Chromium prints it (kept in PRINT_PDF_DIR when set), read back with ``pdftotext -bbox``."""
    path = tmp_path / f"{name}.pdf"
    page.pdf(path=str(path), prefer_css_page_size=True)
    if os.environ.get("PRINT_PDF_DIR"):
        os.makedirs(os.environ["PRINT_PDF_DIR"], exist_ok=True)
        shutil.copy(path, os.path.join(os.environ["PRINT_PDF_DIR"], path.name))
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    sheets = []
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</word>', body)
        sheets.append(Sheet(float(width), float(height), [(float(top), html.unescape(w)) for top, w in words]))
    return sheets


def _visible_screen_controls(page) -> list[str]:
    """Navigation, buttons and form controls still laid out under print media."""
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => [...document.querySelectorAll('nav, form, button, input, select, textarea, .topbar, .pager')]
             .filter(el => el.getClientRects().length > 0)
             .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""
    )
    page.emulate_media(media="screen")
    return found


def _bulk(office, n: int) -> list[IncomingDocument]:
    unit = Unit.objects.first()
    now = timezone.now()
    return IncomingDocument.objects.bulk_create(
        [
            IncomingDocument(
                year=(now - timedelta(hours=i)).year,
                serial=i + 1,
                received_at=now - timedelta(hours=i),
                registered_by=office["shoufa"],
                source_unit=unit,
                title=f"关于做好第{i + 1}批冬季草原防火工作的通知",
                sender_number=f"玉政办〔2026〕{i + 1}号",
                intake=Intake.SUPERIOR,
                category=Category.READ,
                state=State.CIRCULATING,
                due_at=now + timedelta(days=5),
                secret_level=SecretLevel.NONE,
            )
            for i in range(n)
        ]
    )


def test_the_registry_prints_landscape_without_the_screen_with_its_header_on_every_page_26_1(
    office, desktop, live_server, tmp_path
):
    """[26(1)] the 收文登记 registry on paper: A4 landscape, no top bar, filter form or pager, the column
    header repeated on page 2 (not the phone's unlabeled stacked rows), 第 N 页 in the footer."""
    _bulk(office, 50)
    sign_in(desktop, live_server, office["shoufa"].username, PASSWORD)
    desktop.goto(f"{live_server.url}/incoming/")
    assert desktop.locator("table.doclist tbody tr").count() == 50
    sheets = _pdf(desktop, "registry", tmp_path)
    assert _visible_screen_controls(desktop) == []
    assert len(sheets) >= 2
    assert all(s.size == (A4_LONG, A4_SHORT) for s in sheets), [s.size for s in sheets]
    first = sheets[0].text
    for word in SCREEN_ONLY:
        assert word not in first, word
    for sheet in sheets:  # the column header above the first row of every sheet, as column headers
        top = {word: y for y, word in reversed(sheet.words)}
        first_row = min(y for y, word in sheet.words if re.fullmatch(r"\d{4}-\d+", word))
        assert all(top.get(column, first_row) < first_row for column in HEADER), (sheet.size, top)
        assert len({round(top[column]) for column in HEADER}) == 1, "one header row, not stacked labels"
    assert "第1页" in sheets[0].footer and "第2页" in sheets[1].footer, [s.footer for s in sheets]


def test_a_document_page_prints_portrait_without_its_action_forms_and_with_its_number_in_the_footer_26_2(
    office, desktop, live_server, tmp_path
):
    """[26(2)] the document page a leader reads: A4 portrait, none of the action forms (签阅, 分办, upload),
    the document's 收文流水号 and 第 1 页 in the footer of the paper."""
    doc = register(office, title="关于做好冬季草原防火工作的通知")
    distribute(office, doc, readers=[read(office, "xianzhang"), read(office, "changwu")])
    doc.refresh_from_db()
    sign_in(desktop, live_server, office["xianzhang"].username, PASSWORD)
    desktop.goto(f"{live_server.url}/incoming/{doc.pk}/")
    assert desktop.locator("form[data-sign-form]").count() == 1  # on the screen the leader can sign
    sheets = _pdf(desktop, "incoming-document", tmp_path)
    assert _visible_screen_controls(desktop) == []
    assert all(s.size == (A4_SHORT, A4_LONG) for s in sheets), [s.size for s in sheets]
    text = sheets[0].text
    assert "关于做好冬季草原防火工作的通知" in text
    for word in (*SCREEN_ONLY, "签阅并批示", "常用语"):
        assert word not in text, word
    footer = sheets[0].footer
    assert doc.serial_label.replace(" ", "") in footer, footer
    assert "第1页" in footer, footer


def test_a_chapter_register_with_labelled_rows_prints_as_a_table_on_landscape_paper_37(
    office, desktop, live_server, tmp_path
):
    """[37] the 督查事项 list — a chapter stylesheet stacks its rows with labels on a phone: on paper it stays a
    landscape table, its header on every sheet and no 来源： labels before the cells; the top bar, filters and
    pager are not printed."""
    from django.urls import reverse

    from tests.supervision.factories import item

    deadline = timezone.localdate() + timedelta(days=30)
    for n in range(40):
        item(office, title=f"完成第{n + 1}条村道硬化并报送验收结果", deadline=deadline)
    sign_in(desktop, live_server, office["zhuren"].username, PASSWORD)
    desktop.goto(f"{live_server.url}{reverse('supervision:list')}")
    assert desktop.locator("table[data-items] tbody tr").count() == 40
    sheets = _pdf(desktop, "supervision-items", tmp_path)
    assert _visible_screen_controls(desktop) == []

    assert len(sheets) >= 2
    assert all(s.size == (A4_LONG, A4_SHORT) for s in sheets), [s.size for s in sheets]
    columns = ("编号", "事项", "来源", "牵头单位", "首办责任人", "办结时限", "状态")
    for sheet in sheets:
        top = {word: y for y, word in reversed(sheet.words)}
        first_row = min(y for y, word in sheet.words if word.startswith("督查〔"))
        assert all(top.get(column, first_row) < first_row for column in columns), (sheet.size, top)
        assert "来源：" not in sheet.text and "首办责任人：" not in sheet.text
    assert "我的待办" not in sheets[0].text and "第2页" in sheets[1].footer
