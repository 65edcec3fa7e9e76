"""督查 papers: the 催办通知单 to a late unit and the 督查通报 numbered in its own series — a CJK font embedded,
GB/T 9704 margins, and nothing in them the person may not see (the bulletin, sent to every unit, holds
unclassified items only) [11], [37]–[40], [31], [32]."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from core.workflow import ActionRefused
from org.models import SecretLevel
from supervision import bulletins, pdf, services
from supervision.models import Bulletin
from tests import requires

from .factories import feedback, tracked

pytestmark = [pytest.mark.django_db, requires.poppler]
ARTEFACTS = os.environ.get("ZADUO_PDF_ARTEFACTS", "")


def text_of(content: bytes, tmp_path: Path, name: str = "out") -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or "Noto" in fonts or "WenQuanYi" in fonts, fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip()), fonts  # every font embedded
    if ARTEFACTS:  # the pages as PNG, to look at as the paper they imitate
        folder = Path(ARTEFACTS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace(" ", "").replace("\n", "")


def page_size_and_margins(content: bytes, tmp_path: Path) -> tuple[str, float]:
    path = tmp_path / "m.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True)
    xs = [float(part.split('"')[1]) for part in bbox.stdout.split() if part.startswith("xMin=")]
    return info, min(xs) * 25.4 / 72  # the leftmost word's edge, mm


def test_the_urge_notice_names_the_late_item_unit_and_what_to_send_back_40(office, clock, tmp_path):
    """[40]: to the lead unit of a late item: what, the deadline, how many days late, the reason and progress
    asked for; A4 with the official left margin (订口 28 mm)."""
    obj = tracked(office, days=3, title="测试：完成乡村道路硬化")
    feedback(office, obj, text="第一条村道已完工")
    clock.move_to("2026-09-27 09:00+08:00")
    content = pdf.urge_notice_pdf(obj, today=date(2026, 9, 27))
    text = text_of(content, tmp_path, "urge")
    for words in ("督查催办通知单", obj.number_label, office.units["department"].name, "测试：完成乡村道路硬化",
                  "2026年9月17日", "已逾期10天", "逾期原因和目前进展情况", "第一条村道已完工"):  # fmt: skip
        assert words in text, words
    info, left = page_size_and_margins(content, tmp_path)
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info  # A4
    assert 27 <= left <= 40, left


def test_the_bulletin_is_numbered_in_its_own_series_and_kept_as_issued_11_40(office, clock, tmp_path):
    """[11], [40]: an office leader issues it: 〔2026〕第1期, then 第2期; the PDF is stored as issued, with the
    items done on time, done late with the reason, and still late."""
    on_time = tracked(office, days=1, title="测试：按期办结的事项")
    services.item_submit_close(actor=office["guikou2"], pk=on_time.pk, result="已办")
    services.item_close(actor=office["fuzhuren"], pk=on_time.pk)
    late = tracked(office, days=2, unit="township", title="测试：仍逾期的事项")
    clock.move_to("2026-09-30 09:00+08:00")
    feedback(office, late, late_reason="施工队伍未进场", text="正在协调")
    first = bulletins.bulletin_issue(actor=office["zhuren"], start=date(2026, 9, 1), end=date(2026, 9, 30))
    second = bulletins.bulletin_issue(actor=office["fuzhuren"], start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert (first.number_label, second.number_label) == ("〔2026〕第1期", "〔2026〕第2期")
    assert (first.done_on_time, first.done_late, first.overdue) == (1, 0, 1)
    text = text_of(first.file.read(), tmp_path, "bulletin")
    for words in ("督查通报", "〔2026〕第1期", "测试：按期办结的事项", "测试：仍逾期的事项", "施工队伍未进场",
                  office.units["township"].name, "按期办结率", "印发"):  # fmt: skip
        assert words in text, words
    assert "样稿" not in text
    assert Bulletin.objects.count() == 2


def test_the_bulletin_holds_no_classified_item_whoever_issues_it_31_32(office, clock, tmp_path):
    """[31], [32]: it goes to every unit, so a classified item — even one its issuer may see — is not in it."""
    tracked(office, days=1, secret_level=SecretLevel.SECRET, title="测试：涉密的逾期事项")
    tracked(office, days=1, title="测试：公开的逾期事项")
    clock.move_to("2026-09-30 09:00+08:00")
    preview = bulletins.bulletin_preview(actor=office["fuzhuren"], start=date(2026, 9, 1), end=date(2026, 9, 30))
    text = text_of(preview, tmp_path, "bulletin-preview")
    assert "测试：公开的逾期事项" in text and "涉密" not in text and "样稿" in text
    assert Bulletin.objects.count() == 0  # a preview takes no number


def test_only_office_leaders_issue_and_the_period_must_make_sense_37_38(office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ActionRefused):
        bulletins.bulletin_issue(actor=office["guikou2"], start=date(2026, 9, 1), end=date(2026, 9, 10))
    with pytest.raises(ActionRefused):
        bulletins.bulletin_preview(actor=office["lianluo"], start=date(2026, 9, 1), end=date(2026, 9, 10))
    with pytest.raises(ValidationError):
        bulletins.bulletin_issue(actor=office["zhuren"], start=date(2026, 9, 10), end=date(2026, 9, 1))
    with pytest.raises(ValidationError):
        bulletins.bulletin_issue(actor=office["zhuren"], start=date(2026, 9, 1), end=date(2026, 10, 1))
    assert Bulletin.objects.count() == 0
