"""The data migration that re-writes 来文字号 stored before they were normalised on save [26(1)]."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from documents.incoming.models import IncomingDocument

from .factories import register

pytestmark = pytest.mark.django_db


def test_migration_renormalises_sender_numbers_stored_before_26_1(office):
    """[26(1)] rows saved with other brackets before are re-written by the data migration."""
    doc = register(office)
    IncomingDocument.objects.filter(pk=doc.pk).update(sender_number="杂住建 [2026] 52号")
    migration = importlib.import_module("documents.incoming.migrations.0006_normalise_sender_numbers")
    migration.renormalise(django_apps, connection.schema_editor())
    doc.refresh_from_db()
    assert doc.sender_number == "杂住建〔2026〕52号"
