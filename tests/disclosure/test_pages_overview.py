"""政务公开 pages, the overview and the catalogues [35], [36]: each page opens for the officer, the office's
leaders and a unit's 联络员 (their own unit only), refuses everyone else in Chinese, and an exempt entry shows
its legal basis [35]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosure.models import CatalogueEntry, Exempt

from .factories import CONTACT, LEADER, OFFICER, entry, finding, running, scheme, scored

pytestmark = pytest.mark.django_db


def test_every_page_opens_for_the_officer_35_36(office, client_as):
    """[35], [36]: the officer reaches every page of the chapter."""
    inspection = running(office)
    f = finding(office, inspection)
    entry(office)
    a = scored(office, scheme(office))
    client = client_as(OFFICER)
    urls = [
        reverse("disclosure:home"),
        reverse("disclosure:catalogues"),
        reverse("disclosure:catalogue", args=[office.units["township"].pk]),
        reverse("disclosure:entry_new", args=[office.units["township"].pk]),
        reverse("disclosure:inspections"),
        reverse("disclosure:inspection_new"),
        reverse("disclosure:inspection", args=[inspection.pk]),
        reverse("disclosure:finding_new", args=[inspection.pk]),
        reverse("disclosure:findings"),
        reverse("disclosure:finding", args=[f.pk]),
        reverse("disclosure:report", args=[f.pk]),
        reverse("disclosure:assessments"),
        reverse("disclosure:assessments") + "?year=2025",
        reverse("disclosure:assessment", args=[a.pk]),
        reverse("disclosure:stats"),
        reverse("disclosure:scheme_new", args=[2027]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_outsiders_are_refused_in_chinese_35(office, client_as):
    """[35]: the chapter is the office's disclosure staff, its leaders' and the units' contacts'."""
    client = client_as("shoufa")
    for name in ("disclosure:home", "disclosure:catalogues", "disclosure:inspections", "disclosure:stats"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "政务公开" in response.content.decode()


def test_an_exempt_entry_shows_its_legal_basis_35(office, client_as):
    """[35]: everything is public except what law keeps secret — and the page names the law."""
    entry(
        office,
        title="涉密工程项目清单",
        exempt=Exempt.STATE_SECRET,
        legal_basis="《中华人民共和国保守国家秘密法》第九条",
    )
    page = client_as(CONTACT).get(reverse("disclosure:catalogue", args=[office.units["township"].pk])).content.decode()
    assert "涉密工程项目清单" in page and "国家秘密" in page and "保守国家秘密法》第九条" in page


def test_an_exempt_entry_without_its_legal_basis_is_a_400_35(office, client_as):
    """[35]: the form says so next to the field, nothing is saved."""
    unit = office.units["township"]
    response = client_as(OFFICER).post(
        reverse("disclosure:entry_new", args=[unit.pk]),
        {"title": "内部人事档案", "frequency": "standing", "exempt": Exempt.OTHER_LEGAL, "legal_basis": ""},
    )
    assert response.status_code == 400
    assert "法律依据" in response.content.decode()
    assert not CatalogueEntry.objects.filter(title="内部人事档案").exists()


def test_the_office_adds_changes_retires_and_restores_an_entry_35(office, client_as):
    """[35]: the office keeps the checklist; an entry is retired with a reason, never deleted."""
    unit = office.units["township"]
    client = client_as(OFFICER)
    response = client.post(
        reverse("disclosure:entry_new", args=[unit.pk]),
        {"title": "惠农补贴发放", "category": "惠民政策", "published_where": "村务公开栏", "frequency": "quarterly",
         "exempt": "", "legal_basis": "", "version": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    e = CatalogueEntry.objects.get(title="惠农补贴发放")
    version = e.catalogue.version
    response = client.post(
        reverse("disclosure:entry_edit", args=[e.pk]),
        {"title": "惠农补贴发放情况", "frequency": "monthly", "exempt": "", "version": version},
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.title, e.frequency) == ("惠农补贴发放情况", "monthly")
    version = e.catalogue.__class__.objects.get(pk=e.catalogue_id).version
    response = client.post(
        reverse("disclosure:entry_act", args=[e.pk, "retire"]), {"reason": "并入其他事项", "version": version}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert not e.active and e.retire_reason == "并入其他事项"
    page = client.get(reverse("disclosure:catalogue", args=[unit.pk])).content.decode()
    assert "已停用的事项" in page and "并入其他事项" in page
    version = e.catalogue.__class__.objects.get(pk=e.catalogue_id).version
    assert client.post(reverse("disclosure:entry_act", args=[e.pk, "restore"]), {"version": version}).status_code == 302
    e.refresh_from_db()
    assert e.active


def test_a_stale_catalogue_page_is_a_409(office, client_as):
    e = entry(office)
    response = client_as(OFFICER).post(
        reverse("disclosure:entry_act", args=[e.pk, "retire"]), {"reason": "过时", "version": 0}
    )
    assert response.status_code == 409


def test_a_unit_contact_cannot_change_the_catalogue_35(office, client_as):
    """[35]: the checklist is the office's; a contact reads it."""
    e = entry(office)
    client = client_as(CONTACT)
    assert client.get(reverse("disclosure:entry_new", args=[office.units["township"].pk])).status_code == 403
    response = client.post(reverse("disclosure:entry_act", args=[e.pk, "retire"]), {"reason": "x", "version": 1})
    assert response.status_code == 403 and "公开目录" in response.content.decode()


def test_a_unit_contact_sees_their_own_catalogue_only_35(office, client_as):
    """[35]: another unit's checklist is a 404; the catalogues page leads to their own."""
    entry(office, unit="department", title="部门预算")
    client = client_as(CONTACT)
    assert client.get(reverse("disclosure:catalogue", args=[office.units["department"].pk])).status_code == 404
    response = client.get(reverse("disclosure:catalogues"))
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure:catalogue", args=[office.units["township"].pk])


def test_the_overview_of_a_unit_contact_names_no_other_unit_36(office, client_as):
    """[36]: the overview counts and lists the contact's unit only."""
    inspection = running(office)
    finding(office, inspection, unit="department", problem="部门问题：未更新公开栏")
    finding(office, inspection, unit="township", problem="乡镇问题：目录不全")
    page = client_as(CONTACT).get(reverse("disclosure:home")).content.decode()
    assert "部门问题" not in page
    assert office.units["department"].name not in page
    page = client_as(LEADER).get(reverse("disclosure:findings")).content.decode()
    assert "部门问题" in page and "乡镇问题" in page
