"""Custody [31]: a classified paper is handed only to someone cleared for its level — the page offers no one else."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from documents.types import SecretLevel
from org.selectors import clearance_of

from ..incoming.factories import register

pytestmark = pytest.mark.django_db


def _offered(html: str, doc) -> set[int]:
    """The ids offered in the 送交对象 list of ``doc``'s row of the custody page."""
    row = re.search(rf'data-out-of-safe="incoming-{doc.pk}".*?</tr>', html, re.S).group(0)
    people = re.search(r'<select name="person"[^>]*>(.*?)</select>', row, re.S).group(1)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', people)}


def test_custody_recipients_of_a_classified_paper_are_only_people_cleared_for_its_level(client_as, office):
    """[31] 涉密文件的送交对象只列出涉密等级覆盖该密级的人员：机密件不出现无机密资格的人。"""
    confidential = register(office, title="机密件", secret_level=SecretLevel.CONFIDENTIAL)
    secret = register(office, title="秘密件", secret_level=SecretLevel.SECRET)
    html = client_as("shoufa").get(reverse("records:custody")).content.decode()

    offered = _offered(html, confidential)
    assert office["fuxianzhang1"].pk in offered  # 机密 clearance
    assert office["guikou1"].pk not in offered  # 秘密 only
    assert office["guikou3"].pk not in offered  # none
    assert all(clearance_of(u) >= SecretLevel.CONFIDENTIAL for u in office.values() if u.pk in offered)

    offered = _offered(html, secret)
    assert office["guikou1"].pk in offered and office["guikou3"].pk not in offered
