"""Bad input on the 印信 pages is never a 500 [7]: every form and step posted with empty, over-long, NUL,
wrong-type and unknown-choice values by each kind of person; hand-edited filters and page numbers; an upload of
the wrong kind. Each answer is a 2xx/3xx or a 4xx with a Chinese page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seals.models import SealRequest

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db

JUNK = [
    {},
    {"version": "abc", "reason": "\x00", "comment": "\x00", "seal": "x", "request": "-1", "outgoing": "9e9"},
    {"version": "1" * 40, "reason": "长" * 5000, "comment": "长" * 5000, "copies": "1e9", "made_on": "2026-02-30"},
    {"unit": "abc", "kind": "nuclear", "purpose": "bribe", "state": "x", "handed_on": "yesterday",
     "received_by_name": "\x00", "received_by_phone": "\x00", "seal_name": "", "maker": "", "on": "13/13/2026"},
    {"copies": "-3", "request": "", "seal": "", "subject": "=cmd|' /C calc'!A0", "keeper": "999999"},
]  # fmt: skip
PEOPLE = ("shoufa", "zhuren", "fuzhuren", "guikou1", "lianluo")


@pytest.fixture
def items(office):
    seal = f.county_seal(office)
    waiting = f.request(office, seal)
    approved = f.approved_request(office, seal)
    use = f.use(office, seal)
    application = f.application(office)
    approved_app = f.approved_application(office, seal_name="测试乡专用章")
    made = f.made_application(office, seal_name="测试乡钢印")
    return {
        "seal": seal.pk, "waiting": waiting.pk, "approved": approved.pk, "use": use.pk,
        "application": application.pk, "approved_app": approved_app.pk, "made": made.pk,
    }  # fmt: skip


def posts(items) -> list[str]:
    urls = [fp.url("seal_new"), fp.url("request_new"), fp.url("use_new"), fp.url("application_new")]
    for action in ("suspend", "resume", "surrender", "melt"):
        urls.append(fp.url("seal_act", items["seal"], action))
    for action in ("approve", "return", "withdraw", "stamp"):
        urls.append(fp.url("request_act", items["waiting"], action))
    for action in ("approve", "reject", "return", "withdraw", "burn"):
        urls.append(fp.url("application_act", items["application"], action))
    urls += [
        fp.url("use_void", items["use"]),
        fp.url("application_made", items["approved_app"]),
        fp.url("application_hand_over", items["made"]),
        fp.url("application_resubmit", items["application"]),
    ]
    return urls


def test_no_post_of_junk_answers_a_5xx_7(office, client_as, items):
    """[7] Every seals form and step, posted with junk by each kind of person: never a 500."""
    for username in PEOPLE:
        client = client_as(username)
        for url in posts(items):
            for data in JUNK:
                page = client.post(url, data)
                assert page.status_code < 500, (username, url, data, page.status_code)
                if page.status_code >= 400:
                    assert "charset=utf-8" in page["Content-Type"]


def test_no_hand_edited_filter_answers_a_5xx_7(office, client_as, items):
    """[7] Filters and page numbers typed by hand: a list or a 400 in Chinese, never a 500."""
    queries = [
        "state=x&kind=y&unit=abc&scope=z&q=%00", "page=-1", "page=99999999999999", "page=abc",
        "seal=abc&month=2026-00&purpose=x", "month=abcd-ef", "mine=maybe&state=%00", "unit=-1&state=made",
    ]  # fmt: skip
    names = ("home", "uses", "requests", "applications", "register_xlsx", "uses_xlsx")
    for username in PEOPLE:
        client = client_as(username)
        for name in names:
            for query in queries:
                page = client.get(fp.url(name, query=query))
                assert page.status_code < 500, (username, name, query, page.status_code)


def test_missing_items_and_junk_ids_are_404_7(office, client_as, items):
    """[7] A number that is no item is a 404 on every page and paper."""
    client = client_as("shoufa")
    for name in ("seal", "request", "request_pdf", "request_file", "application", "application_pdf", "handover_pdf",
                 "application_basis"):  # fmt: skip
        assert client.get(fp.url(name, 999999)).status_code == 404


def test_an_upload_of_the_wrong_kind_is_refused_in_chinese_7(office, client_as, items):
    """[7] A program uploaded as the paper to stamp comes back on the form (400), nothing created."""
    before = SealRequest.objects.count()
    page = client_as("guikou1").post(
        fp.url("request_new"),
        {"seal": items["seal"], "subject": "证明", "purpose": "certificate", "copies": 1,
         "file": SimpleUploadedFile("证明.exe", b"MZ\x90\x00" * 100, content_type="application/octet-stream")},
    )  # fmt: skip
    assert page.status_code == 400
    assert "请修改以下内容后再提交" in page.content.decode()
    assert SealRequest.objects.count() == before
