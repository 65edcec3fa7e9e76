"""Security events and the access record [32]: who opened a classified document (page, PDF, file) is written
down for the administrator; refused opens, failed sign-ins and lockouts go to the ``zaduo.security`` log —
never with a title."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import audit
from core.models import AccessRecord
from documents.incoming import services
from documents.types import SecretLevel
from tests.files import pdf
from tests.incoming.factories import register

pytestmark = pytest.mark.django_db

TITLE = "关于边境管控工作的秘密通报"
PDF = pdf()  # a real PDF: an upload must parse (core.uploads)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secret_doc(office):
    """A 秘密 document registered by the clerk (so she is on it) with its scanned original."""
    doc = register(office, title=TITLE, secret_level=SecretLevel.SECRET, secrecy_period="1年")
    services.incoming_attach(
        actor=office["shoufa"], pk=doc.pk, upload=SimpleUploadedFile("原件.pdf", PDF), kind="original"
    )
    return doc


def security_lines(caplog, event: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "zaduo.security" and getattr(r, "event", "") == event]


def test_opening_a_classified_document_is_recorded(client_as, office, secret_doc):
    """The page, the file: each successful opening is a row — who, what, when, in which request [32]."""
    client = client_as("shoufa")
    page = client.get(reverse("incoming:detail", args=[secret_doc.pk]), headers={"X-Request-ID": "req-open-1"})
    assert page.status_code == 200
    attachment = secret_doc.attachments.get()
    assert client.get(reverse("incoming:attachment", args=[attachment.pk])).status_code == 200

    records = list(AccessRecord.objects.order_by("id"))
    assert [(r.user, r.what, r.object_id, r.secret_level) for r in records] == [
        (office["shoufa"], "detail", secret_doc.pk, SecretLevel.SECRET),
        (office["shoufa"], "attachment", secret_doc.pk, SecretLevel.SECRET),
    ]
    assert records[0].request_id == "req-open-1"
    assert records[0].label == f"收文{secret_doc.serial_label}（秘密件）"
    assert all(TITLE not in r.label for r in records)


def test_the_pdf_of_a_classified_document_is_recorded(client_as, office, secret_doc):
    response = client_as("shoufa").get(reverse("incoming:sheet_pdf", args=[secret_doc.pk]))
    expected = ["pdf"] if response.status_code == 200 else []  # 503 where no CJK font: nothing was served
    assert list(AccessRecord.objects.values_list("what", flat=True)) == expected


def test_opening_an_unclassified_document_is_not_recorded(client_as, office):
    doc = register(office, title="关于做好冬季草原防火工作的通知")
    assert client_as("shoufa").get(reverse("incoming:detail", args=[doc.pk])).status_code == 200
    assert not AccessRecord.objects.exists()


def test_a_refused_classified_open_goes_to_the_security_log_without_the_title(client_as, office, secret_doc, caplog):
    """The county head is cleared for 绝密 but not on this paper [32]: a 404, and a security line naming the
    document by model and id only. Nothing is recorded as opened."""
    caplog.set_level(logging.INFO, logger="zaduo.security")
    response = client_as("xianzhang").get(reverse("incoming:detail", args=[secret_doc.pk]))
    assert response.status_code == 404
    (line,) = security_lines(caplog, "classified_refused")
    assert line.item == f"incoming.incomingdocument:{secret_doc.pk}"
    assert (line.actor_id, line.secret_level, line.levelname) == (office["xianzhang"].pk, SecretLevel.SECRET, "WARNING")
    assert all(TITLE not in record.getMessage() and TITLE not in str(vars(record)) for record in caplog.records)
    assert not AccessRecord.objects.exists()


def test_a_missing_document_is_no_security_event(client_as, caplog):
    caplog.set_level(logging.INFO, logger="zaduo.security")
    assert client_as("xianzhang").get(reverse("incoming:detail", args=[999999])).status_code == 404
    assert security_lines(caplog, "classified_refused") == []


def test_a_personal_data_look_up_is_recorded(office):
    """What the petitions chapter calls when someone opens a petitioner's file [47]–[50]."""
    person = office["guikou3"].profile
    record = audit.record_access(office["xinfang"], person, audit.What.PERSONAL_DATA)
    assert (record.user, record.what, record.object_id) == (office["xinfang"], "personal_data", person.pk)
    assert record.content_type.model_class() is type(person)


def test_failed_sign_ins_and_the_lockout_go_to_the_security_log(client, office, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 2
    caplog.set_level(logging.INFO, logger="zaduo.security")
    for _ in range(2):
        client.post(reverse("login"), {"username": office["shoufa"].username, "password": "wrong-password"})
    failed = security_lines(caplog, "sign_in_failed")
    assert [(r.username, r.ip) for r in failed] == [(office["shoufa"].username, "127.0.0.1")] * 2
    (locked,) = security_lines(caplog, "sign_in_locked_out")
    assert locked.username == office["shoufa"].username
    assert all("wrong-password" not in str(vars(r)) for r in caplog.records)


# --- the administrator's view ----------------------------------------------------------------------------------


def test_the_admin_lists_access_records_and_offers_no_change_or_delete(client_as, office, secret_doc):
    """管理后台 › 访问记录: who opened this classified document, filterable by person and date; read-only."""
    client_as("shoufa").get(reverse("incoming:detail", args=[secret_doc.pk]))
    record = AccessRecord.objects.get()
    admin = client_as("admin")

    listing = admin.get(reverse("admin:core_accessrecord_changelist"), {"user__id__exact": office["shoufa"].pk})
    text = listing.content.decode()
    assert listing.status_code == 200
    assert f"收文{secret_doc.serial_label}（秘密件）" in text and TITLE not in text
    assert "?user__id__exact=" in text and "?at__gte=" in text  # filters by person and by date
    assert 'name="action"' not in text  # no bulk delete

    assert admin.get(reverse("admin:core_accessrecord_add")).status_code == 403
    assert admin.get(reverse("admin:core_accessrecord_delete", args=[record.pk])).status_code == 403
    change = admin.get(reverse("admin:core_accessrecord_change", args=[record.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert admin.post(reverse("admin:core_accessrecord_change", args=[record.pk]), {"label": "x"}).status_code == 403
    assert AccessRecord.objects.get().label == record.label


def test_the_admin_list_costs_the_same_for_2_and_50_records(client_as, office, secret_doc, count_queries):
    admin = client_as("admin")
    url = reverse("admin:core_accessrecord_changelist")
    admin.get(url)  # the first page after signing in refreshes the session's expiry (core/middleware.py)

    def queries_for(n: int) -> int:
        AccessRecord.objects.all().delete()
        for _ in range(n):
            audit.record_access(office["shoufa"], secret_doc, audit.What.DETAIL)
        with count_queries() as ctx:
            assert admin.get(url).status_code == 200
        return len(ctx)

    assert queries_for(2) == queries_for(50)
