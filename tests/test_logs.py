"""Structured logs: every service step and every refusal is a line saying who, what, which item and in which
request — JSON in production, readable in development — and never a document's title [32](九)."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.logs import JsonFormatter, ReadableFormatter
from documents.incoming.models import IncomingDocument
from documents.types import SecretLevel
from tests.incoming.factories import act, distribute, register

pytestmark = pytest.mark.django_db

TITLE = "关于调整县级领导分工的通知（秘密）"


def lines(caplog, event: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", "") == event]


def test_a_step_is_logged_with_who_what_which_item_and_the_request_id(client_as, office, caplog):
    """签收登记 [26(1)] through the page: the line names the clerk, the step, the document and the request."""
    caplog.set_level(logging.INFO, logger="zaduo.workflow")
    clerk = office["shoufa"]
    response = client_as("shoufa").post(
        reverse("incoming:register"),
        {
            "source_unit": office.units["superior"].pk,
            "title": TITLE,
            "doc_type": "notice",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "copies": 1,
            "pages": 1,
            "secret_level": SecretLevel.SECRET,
            "secrecy_period": "1年",
        },
        headers={"X-Request-ID": "req-step-1"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-step-1"
    doc = IncomingDocument.objects.get()
    (line,) = lines(caplog, "step")
    assert (line.action, line.from_state, line.to_state) == ("register", "", doc.state)
    assert line.item == f"incoming.incomingdocument:{doc.pk}"
    assert line.actor_id == clerk.pk and line.user_id == clerk.pk
    assert line.request_id == "req-step-1"

    production = json.loads(JsonFormatter().format(line))
    assert {k: production[k] for k in ("event", "action", "item", "actor_id", "user_id", "request_id")} == {
        "event": "step",
        "action": "register",
        "item": f"incoming.incomingdocument:{doc.pk}",
        "actor_id": clerk.pk,
        "user_id": clerk.pk,
        "request_id": "req-step-1",
    }
    assert production["logger"] == "zaduo.workflow" and production["level"] == "INFO"
    assert TITLE not in JsonFormatter().format(line)
    assert re.search(rf"\[req-step u={clerk.pk}\] step action=register", ReadableFormatter().format(line))


def test_a_request_without_a_usable_id_is_given_one(client_as):
    client = client_as("shoufa")
    made = client.get(reverse("core:home"))["X-Request-ID"]
    replaced = client.get(reverse("core:home"), headers={"X-Request-ID": "not an id\r\nSet-Cookie: x"})
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"]) and replaced["X-Request-ID"] != made


def _circulating(office):
    doc = register(office, title=TITLE, secret_level=SecretLevel.SECRET, secrecy_period="1年")
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuzhuren")])
    return doc


def test_a_refused_step_is_logged_without_its_message(client_as, office, caplog):
    """[26(6)3] Reading out of turn is refused with a 403 page; the log says who, which view and document, and
    why in kind — not the page's sentence, which names people."""
    doc = _circulating(office)
    caplog.set_level(logging.INFO, logger="zaduo.workflow")
    response = client_as("fuzhuren").post(reverse("incoming:sign", args=[doc.pk]), {"version": doc.version})
    assert response.status_code == 403
    (line,) = lines(caplog, "refused")
    assert (line.status, line.reason, line.view, line.target) == (403, "ActionRefused", "incoming:sign", {"pk": doc.pk})
    assert line.user_id == line.actor_id == office["fuzhuren"].pk
    assert line.levelname == "WARNING"
    formatted = JsonFormatter().format(line)
    assert TITLE not in formatted and "阅批" not in formatted


def test_a_stale_page_is_logged_with_the_document(client_as, office, caplog):
    """Two people at once: the one who acted on an old page gets a 409, and the line names the document."""
    doc = _circulating(office)
    caplog.set_level(logging.INFO, logger="zaduo.workflow")
    response = client_as("fuxianzhang1").post(
        reverse("incoming:sign", args=[doc.pk]), {"version": doc.version - 1, "phrase": "已阅", "confirmed": "1"}
    )
    assert response.status_code == 409
    (line,) = lines(caplog, "refused")
    assert (line.status, line.reason, line.item) == (409, "StaleAction", f"incoming.incomingdocument:{doc.pk}")


def test_a_refusal_page_without_an_exception_is_logged_too(client_as, caplog):
    caplog.set_level(logging.INFO, logger="zaduo.workflow")
    assert client_as("guikou1").get(reverse("incoming:register")).status_code == 403
    (line,) = lines(caplog, "refused")
    assert (line.status, line.view) == (403, "incoming:register")


def test_the_production_format_is_one_json_object_per_line(settings):
    from django.conf import settings as live

    assert live.LOGGING["handlers"]["console"]["stream"] == "ext://sys.stdout"
    record = logging.getLogger("zaduo.test").makeRecord(
        "zaduo.test", logging.WARNING, __file__, 1, "多行\n消息", None, None, extra={"event": "x", "item": "a.b:1"}
    )
    text = JsonFormatter().format(record)
    assert "\n" not in text
    assert json.loads(text)["message"] == "多行\n消息" and json.loads(text)["item"] == "a.b:1"
