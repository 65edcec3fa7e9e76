"""Content-Security-Policy (issue 12): no inline script, no external origin — the pages serve every asset
themselves, so the header can say so, and no template may need more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
# Rendered by WeasyPrint into a PDF, never served to a browser: their <style> is the printed page's layout.
PDF_TEMPLATES = re.compile(r"/pdf/")


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_script_or_other_origins(client_as):
    """Issue 12: script, style sheets, images, fonts and requests from this site only; no inline script."""
    for response in (client_as("shoufa").get(reverse("core:home")), client_as("shoufa").get(reverse("login"))):
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        sources = [source for values in policy.values() for source in values]
        assert not any(re.match(r"https?:|\*", source) for source in sources), sources
        assert "'unsafe-eval'" not in sources


def _served_templates():
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "node_modules/")) or PDF_TEMPLATES.search(relative):
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_template_has_an_inline_script_an_event_handler_or_a_style_element():
    """Issue 12: page code lives in static JS files (script-src 'self' refuses anything inline); a template
    that slips an inline <script>, an onclick= or a <style> element back in fails here, before a browser does."""
    offenders = []
    for relative, text in _served_templates():
        for tag in re.finditer(r"<script\b[^>]*>", text, re.IGNORECASE):
            if "src=" not in tag.group(0) and "application/json" not in tag.group(0):
                offenders.append(f"{relative}: inline <script>")
        if re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE):
            offenders.append(f"{relative}: on…= event handler")
        if re.search(r"<style\b", text, re.IGNORECASE):
            offenders.append(f"{relative}: <style> element")
        if re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text, re.IGNORECASE):
            offenders.append(f"{relative}: an asset from another origin")
    assert offenders == []


def test_the_templates_are_found():
    names = {relative for relative, _ in _served_templates()}
    assert "templates/base.html" in names and "org/templates/admin/org/office_import.html" in names


@pytest.mark.django_db
def test_a_pdf_opened_in_the_browser_carries_no_policy_that_would_block_its_viewer(client_as, office):
    """Issue 12: Chrome shows an inline PDF through an embedded viewer that ``object-src 'none'`` blocks
    (crbug.com/271452), so the policy goes on pages only; the PDF keeps nosniff and its disposition."""
    from tests.incoming.factories import register

    doc = register(office)
    response = client_as("shoufa").get(reverse("incoming:sheet_pdf", args=[doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Disposition"].startswith("inline")
