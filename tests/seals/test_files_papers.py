"""印信 papers [7]: the 用印审批单, the 刻制印章审批表 and the 印章交接单 as A4 PDFs through core.pdf — their text read
back, each page drawn to PNG (so a box of empty squares would show) — and only for those who may see the item."""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2
import pytest

from seals import services

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db

A4 = (595, 842)  # points, ±1


def read(content: bytes, folder: Path, name: str) -> str:
    """The PDF's text; every page A4 and drawn to ``folder/name-N.png``."""
    assert content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(content)
    texts = []
    folder.mkdir(parents=True, exist_ok=True)
    for index, page in enumerate(document):
        width, height = page.get_size()
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, (width, height)
        image = page.render(scale=1.5).to_pil()
        image.save(folder / f"{name}-{index + 1}.png")
        # Drawn, not blank: a page of text has many dark pixels.
        assert sum(image.convert("L").histogram()[:128]) > 2000
        texts.append(page.get_textpage().get_text_range())
    # The titles are letter-spaced on paper; the text is compared without spaces.
    return "".join(texts).replace("\r", "").replace(" ", "").replace("\u3000", "")


@pytest.fixture
def shots(tmp_path) -> Path:
    base = os.environ.get("DUTIES_SHOTS")
    return Path(base) / "seals" / "papers" if base else tmp_path


def name(user) -> str:
    return user.profile.full_name


def test_request_form_prints_the_request_its_approval_and_the_use_7(office, client_as, shots):
    """[7] 用印审批单: number, seal, subject, copies, the leader's 同意用印 with their name, the clerk as 监印人."""
    use = f.use(office)
    req = use.request
    page = client_as("shoufa").get(fp.url("request_pdf", req.pk))
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    text = read(page.content, shots, "request")
    for expected in ("用印审批单", req.number, "杂多县人民政府", req.subject, "函件", "2份", "同意用印：同意",
                     name(office["zhuren"]), f"监印人{name(office['shoufa'])}", "第七条"):  # fmt: skip
        assert expected in text, expected


def test_a_waiting_request_prints_empty_boxes_for_the_pen_7(office, client_as, shots):
    """[7] Printed before the decision: the 审批意见 and 用印登记 boxes are left for signatures."""
    req = f.request(office)
    text = read(client_as("guikou1").get(fp.url("request_pdf", req.pk)).content, shots, "request-waiting")
    assert "同意用印" not in text and "监印人（签字）" in text and "年" in text


def test_application_form_prints_the_unit_the_seal_and_the_refusal_7(office, client_as, shots):
    """[7] 刻制印章审批表: the unit, 印文, kind and reason, the unit's box for its seal, the director's decision."""
    app = f.application(office)
    services.application_reject(actor=office["zhuren"], pk=app.pk, comment="原印章仍可使用")
    text = read(client_as("lianluo").get(fp.url("application_pdf", app.pk)).content, shots, "application")
    for expected in ("刻制印章审批表", app.number, "测试乡人民政府", "杂多县测试乡人民政府", "行政公章", "更名",
                     "单位盖章", "不予批准：原印章仍可使用", name(office["zhuren"])):  # fmt: skip
        assert expected in text, expected


def test_handover_form_after_the_handover_names_both_sides_7(office, client_as, shots):
    """[7] 印章交接单: the seal's 登记编号, the maker, a box for the impression, the clerk and the receiver."""
    app = f.handed_over_application(office)
    text = read(client_as("shoufa").get(fp.url("handover_pdf", app.pk)).content, shots, "handover")
    for expected in ("印章交接单", app.seal.number, "杂多县公安局指定刻章点", "印模", "才仁多杰", "0976-8512345",
                     name(office["shoufa"])):  # fmt: skip
        assert expected in text, expected


def test_handover_form_before_the_seal_is_made_is_a_400_7(office, client_as):
    """[7] Nothing to hand over yet: a 400 that says the seal must be made first."""
    app = f.approved_application(office)
    page = client_as("shoufa").get(fp.url("handover_pdf", app.pk))
    assert page.status_code == 400 and "印章刻制后才能打印交接单" in page.content.decode()


def test_papers_of_others_are_404_7(office, client_as):
    """[7] Another unit's 审批表 or 交接单, another person's 审批单: a 404, like their pages."""
    theirs = f.handed_over_application(office, unit="department", actor=f.CLERK, seal_name="测试县农牧局")
    contact = client_as("lianluo")
    assert contact.get(fp.url("application_pdf", theirs.pk)).status_code == 404
    assert contact.get(fp.url("handover_pdf", theirs.pk)).status_code == 404
    req = f.request(office, actor="guikou2")
    assert client_as("guikou1").get(fp.url("request_pdf", req.pk)).status_code == 404
