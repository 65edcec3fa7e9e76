"""Review as the office's director [4][5]: a research task's team and units, and a draft's drafters, are picked
from list boxes; the form says how to pick more than one (a desk browser picks one unless Ctrl is held)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("kind", "fields"), [("research", ("调研组成员", "参与单位")), ("drafting", ("起草人",))])
def test_the_many_choice_fields_say_how_to_pick_several_4_5(office, client_as, kind, fields):
    """[4] 调研课题立项 and [5] 文稿交办: each multi-select carries the 可多选 hint next to its label."""
    html = client_as("zhuren").get(reverse("research:new", args=[kind])).content.decode()
    assert html.count("按住 Ctrl 键") == len(fields)
    for label in fields:
        assert label in html
