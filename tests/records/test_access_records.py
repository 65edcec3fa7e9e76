"""Taking a classified 件's file out of the archive is recorded on its document, like opening it [32]."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.models import AccessRecord
from documents.incoming import services as incoming
from documents.incoming.models import IncomingDocument
from documents.records import services

from ..incoming.factories import distribute, read, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def filed(office, **extra):
    doc = register(office, **extra)
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=doc.pk, comment="已阅")
    incoming.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)
    return doc, services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)


def test_a_classified_archive_file_is_recorded_against_its_document(client_as, office):
    doc, item = filed(office, title="秘密级的请示批复", secret_level=1)
    part = item.components.get()
    assert client_as("shoufa").get(reverse("records:component", args=[part.pk])).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.user, record.what, record.secret_level) == (office["shoufa"], "archive", 1)
    assert (record.content_type, record.object_id) == (ContentType.objects.get_for_model(IncomingDocument), doc.pk)


def test_an_unclassified_archive_file_is_not_recorded(client_as, office):
    _, item = filed(office)
    part = item.components.get()
    assert client_as("shoufa").get(reverse("records:component", args=[part.pk])).status_code == 200
    assert not AccessRecord.objects.exists()
