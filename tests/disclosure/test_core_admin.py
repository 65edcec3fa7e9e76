"""The admin reads the chapter through the one selector module; it adds and deletes nothing, and the only
steps it offers go through the services [35], [36]."""

from __future__ import annotations

from django.urls import reverse

from disclosure.models import FindingLog, FindingState

from .factories import CONTACT, entry, finding


def test_the_admin_reads_everything_and_adds_or_deletes_nothing_35_36(office, client_as):
    e = entry(office)
    f = finding(office)
    client = client_as("admin")
    for model, pk in (("catalogue", e.catalogue_id), ("finding", f.pk), ("inspection", f.inspection_id)):
        assert client.get(reverse(f"admin:disclosure_{model}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:disclosure_{model}_change", args=[pk]))
        assert page.status_code == 200
        assert client.get(reverse(f"admin:disclosure_{model}_add")).status_code == 403
        assert client.get(reverse(f"admin:disclosure_{model}_delete", args=[pk])).status_code == 403
    html = client.get(reverse("admin:disclosure_catalogue_change", args=[e.catalogue_id])).content.decode()
    assert "新增公开事项" in html and "在用" in html


def test_accepting_in_the_admin_goes_through_the_service_and_its_permission_36(office, client_as):
    """验收 in the admin is the service's step: an administrator who is no 政务公开专员 is refused it, and the
    steps not offered there (退回) are not found [36]."""
    from disclosure import services

    f = finding(office)
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    client = client_as("admin")
    url = reverse("admin:disclosure_finding_change", args=[f.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"_fsmtransition-state-accept": "整改验收"})
    f.refresh_from_db()
    assert f.state == FindingState.REPORTED
    assert not FindingLog.objects.filter(document=f, action="accept").exists()
    assert client.get(f"/admin/disclosure/finding/{f.pk}/transition/send_back/").status_code == 404
