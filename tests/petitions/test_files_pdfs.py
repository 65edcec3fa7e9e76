"""Letters to the petitioner — 受理告知书, 不予受理告知书, 处理意见书, 延期告知书 — printed from templates through
core.pdf (a CJK font embedded, GB/T 9704 margins), with the petitioner's name and address but never the ID number
in full; only the petition staff and the case's handlers print them [47], [48], [50] (《信访工作条例》)."""

from __future__ import annotations

import os
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from petitions import pdf, services
from petitions.pdf import LetterNotReady
from tests import requires

from .factories import accepted, answered, group_visit, id_number, person, referred, registered

pytestmark = [pytest.mark.django_db, requires.poppler]
ARTEFACTS = os.environ.get("ZADUO_PDF_ARTEFACTS", "")


def text_of(content: bytes, name: str = "letter") -> str:
    """The PDF's text (pypdf), after checking every font is embedded and a CJK one is among them."""
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
    if ARTEFACTS:  # the pages as PNG, to look at as the paper they imitate
        folder = Path(ARTEFACTS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def left_margin_mm(content: bytes, tmp_path: Path) -> float:
    path = tmp_path / "m.pdf"
    path.write_bytes(content)
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True)
    xs = [float(part.split('"')[1]) for part in bbox.stdout.split() if part.startswith("xMin=")]
    return min(xs) * 25.4 / 72


def test_the_acceptance_letter_names_the_petitioner_and_the_60_day_limit_48(office, tmp_path):
    """[48], 《信访工作条例》: accepted, told in writing with the limit to handle it; A4, 订口 28 mm; the ID number
    masked even for the petition staff who print it."""
    case = accepted(office, people=[person(1, name="才仁多杰")])
    content = pdf.letter_pdf(case, "accept", user=office["xinfang"])
    text = text_of(content, "accept")
    for words in ("信访事项受理告知书", "杂信受字〔2026〕", "才仁多杰：", "草场承包边界纠纷", "决定予以受理",
                  "60日内", "杂多县萨呼腾镇第1村1号", "6327**********", settings.OFFICE_NAME):  # fmt: skip
        assert words in text, words
    assert id_number(1) not in text and "13900000001" not in text
    assert 27 <= left_margin_mm(content, tmp_path) <= 40


def test_a_referred_case_tells_which_unit_handles_it_47(office):
    """[47]: routed to the township: the letter says it was 转送 there and by when it is to be handled."""
    case = referred(office)
    text = text_of(pdf.letter_pdf(case, "accept", user=office["xinfang"]), "accept-referred")
    assert f"转送{office.units['township'].name}办理" in text


def test_the_refusal_letter_gives_the_reason_and_the_lawful_way_47(office):
    """[47]: 不予受理, the reason told, the petitioner guided to the lawful channel."""
    case = registered(office)
    case = services.refuse_case(actor=office["xinfang"], pk=case.pk, reason="该事项已进入诉讼程序，依法不予受理。")
    text = text_of(pdf.letter_pdf(case, "refuse", user=office["xinfang"]), "refuse")
    for words in ("信访事项不予受理告知书", "杂信不受字〔2026〕", "该事项已进入诉讼程序", "不予受理", "法定途径"):
        assert words in text, words


def test_the_answer_tells_how_to_ask_for_a_review_within_30_days_50(office):
    """[50], 《信访工作条例》第三十五条: the answer, and 复查 asked within 30 days of receiving it."""
    case = answered(office)
    text = text_of(pdf.letter_pdf(case, "answer", user=office["xinfang"]), "answer")
    for words in ("信访事项处理意见书", "杂信答字〔2026〕", "边界以确权图为准", "30日内", "请求复查"):
        assert words in text, words


def test_the_extension_letter_gives_the_reason_and_the_new_date(office):
    """《信访工作条例》第三十五条: an extension approved by the organ's head, the reason and new date told."""
    case = accepted(office)
    ext = services.request_extension(actor=office["xinfang"], pk=case.pk, reason="需会同自然资源部门实地勘测", days=20)
    ext = services.decide_extension(actor=office["zhuren"], extension_id=ext.pk, approve=True)
    case.refresh_from_db()
    text = text_of(pdf.letter_pdf(case, "extension", user=office["xinfang"]), "extension")
    for words in ("信访事项延期办理告知书", "需会同自然资源部门实地勘测", "延长20日", f"{ext.new_due.year}年"):
        assert words in text, words
    assert f"{ext.new_due.month}月{ext.new_due.day}日" in text


def test_a_group_visit_letter_is_addressed_to_the_representatives_49(office):
    """[49]: 集体访 of 8 with 3 representatives: "…等8人", the representatives by name."""
    case = group_visit(office)
    case = services.accept_case(actor=office["xinfang"], pk=case.pk, handler=office["guikou2"])
    text = text_of(pdf.letter_pdf(case, "accept", user=office["xinfang"]), "accept-group")
    assert "才仁101等8人：" in text and "才仁102" in text and "共8人" in text


def test_a_letter_before_its_step_is_refused_48(office):
    case = registered(office)
    for kind in ("accept", "refuse", "answer", "extension"):
        with pytest.raises(LetterNotReady):
            pdf.letter_pdf(case, kind, user=office["xinfang"])


# --- who may download -------------------------------------------------------------------------------------------


def test_petition_staff_and_the_handler_print_leaders_may_not_and_outsiders_see_nothing_48(office, client_as):
    """[48] (issue 19): the letter carries name and address: petition staff and the case's handler print it; an
    office leader (who reads the case masked) gets 403; someone with no part in petitions 404."""
    case = accepted(office)
    url = reverse("petitions:letter_pdf", args=[case.pk, "accept"])
    for key, status in (("xinfang", 200), ("guikou2", 200), ("zhuren", 403), ("xianzhang", 403), ("dazi", 404)):
        response = client_as(key).get(url)
        assert response.status_code == status, key
    response = client_as("xinfang").get(url)
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"


def test_the_unit_contact_of_a_referred_case_prints_its_letters_47(office, client_as, other_contact, client):
    """[47]: the township's contact handles the referred case, so prints its letter; another unit's contact 404."""
    case = referred(office)
    url = reverse("petitions:letter_pdf", args=[case.pk, "accept"])
    assert client_as("lianluo").get(url).status_code == 200
    client.force_login(other_contact)
    assert client.get(url).status_code == 404


def test_a_letter_not_yet_due_or_unknown_is_a_chinese_4xx_never_a_500(office, client_as):
    case = registered(office)
    response = client_as("xinfang").get(reverse("petitions:letter_pdf", args=[case.pk, "answer"]))
    assert response.status_code == 400 and "尚未答复" in response.content.decode()
    assert client_as("xinfang").get(reverse("petitions:letter_pdf", args=[case.pk, "nonsense"])).status_code == 404
    url = reverse("petitions:letter_pdf", args=[case.pk, "extension"]) + "?extension=abc"
    assert client_as("xinfang").get(url).status_code == 400
