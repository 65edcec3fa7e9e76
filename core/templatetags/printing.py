"""``{% load printing %}``: what the print stylesheet needs from a page (issue 14).

The paper's footer is an ``@page`` margin box (static/css/print.css), outside the page area so it never covers
a line of the document. A margin box shows no element of the page, but it inherits custom properties from the
root element: base.html sets ``--print-footer`` on ``<html>`` to a CSS string made by ``css_string`` from the
page's ``print_footer`` block (the document's number; the office's name where a page has none)."""

from __future__ import annotations

import html

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Characters that could end the CSS string or the HTML attribute it sits in, or break the line.
_ESCAPED = set("\\'\"<>&") | {chr(c) for c in range(32)} | {"\x7f", "\u2028", "\u2029"}


@register.filter(is_safe=True)
def css_string(value) -> SafeString:
    """A quoted CSS string showing ``value`` as text: e.g. ``'收文流水号 2026-15'``.

    The value may come HTML-escaped from a rendered block (``{% filter css_string %}``): it is unescaped first,
    then every character that matters to CSS or HTML is written as a CSS escape (``\\27 `` for ``'``), so the
    result is safe both as a CSS string and inside a double-quoted attribute. Runs of white space become one."""
    text = " ".join(html.unescape(str(value)).split())
    return mark_safe("'" + "".join(f"\\{ord(ch):x} " if ch in _ESCAPED else ch for ch in text) + "'")
