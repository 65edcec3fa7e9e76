"""The outgoing link [7][30(5)]: when the clerk seals an outgoing document, the 用印登记簿 records the use with
the in-use seal of its organ; without such a seal the outgoing step goes on and nothing is recorded."""

from __future__ import annotations

import pytest

from core.workflow import ActionRefused
from documents.outgoing import services as outgoing
from documents.outgoing.choices import Authority
from seals import services
from seals.models import SealUse, UsePurpose

from . import factories as f
from .factories import CLERK


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_outgoing_seal_step_records_a_use_7(office):
    """[7][30(5)] A 县政府 document sealed by the clerk: one use with the county government's seal, its copies,
    the clerk as stamper, the document's number and title."""
    county = f.county_seal(office)
    f.office_seal(office)
    doc = f.outgoing_at_sealing(office)
    doc = outgoing.outgoing_seal(actor=office[CLERK], pk=doc.pk)
    use = SealUse.objects.get(outgoing=doc)
    assert (use.seal, use.copies, use.stamped_by, use.purpose) == (county, 30, office[CLERK], UsePurpose.OUTGOING)
    assert use.subject.startswith(doc.doc_number) and doc.title in use.subject
    assert county.log.filter(action="use").count() == 1


def test_an_office_document_is_stamped_with_the_offices_seal_7(office):
    f.county_seal(office)
    office_seal = f.office_seal(office)
    doc = outgoing.outgoing_seal(actor=office[CLERK], pk=f.outgoing_at_sealing(office, authority=Authority.OFFICE).pk)
    assert SealUse.objects.get(outgoing=doc).seal == office_seal


def test_without_a_seal_in_use_the_outgoing_step_goes_on_and_nothing_is_recorded_7(office):
    """[30(5)] This chapter never blocks the outgoing one."""
    seal = f.county_seal(office)
    services.seal_suspend(actor=office[CLERK], pk=seal.pk, reason="送修")
    doc = outgoing.outgoing_seal(actor=office[CLERK], pk=f.outgoing_at_sealing(office).pk)
    assert doc.state == "distributing"
    assert not SealUse.objects.exists()


def test_a_classified_documents_title_stays_out_of_the_register_32(office):
    """[7][32] The register names a classified document by its number and level only."""
    f.county_seal(office)
    doc = f.outgoing_at_sealing(office, secret_level=1, title="关于边境管控部署的通知")
    doc = outgoing.outgoing_seal(actor=office[CLERK], pk=doc.pk)
    use = SealUse.objects.get(outgoing=doc)
    assert "边境" not in use.subject and doc.doc_number in use.subject


def test_the_clerk_may_record_an_outgoing_use_by_hand_once_at_its_seal_step_7(office):
    """[7][30(5)] From the register's form: only a document at 用印, and once; the seal step then adds none."""
    seal = f.county_seal(office)
    doc = f.outgoing_at_sealing(office)
    data = services.UseData(seal_id=seal.pk, copies=30, outgoing_id=doc.pk)
    use = services.use_record(actor=office[CLERK], data=data)
    with pytest.raises(ActionRefused, match="已登记用印"):
        services.use_record(actor=office[CLERK], data=data)
    outgoing.outgoing_seal(actor=office[CLERK], pk=doc.pk)
    assert list(SealUse.objects.filter(outgoing=doc)) == [use]
    with pytest.raises(ActionRefused, match="不在用印环节"):
        services.use_record(actor=office[CLERK], data=services.UseData(seal_id=seal.pk, copies=1, outgoing_id=doc.pk))
