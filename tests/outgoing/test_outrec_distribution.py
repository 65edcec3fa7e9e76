"""分发 [30(5)] to the superior unit: a 请示 is recorded as sent to the 州政府 it is addressed to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.outgoing import services
from documents.outgoing.forms import DistributeForm
from documents.outgoing.models import Recipient

from .conftest import to_numbering

pytestmark = pytest.mark.django_db


def _sealed(draft, office, **fields):
    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft(**fields)).pk)
    doc = services.outgoing_sign_proof(actor=doc.drafter, pk=doc.pk)
    doc = services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=5)
    return services.outgoing_seal(actor=office["shoufa"], pk=doc.pk)


def test_the_distribution_form_offers_the_superior_unit_first_and_ticks_the_addressee(draft, office):
    """[30(5)] 分发; [30(3)1] 报送省、州政府: the unit a 请示 is addressed to is offered, first, and ticked."""
    superior = office.units["superior"]
    doc = _sealed(draft, office, doc_type="request", title="关于调整草原防火期的请示", main_recipients=superior.name)
    form = DistributeForm(doc=doc)
    offered = list(form.fields["units"].queryset)
    assert offered[0] == superior
    assert form.initial["units"] == [superior.pk]


def test_a_request_is_recorded_as_sent_to_the_superior_unit(client_as, draft, office):
    """[30(5)] 分发 from the page to a 上级机关: the form used to refuse it (not in the list), so a 请示 could not be
    recorded as sent to the unit it asks."""
    superior = office.units["superior"]
    doc = _sealed(draft, office, doc_type="request", title="关于调整草原防火期的请示", main_recipients=superior.name)
    response = client_as("shoufa").post(
        reverse("outgoing:act", args=[doc.pk, "distribute"]),
        {"version": doc.version, "mode": "targeted", "units": [superior.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Recipient.objects.filter(document=doc, unit=superior).exists()
