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
