"""The organisation's side of issue 10's pages: the pledge banner only for those who handle classified papers
[32], the demo's eight townships [28], and a new 来文单位 added by the clerk [26(1)]."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from org.demo import build_demo_office
from org.models import ConfidentialityPledge, Unit, UnitKind
from org.services import unit_create

pytestmark = pytest.mark.django_db

TOWNSHIPS = ["萨呼腾镇", "昂赛乡", "结多乡", "阿多乡", "查旦乡", "莫云乡", "苏鲁乡", "扎青乡"]


def test_the_pledge_banner_is_only_for_those_who_handle_classified_documents_32(client_as, office):
    """[32] a person without clearance and without a classified-handling role is never asked to pledge;
    a cleared one and the clerk are, until they pledge."""
    ConfidentialityPledge.objects.all().delete()
    assert "data-pledge-banner" not in client_as("guikou3").get(reverse("core:home")).content.decode()
    assert "data-pledge-banner" not in client_as("dazi").get(reverse("core:home")).content.decode()
    assert "data-pledge-banner" in client_as("guikou2").get(reverse("core:home")).content.decode()
    assert "data-pledge-banner" in client_as("shoufa").get(reverse("core:home")).content.decode()


def test_the_demo_office_has_all_eight_townships_of_zaduo_28():
    """[28] 杂多县's one town and seven townships all send 下级来文."""
    build_demo_office()
    names = set(Unit.objects.filter(kind=UnitKind.TOWNSHIP).values_list("short_name", flat=True))
    assert set(TOWNSHIPS) <= names


def test_only_someone_allowed_adds_a_unit_and_never_twice_26_1(office):
    """[26(1)] the clerk (org.add_unit) adds a sender; a known name is refused with a pointer to the list."""
    unit = unit_create(actor=office["shoufa"], name=" 测试新乡 人民政府", kind=UnitKind.TOWNSHIP)
    assert unit.name == "测试新乡 人民政府" and unit.is_active
    with pytest.raises(ValidationError, match="请在来文单位列表中选择"):
        unit_create(actor=office["shoufa"], name="测试新乡 人民政府", kind=UnitKind.TOWNSHIP)
    with pytest.raises(ValidationError, match="单位类别"):
        unit_create(actor=office["shoufa"], name="另一新单位", kind="nonsense")
    with pytest.raises(PermissionDenied):
        unit_create(actor=office["guikou3"], name="另一新单位", kind=UnitKind.TOWNSHIP)
