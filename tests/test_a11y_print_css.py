"""Print (issue 14), the parts that need no browser: the footer's CSS string and the phone layout's media rules.

The print-preview PDFs themselves are checked in tests/browser/test_a11y_print.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from core.templatetags.printing import css_string

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "staticfiles", "vendor", "node_modules", ".git"}


def _stylesheets() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.css") if not SKIP & set(p.relative_to(ROOT).parts))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("收文流水号 2026-15", "'收文流水号 2026-15'"),
        ("杂政〔2026〕12号", "'杂政〔2026〕12号'"),
        ('It\'s "x" \\ <b>&', "'It\\27 s \\22 x\\22  \\5c  \\3c b\\3e \\26 '"),
        ("两行\n标题\t末尾 ", "'两行 标题 末尾'"),
        ("A &amp; B", "'A \\26  B'"),  # a rendered block arrives HTML-escaped: shown as the text it was
    ],
)
def test_the_footer_text_becomes_a_css_string_safe_in_an_attribute(value, expected):
    assert css_string(value) == expected
    assert '"' not in css_string(value) and "<" not in css_string(value)


def test_a_rendered_block_is_filtered_once_into_the_html_attribute():
    """base.html's use: ``{% filter css_string %}`` over a block whose text Django has already escaped."""
    rendered = Template(
        '<html style="--print-footer: {% load printing %}{% filter css_string %}{{ n }}{% endfilter %}">'
    )
    html = rendered.render(Context({"n": '昂政办发〔2026〕3号 "急"'}))
    assert html == "<html style=\"--print-footer: '昂政办发〔2026〕3号 \\22 急\\22 '\">"


def test_the_phone_layout_never_applies_to_paper():
    """A sheet of A4 (about 700 px) is narrower than the phone breakpoint (720 px): every max-width rule of every
    stylesheet is for screens only, or a printed register loses its header and becomes stacked lines."""
    loose = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}: {m.group(0)}"
        for path in _stylesheets()
        for text in [path.read_text(encoding="utf-8")]
        for m in re.finditer(r"@media\s+([^{]*)\{", text)
        if "max-width" in m.group(1) and not re.match(r"screen\b", m.group(1).strip())
    ]
    assert not loose, "scope these to `screen and (...)`:\n" + "\n".join(loose)


def test_the_print_stylesheet_keeps_table_headers_and_names_the_register_page():
    css = (ROOT / "static" / "css" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", css)
    assert re.search(r"@page register\s*\{[^}]*size:\s*A4 landscape", css)
    assert re.search(r"@page\s*\{[^@]*size:\s*A4 portrait", css)
    assert "counter(page)" in css and "var(--print-footer" in css
