"""Review at phone width [13]: the legal forms lay out as the office's form grid — each field as tall as its
control (not 12rem) and the required mark beside its label, not alone on the next line."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .factories import LEGAL, case

pytestmark = pytest.mark.django_db


def _forms(html: str) -> list[str]:
    return re.findall(r'<form method="post"[^>]*class="([^"]*)"', html)


def test_the_case_and_item_forms_and_the_case_steps_use_the_form_grid_13(client_as, office):
    """[13] 登记案件, 登记许可事项 and every step form on a case's page."""
    c = case(office)
    client = client_as(LEGAL)
    for url in (reverse("legal:case_new"), reverse("legal:item_new"), reverse("legal:case", args=[c.pk])):
        classes = _forms(client.get(url).content.decode())
        assert classes, url
        for cls in classes:
            if "stack" in cls:
                assert "form-grid" in cls.split(), (url, cls)


def test_a_case_or_item_sent_back_opens_with_what_to_fix_and_keeps_what_was_typed_13(client_as, office):
    """[13] On a phone the case form is long: a refused submit says at the top what to fix (each linked to its
    field), and what 法制科 typed stays in the form."""
    client = client_as(LEGAL)
    page = client.post(reverse("legal:case_new"), {"party_name": "扎西", "act": "某行政处罚"})
    html = page.content.decode()
    assert page.status_code in (200, 400)
    assert "data-error-summary" in html and 'href="#id_number"' in html
    assert 'value="扎西"' in html and "某行政处罚" in html
    page = client.post(reverse("legal:item_new"), {"code": "XK-001"})
    html = page.content.decode()
    assert "data-error-summary" in html and 'value="XK-001"' in html


def test_each_register_filter_label_holds_its_control_13(client_as, office):
    """[13] At 390 px the filter row wraps; a label wrapping its control keeps 类型 from ending one line while its
    list starts the next (案件登记簿 and 行政许可事项目录)."""
    client = client_as(LEGAL)
    for name in ("legal:home", "legal:items"):
        html = client.get(reverse(name)).content.decode()
        form = re.search(r'<form method="get" class="filters[^"]*".*?</form>', html, re.S).group(0)
        assert 'label for="' not in form, name
        for label in re.findall(r"<label[^>]*>.*?</label>", form, re.S):
            assert "<select" in label or "<input" in label, (name, label)
