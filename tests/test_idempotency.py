"""A form that creates something, submitted twice, creates one thing (core/idempotency.py).

Two POSTs of the registration form 0.8 s apart registered 收文 2026-20 and 2026-21; a gunicorn worker killed
after the commit left the clerk with a connection error, and resubmitting registered a second document.
Every create form carries a one-time token (``{% idempotency_field %}``); its view (``@idempotent``)
creates one object per token, and a repeat is redirected to what the first submission created.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import date, timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from core.idempotency import FIELD, REPEATED
from core.models import IdempotencyKey
from documents.incoming.models import IncomingDocument
from documents.outgoing.demo import ensure_series
from documents.outgoing.models import OutgoingDocument
from documents.records.models import DestructionList
from leave.defaults import ensure_default_kinds
from leave.models import LeaveKind, LeaveRequest
from org.models import Absence, Unit, UnitKind
from tests import requires

pytestmark = pytest.mark.django_db

# Every view that creates something from a form; a new one (meetings …) is added here.
CREATE_VIEWS = [
    "incoming:register",
    "incoming:hand_out",
    "incoming:absences",
    "incoming:attach",
    "outgoing:act",
    "outgoing:create",
    "leave:create",
    "leave:extend",
    "records:transfer_create",
    "records:destruction_create",
    "records:destruction_add",
    "meetings:create",
    "meetings:topic_new",
    "meetings:material_add",
    "meetings:minutes",
    "meetings:from_incoming",
    "supervision:from_instruction",
    "supervision:new",
    "supervision:feedback",
    "supervision:extension",
    "duty:roster_new",
    "duty:swap_new",
    "duty:handover_write",
    "duty:log_new",
    "duty:report_new",
    "supervision:work_report_import",
    "supervision:bulletin_issue",
    "petitions:incident_new",
    "petitions:new",
    "petitions:unit_answer",
    "disclosure:inspection_new",
    "information:submit",
    # 第二章's standing duties (issue 22)
    "seals:seal_new",
    "seals:request_new",
    "seals:use_new",
    "seals:application_new",
    "seals:application_resubmit",
    "normative:register_outgoing",
    "normative:register_manual",
    "normative:interpretation_new",
    "normative:cleanup_new",
    "legal:case_new",
    "legal:item_new",
    "coordination:create",
    "coordination:act",
    "research:new",
    "research:version",
    "reception:create",
    "reception:act",
]


def _incoming(office):
    return {
        "source_unit": Unit.objects.filter(kind=UnitKind.SUPERIOR).first().pk,
        "title": "关于做好雪灾防范工作的紧急通知",
        "doc_type": "notice",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "copies": 1,
        "pages": 1,
        "secret_level": 0,
    }


def _outgoing(office):
    series = ensure_series()
    return {
        "authority": "government",
        "series": series["杂政"].pk,
        "doc_type": "notice",
        "title": "关于开展草原生态保护补助奖励政策落实情况检查的通知",
        "main_recipients": "各乡（镇）人民政府",
        "body": "一、检查内容\n补助资金发放情况。",
        "line": office.lines["agriculture"].pk,
        "importance": "ordinary",
        "origin": "line_staff",
        "secret_level": 0,
        "urgency": "",
    }


def _leave(office):
    ensure_default_kinds()
    day = date.today() + timedelta(days=30)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return {
        "kind": LeaveKind.objects.get(name="事假").pk,
        "start_date": day.isoformat(),
        "start_half": "am",
        "end_date": day.isoformat(),
        "end_half": "pm",
        "destination": "",
        "reason": "家中有事",
        "cover": "",
    }


def _absence(office):
    now = timezone.localtime()
    return {
        "person": office["fuxianzhang2"].pk,
        "reason": "trip",
        "starts_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "note": "赴州里开会",
    }


# The page that shows a form posted elsewhere.
PAGES = {"records:destruction_create": "records:destruction_lists"}

FORMS = {
    # url name: (who, the form's data, what it creates)
    "incoming:register": ("shoufa", _incoming, IncomingDocument),
    "incoming:absences": ("shoufa", _absence, Absence),
    "outgoing:create": ("guikou2", _outgoing, OutgoingDocument),
    "leave:create": ("guikou1", _leave, LeaveRequest),
    "records:destruction_create": ("shoufa", lambda office: {"title": "2026年第一批重份文件销毁"}, DestructionList),
}


@pytest.mark.parametrize("name", list(FORMS))
def test_two_posts_with_the_same_token_create_one_object_and_the_second_shows_it(name, office, client):
    """[26(1)] (收文登记), [30(1)] (拟稿), [54] (请假), [34] (销毁清册), [26(6)3] (外出登记): the page carries a
    token; the same form posted twice — a double click, a reload after a lost connection — creates one
    object, and the second answer is a redirect to it, with a note."""
    who, data, model = FORMS[name]
    client.force_login(office[who])
    page = client.get(reverse(PAGES.get(name, name)))
    assert page.status_code == 200
    tokens = re.findall(rf'name="{FIELD}" value="([0-9a-f-]+)"', page.content.decode())
    assert len(tokens) == 1, "the form carries one token"
    payload = {**data(office), FIELD: tokens[0]}
    before = model.objects.count()

    first = client.post(reverse(name), payload)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(reverse(name), payload)
    assert model.objects.count() == before + 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert REPEATED in client.get(second["Location"]).content.decode()

    another = client.post(reverse(name), {**payload, FIELD: str(uuid.uuid4())})  # a new form: a new object
    assert another.status_code == 302
    assert model.objects.count() == before + 2 or name == "incoming:absences"  # a second, overlapping trip


def test_a_form_with_errors_keeps_its_token_and_the_corrected_one_goes_through(office, client):
    """[26(1)] Bad input is a 400 and uses up nothing: the form comes back with the same token, and the
    corrected submission registers the document."""
    client.force_login(office["shoufa"])
    token = str(uuid.uuid4())
    bad = client.post(reverse("incoming:register"), {**_incoming(office), "title": "", FIELD: token})
    assert bad.status_code == 400
    assert f'value="{token}"' in bad.content.decode()
    assert not IdempotencyKey.objects.exists()
    good = client.post(reverse("incoming:register"), {**_incoming(office), FIELD: token})
    assert good.status_code == 302 and IncomingDocument.objects.count() == 1


def test_the_token_is_per_person(office, client):
    """[54] Another person's token is never looked at: their form creates their own request."""
    token = str(uuid.uuid4())
    for who in ("guikou1", "guikou2"):
        client.force_login(office[who])
        assert client.post(reverse("leave:create"), {**_leave(office), FIELD: token}).status_code == 302
    assert LeaveRequest.objects.count() == 2
    assert IdempotencyKey.objects.filter(token=token).count() == 2


def test_without_a_token_a_post_is_served_as_before(office, client):
    client.force_login(office["shoufa"])
    assert client.post(reverse("incoming:register"), _incoming(office)).status_code == 302
    assert IncomingDocument.objects.count() == 1 and not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("name", CREATE_VIEWS)
def test_every_create_view_is_idempotent(name):
    """The list above is the office's create forms; each view is wrapped by ``@idempotent``."""
    args = {
        "leave:extend": [1],
        "records:destruction_add": [1],
        "incoming:attach": [1],
        "outgoing:act": [1, "upload"],
        "meetings:material_add": [1],
        "meetings:minutes": [1],
        "meetings:from_incoming": [1],
        "supervision:from_instruction": [1],
        "supervision:feedback": [1],
        "supervision:extension": [1],
        "duty:swap_new": [1],
        "duty:handover_write": [1],
        "petitions:unit_answer": [1],
        "seals:application_resubmit": [1],
        "normative:interpretation_new": [1],
        "coordination:act": [1, "talk"],
        "research:new": ["drafting"],
        "research:version": [1],
        "reception:act": [1, "approve"],
    }
    args = args.get(name, [])
    view = resolve(reverse(name, args=args)).func
    assert getattr(view, "idempotent", False), f"{name} is not wrapped by core.idempotency.idempotent"


def test_resubmitting_after_a_lost_answer_shows_the_registered_document(office, client):
    """[26(1)] The worker was killed after the commit: the clerk saw a connection error, not the answer.
    Resubmitting the same page (same token) shows the document registered the first time, not a second."""
    client.force_login(office["shoufa"])
    payload = {**_incoming(office), FIELD: str(uuid.uuid4())}
    client.post(reverse("incoming:register"), payload)  # committed; the answer never reached the browser
    doc = IncomingDocument.objects.get()
    again = client.post(reverse("incoming:register"), payload, follow=True)
    assert again.redirect_chain == [(reverse("incoming:detail", args=[doc.pk]), 302)]
    assert REPEATED in again.content.decode() and doc.serial_label in again.content.decode()
    assert IncomingDocument.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@requires.postgresql  # two connections at once
def test_two_registrations_at_the_same_moment_with_one_token_register_one_document(office, monkeypatch):
    """[26(1)] Two POSTs 0.8 s apart — the first still registering when the second arrives: the second
    waits on the token's unique index until the first commits, then answers with the first's document.
    (They registered 收文 2026-20 and 2026-21 before.)"""
    from django.db import connections
    from django.test import Client

    from documents.incoming import views

    register = views._register
    first_in = threading.Event()

    def slow_register(actor, data):
        doc = register(actor, data)
        first_in.set()
        time.sleep(0.8)  # still in the transaction when the second POST arrives
        return doc

    monkeypatch.setattr(views, "_register", slow_register)
    payload = {**_incoming(office), FIELD: str(uuid.uuid4())}
    answers: dict[str, object] = {}

    def post(name: str) -> None:
        try:
            client = Client()
            client.force_login(office["shoufa"])
            answers[name] = client.post(reverse("incoming:register"), payload)
        finally:
            connections.close_all()

    first = threading.Thread(target=post, args=("first",))
    first.start()
    assert first_in.wait(30)
    second = threading.Thread(target=post, args=("second",))
    second.start()
    first.join(60)
    second.join(60)
    doc = IncomingDocument.objects.get()
    assert answers["first"].status_code == answers["second"].status_code == 302
    assert answers["first"]["Location"] == answers["second"]["Location"] == reverse("incoming:detail", args=[doc.pk])


def test_a_scan_uploaded_twice_with_one_token_is_stored_once(office, client, settings, tmp_path):
    """[29(1)] The incoming document's page uploads its scan; the form posted twice (a slow upload, a second
    click) stores one attachment, and the second answer is the document's page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.incoming.models import Attachment
    from tests.files import pdf
    from tests.incoming.factories import register

    settings.MEDIA_ROOT = tmp_path
    doc = register(office)
    client.force_login(office["shoufa"])
    page = client.get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    token = re.search(rf'action="{reverse("incoming:attach", args=[doc.pk])}".*?name="{FIELD}" value="([^"]+)"', page)
    assert token, "the upload form carries a token"
    answers = [
        client.post(
            reverse("incoming:attach", args=[doc.pk]),
            {"kind": "original", "file": SimpleUploadedFile("scan.pdf", pdf("once")), FIELD: token.group(1)},
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [302, 302]
    assert Attachment.objects.filter(document=doc).count() == 1
