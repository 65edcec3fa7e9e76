"""Measuring an official document PDF against GB/T 9704-2012 《党政机关公文格式》 [30(6)2].

Positions are in mm from the page's top-left corner, as the standard's figures give them; pdfplumber reports
points (1 pt = 25.4/72 mm). Kept apart from the tests so the three sample documents and the ruler are read once.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 25.4 / 72  # one point in mm

# The 版心 of A4 (GB/T 9704-2012 5.2.1, 5.2.2): 天头 37 mm, 订口 28 mm, 156 × 225 mm.
PAGE_W, PAGE_H = 210.0, 297.0
TEXT_TOP, TEXT_LEFT, TEXT_W, TEXT_H = 37.0, 28.0, 156.0, 225.0
TEXT_BOTTOM = TEXT_TOP + TEXT_H  # 262
CHAR = TEXT_W / 28  # 5.571 mm: 28 characters a line (5.2.4)
LINE = TEXT_H / 22  # 10.227 mm: 22 lines a page (5.2.4)
POSITION_MM = 1.0  # the conformance tolerance for positions (issue 11)
SIZE_PT = 0.5  # and for sizes

# A 通知 long enough for three pages: headings of three levels and ordinary paragraphs.
NOTICE_BODY = "\n".join(
    [
        "为切实做好2026年中央财政衔接推进乡村振兴补助资金管理工作，确保资金安全、规范、高效使用，"
        "根据有关规定，结合我县实际，现将有关事项通知如下。",
        "一、总体要求",
        "各乡（镇）人民政府、县直各部门要进一步提高政治站位，把资金管理作为巩固拓展脱贫攻坚成果的重要抓手，"
        "落实主体责任，主要负责同志为第一责任人，分管负责同志为直接责任人。",
        "（一）明确资金使用方向",
        "资金重点支持产业发展、就业帮扶、基础设施补短板等项目，不得用于与巩固拓展脱贫攻坚成果和乡村振兴无关的支出。"
        "严禁用于偿还债务、发放津补贴、购置交通工具等。",
        "（二）规范项目管理",
        "1.严格项目入库。所有项目必须纳入县级项目库，未入库的项目一律不得安排资金。",
        "（1）各乡镇要在每季度末报送项目进展情况。",
        "二、工作措施",
        "各乡（镇）人民政府要建立资金使用台账，实行专账核算，做到账目清楚、手续完备、支出合规。"
        "县财政局、县乡村振兴局要加强对资金拨付使用情况的跟踪监测，及时发现和纠正问题。"
        "对资金拨付进度缓慢的乡镇，县政府将予以通报批评。",
        "县审计局要将补助资金纳入年度审计计划，开展专项审计，审计结果向社会公开，接受群众监督。"
        "对审计发现的问题，有关乡镇和部门要认真整改，整改情况在三十日内书面报县政府。",
        "三、保障措施",
        "各乡（镇）人民政府、县直各部门要加强组织领导，明确专人负责，确保各项工作落到实处。"
        "对工作不力、造成资金损失浪费的，依法依规追究有关人员责任。",
        "县政府督查室要将资金管理工作纳入年度督查重点，定期开展督查，督查结果纳入年度目标责任考核。"
        "各乡（镇）人民政府要于每年12月20日前将全年资金使用情况书面报县政府。",
        "各乡（镇）人民政府、县直各部门要认真总结工作中的好经验好做法，及时报送工作信息，"
        "县政府办公室将择优在全县推广。",
        "各地各部门在执行中遇到的问题，请及时向县财政局反映。",
    ]
)
REQUEST_BODY = (
    "今年入春以来，我县降水偏少，草原干旱，防火形势严峻。为做好春季草原防火工作，确保人民群众生命财产安全，"
    "现就申请草原防火专项经费有关事项请示如下。\n"
    "一、资金需求\n"
    "经测算，全县需购置防火物资、开展防火宣传和培训等共需经费86万元。\n"
    "妥否，请批示。"
)
LETTER_BODY = (
    "你局《关于商请协助做好2026年春季草原防火保障工作的函》收悉。经研究，我县同意派出扑火队员30名，"
    "配合做好相关保障工作。\n特此函复。"
)

ARTEFACTS = os.environ.get("ZADUO_PDF_ARTEFACTS", "")  # CI keeps the PNGs of the three kinds here


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # 1-based
    x0: float  # mm
    top: float
    x1: float
    bottom: float
    size: float  # pt
    font: str


@dataclass(frozen=True)
class Rule:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    colour: tuple


class Measured:
    """A rendered PDF, read once: its words (per character run of one font and size) and its rules."""

    def __init__(self, content: bytes):
        self.content = content
        self.words: list[Word] = []
        self.rules: list[Rule] = []
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            self.pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=2):
                    self.words.append(
                        Word(
                            w["text"],
                            number,
                            w["x0"] * MM,
                            w["top"] * MM,
                            w["x1"] * MM,
                            w["bottom"] * MM,
                            round(w["size"], 2),
                            w["fontname"].split("+")[-1],
                        )
                    )
                for r in page.rects + page.lines:
                    colour = tuple(round(c, 2) for c in (r.get("non_stroking_color") or r.get("stroking_color") or ()))
                    self.rules.append(Rule(number, r["x0"] * MM, r["x1"] * MM, r["top"] * MM, r["bottom"] * MM, colour))
            self.chars = [
                (number, c["text"], c["fontname"].split("+")[-1], c["top"] * MM, c["size"])
                for number, page in enumerate(pdf.pages, start=1)
                for c in page.chars
            ]

    def heading_font(self, line: tuple[int, int]) -> str | None:
        """The font of a heading run into the line at (page, rounded top), if one starts it (黑体 or 楷体)."""
        page, top = line
        starts = [w for w in self.words if w.page == page and round(w.top) == top]
        first = min(starts, key=lambda w: w.x0, default=None)
        return first.font if first and ("Sans" in first.font or "WenKai" in first.font) else None

    def find(self, text: str, page: int | None = None) -> Word:
        """The first word that starts with ``text`` (on ``page``)."""
        for w in self.words:
            if w.text.startswith(text) and (page is None or w.page == page):
                return w
        raise AssertionError(f"「{text}」 not found: {[w.text for w in self.words]}")

    def lines_of(self, page: int) -> list[Word]:
        return [w for w in self.words if w.page == page]

    def text_of(self, page: int) -> str:
        return "".join(w.text for w in self.lines_of(page))

    def page_text_lines(self, page: int) -> list[str]:
        rows: dict[int, list[Word]] = {}
        for w in self.lines_of(page):
            rows.setdefault(round(w.top), []).append(w)
        return ["".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(rows.items())]

    def save_png(self, name: str) -> list[Path]:
        """The pages as PNGs (pdftoppm, 60 dpi) in ``ZADUO_PDF_ARTEFACTS``, for a person to look at."""
        if not ARTEFACTS:
            return []
        folder = Path(ARTEFACTS)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.pdf").write_bytes(self.content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
        return sorted(folder.glob(f"{name}-*.png"))


def ink_rows(content: bytes, page: int, x: tuple[float, float], y: tuple[float, float], dpi: int = 200):
    """The first and last row (mm from the page's top) with ink between ``x`` and ``y`` (mm) on ``page`` — where
    a person with a ruler would measure: the glyphs' drawn edges, not their boxes."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(content)
        pages = ["-f", str(page), "-l", str(page)]
        subprocess.run(
            ["pdftoppm", *pages, "-r", str(dpi), "-png", "-singlefile", source, Path(folder) / "page"], check=True
        )
        png = (Path(folder) / "page.png").read_bytes()
    image = Image.open(io.BytesIO(png)).convert("L")
    pixels = image.load()
    to_px = dpi / 25.4
    columns = range(int(x[0] * to_px), int(x[1] * to_px))
    rows = [r for r in range(int(y[0] * to_px), int(y[1] * to_px)) if any(pixels[c, r] < 160 for c in columns)]
    if not rows:
        return None
    return rows[0] / to_px, (rows[-1] + 1) / to_px
