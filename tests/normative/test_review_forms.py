"""Review at phone width [13]: the 规范性文件 forms lay out as the office's form grid — each field as tall as its
control (not 12rem) and the required mark beside its label."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_manual_register_form_uses_the_form_grid_13(client_as, office):
    """[13] 法制科's 登记 form (and the clean-up list's form) read compactly on a phone."""
    client = client_as("fazhi")
    for name in ("normative:register_manual", "normative:cleanups"):
        html = client.get(reverse(name)).content.decode()
        classes = re.findall(r'<form method="post"[^>]*class="([^"]*)"', html)
        assert classes, name
        for cls in classes:
            if "stack" in cls:
                assert "form-grid" in cls.split(), (name, cls)
