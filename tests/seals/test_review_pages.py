"""Review as the clerk [7][30(5)]: a use recorded at an outgoing document's 用印 step has no 批准人 of its own (the
document's 签发 is its basis); the 用印登记簿 and the seal's page show it instead of failing with a 500."""

from __future__ import annotations

import pytest

from documents.outgoing import services as outgoing
from seals.models import SealUse

from . import factories as f
from . import factories_pages as fp
from .factories import CLERK

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_outgoing_use_without_an_approver_shows_on_the_register_and_the_seals_page_7(office, client_as):
    """[7][30(5)] The outgoing use (批准人 empty) is listed on both pages, its approver column saying 发文签发."""
    county = f.county_seal(office)
    doc = outgoing.outgoing_seal(actor=office[CLERK], pk=f.outgoing_at_sealing(office).pk)
    use = SealUse.objects.get(outgoing=doc)
    assert use.approved_by is None
    client = client_as("shoufa")
    for page in (client.get(fp.url("uses")), client.get(fp.url("seal", county.pk))):
        assert page.status_code == 200
        html = page.content.decode()
        assert f'data-use="{use.pk}"' in html and "发文签发" in html


def test_each_filter_label_holds_its_control_so_a_phone_keeps_them_together_7(office, client_as):
    """[7] At 390 px the filter row wraps; a label wrapping its select keeps 范围 from ending one line while its
    list starts the next. Every seals list's filter labels hold their control."""
    import re

    f.county_seal(office)
    client = client_as("shoufa")
    for name in ("home", "uses", "requests", "applications"):
        html = client.get(fp.url(name)).content.decode()
        form = re.search(r'<form method="get" class="filters seal-filters".*?</form>', html, re.S).group(0)
        assert 'label for="' not in form, name
        for label in re.findall(r"<label[^>]*>.*?</label>", form, re.S):
            assert "<select" in label or "<input" in label, (name, label)


def test_the_seals_forms_use_the_form_grid_7(office, client_as):
    """[7] 申请用印 and 登记印章: each field as tall as its control, the required mark beside its label."""
    import re

    for username, name in (("guikou1", "request_new"), ("shoufa", "seal_new"), ("lianluo", "application_new")):
        html = client_as(username).get(fp.url(name)).content.decode()
        classes = re.findall(r'<form method="post"[^>]*class="([^"]*)"', html)
        assert classes and all("form-grid" in c.split() for c in classes if "stack" in c), (name, classes)


def test_the_reason_and_purpose_are_chosen_not_preselected_7(office, client_as):
    """[7] 刻制原因 and 用印类别 start at 请选择…: a unit that skips the choice is asked for it, instead of its
    application going up as 新设机构 (the first choice) when the seal was in fact worn out."""
    html = client_as("lianluo").get(fp.url("application_new")).content.decode()
    assert '<option value="" selected>请选择刻制原因</option>' in html
    html = client_as("guikou1").get(fp.url("request_new")).content.decode()
    assert '<option value="" selected>请选择用印类别</option>' in html
    page = client_as("lianluo").post(
        fp.url("application_new"),
        {"unit": office.units["township"].pk, "seal_name": "杂多县测试乡人民政府", "kind": "official", "reason": ""},
    )
    assert page.status_code in (200, 400) and "刻制原因" in page.content.decode()
    assert "data-error-summary" in page.content.decode()
