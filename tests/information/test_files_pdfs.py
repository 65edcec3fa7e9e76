"""The chapter's papers through core.pdf [44], [46]: the 通报 of the ranking (red 发文机关标志, title, tables,
落款, 版记) and the office's 《政务信息》第N期 (masthead, 第N期, the office and the date, the items with their
units, 报 / 送 / 发) — their text read back (pypdf, pdftotext) and every font embedded."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from information import services
from information.models import Level, ScoringKey
from tests import requires

from .test_files_helpers import TZ, adopt, approved, rule, sent

pytestmark = [pytest.mark.django_db, requires.poppler]
ARTEFACTS = os.environ.get("ZADUO_PDF_ARTEFACTS", "")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 9, 14, 9, 0, tzinfo=TZ), tick=False) as traveller:
        yield traveller


def text_of(content: bytes, name: str) -> str:
    """The PDF's text, after checking every font is embedded and a CJK one is among them."""
    assert content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font  # embedded
            fonts.add(str(font.get("/BaseFont")))
    assert any("CJK" in f or "Noto" in f or "WenQuanYi" in f for f in fonts), fonts
    if ARTEFACTS:  # the pages as PNG, to look at beside the paper they imitate
        folder = Path(ARTEFACTS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def pdftotext(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "p.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


@pytest.fixture
def scored(office):
    rule(office, ScoringKey.PROVINCE_ADOPTION, 10, date(2026, 1, 1))
    rule(office, ScoringKey.PREFECTURE_ADOPTION, 5, date(2026, 1, 1))
    rule(office, ScoringKey.LEADER_INSTRUCTION, 3, date(2026, 1, 1))
    a = sent(office, on=date(2026, 8, 3), title="测试乡推进草原生态保护")
    adopt(office, a, level=Level.PROVINCE, on=date(2026, 8, 5), instruction="经验可推广。")
    b = sent(office, on=date(2026, 8, 4), unit="department", author="才让", title="农牧局做好防灾保畜")
    adopt(office, b, level=Level.PREFECTURE, on=date(2026, 8, 6))


def test_the_ranking_is_issued_as_a_notice_46(office, scored, client_as, tmp_path):
    """[46]: the 通报 names the period, each unit's adoptions and points in rank order, the scoring table, the
    office and the date; fonts embedded; the information staff and office leaders print it."""
    response = client_as("xinxi").get(reverse("information:ranking_pdf") + "?year=2026&month=8")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = text_of(content, "ranking")
    for words in ("关于2026年8月政务信息工作情况的通报", "各乡（镇）人民政府，县政府各部门：", settings.OFFICE_NAME,
                  office.units["township"].name, office.units["department"].name, "省级采用每条10分",
                  "领导批示每条3分", "合计得分18分", "抄送：", "印发"):  # fmt: skip
        assert words in text, words
    layout = pdftotext(content, tmp_path)
    assert layout.index(office.units["township"].name) < layout.index(office.units["department"].name)  # 13 > 5
    assert office.units["county_unit"].name in text  # a unit without adoptions is named
    assert client_as("zhuren").get(reverse("information:ranking_pdf") + "?year=2026").status_code == 200
    assert client_as("xianzhang").get(reverse("information:ranking_pdf") + "?year=2026").status_code == 403


def test_the_publication_in_its_usual_layout_44(office, client_as, tmp_path):
    """[44]: 《政务信息》 2026年第1期 — masthead, number, the office, the date, each item with its unit, and the
    报 / 送 / 发 lines; a draft prints as 样稿 without a number."""
    one = sent(
        office,
        on=date(2026, 9, 7),
        title="测试乡召开草原防火工作会议",
        body="9月7日，测试乡召开会议。\n会议要求各村落实责任。",
    )
    two = approved(office, on=date(2026, 9, 8), unit=None, author="陈嘉怡", title="县政府召开常务会议")
    publication = services.create_publication(actor=office["xinxi"], item_ids=[one.pk, two.pk], editor="陈嘉怡")
    client = client_as("xinxi")
    url = reverse("information:publication_pdf", args=[publication.pk])
    draft = text_of(client.get(url).content, "publication-draft")
    assert "样稿" in draft and "第1期" not in draft
    services.issue_publication(actor=office["xinxi"], pk=publication.pk)
    response = client.get(url)
    assert response.status_code == 200
    assert "%E6%94%BF%E5%8A%A1%E4%BF%A1%E6%81%AF2026%E5%B9%B4%E7%AC%AC1%E6%9C%9F.pdf" in response["Content-Disposition"]
    text = text_of(response.content, "publication")
    for words in ("政务信息", "2026年第1期", settings.OFFICE_NAME, "2026年9月14日", "测试乡召开草原防火工作会议",
                  f"（{office.units['township'].name}）", "会议要求各村落实责任。", "县政府召开常务会议",
                  "（县政府办公室）", "报：", "送：", "发：", "责任编辑：陈嘉怡"):  # fmt: skip
        assert words in text, words
    assert "样稿" not in text
    layout = pdftotext(response.content, tmp_path)
    assert layout.index("测试乡召开草原防火工作会议") < layout.index("县政府召开常务会议") < layout.index("报：")
