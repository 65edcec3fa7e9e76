"""Walk every URL of the site as people who must not see a classified document, and find no trace of it [32].

Lists, detail pages, search, exports, PDFs, attachments, archive parts, destruction lists and the admin: the
walk follows every link it finds and also tries every URL pattern with the ids of every record made here.
The same walk looks for another person's leave request — its reason and its supporting paper — which only
the person, the approver, the office leaders and the 收发秘书 see [54] (leave.selectors.leave_visible_to).
"""

from __future__ import annotations

import re
from collections import deque
from datetime import timedelta
from urllib.parse import urljoin, urlparse

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from documents.incoming import services as incoming
from documents.incoming.models import Attachment, IncomingDocument, ReturnProposal
from documents.outgoing import services as outgoing
from documents.outgoing.demo import ensure_series
from documents.outgoing.models import Attachment as OutgoingAttachment
from documents.outgoing.models import OutgoingDocument
from documents.records import services
from documents.records.models import DestructionList, FileComponent
from leave import services as leave
from leave.models import LeaveKind, LeaveRequest
from tests.files import pdf

from ..incoming.factories import act, distribute, read, register, request_from_township

pytestmark = pytest.mark.django_db

SECRET_TITLE = "机密级边境巡逻部署方案甲"
SECRET_FILE = pdf("SECRET-BYTES-7731")
LEAVE_REASON = "胃部手术住院复查甲"
LEAVE_FILE = pdf("LEAVE-NOTE-4411")
SKIP = ("/accounts/logout", "/admin/logout", "/static/", "/admin/jsi18n", "/admin/password_change")


@pytest.fixture
def secrets(office):
    clerk = office["shoufa"]
    circulating = register(office, title=SECRET_TITLE, secret_level=2, sender_number="青密〔2026〕1号")
    distribute(office, circulating, readers=[act(office, "changwu")])
    incoming.incoming_attach(actor=clerk, pk=circulating.pk, upload=SimpleUploadedFile("密件.pdf", SECRET_FILE))
    filed = register(office, title=SECRET_TITLE + "（已归档）", secret_level=1)
    distribute(office, filed, readers=[read(office, "fuxianzhang1")])
    incoming.incoming_sign(actor=office["fuxianzhang1"], pk=filed.pk)
    incoming.incoming_receive_original(actor=clerk, pk=filed.pk)
    incoming.incoming_attach(actor=clerk, pk=filed.pk, upload=SimpleUploadedFile("原件.pdf", SECRET_FILE))
    services.file_document(doc_kind="incoming", actor=clerk, pk=filed.pk)
    request = request_from_township(office, title=SECRET_TITLE + "（请示）", secret_level=1)
    proposal = incoming.incoming_propose_return(actor=clerk, pk=request.pk, ground=5)
    incoming.incoming_decide_return(actor=office["fuzhuren_wenmi"], proposal_id=proposal.pk, approve=True)
    dl = services.destruction_create(actor=clerk, title="重份销毁")
    services.destruction_add_entry(
        actor=clerk,
        pk=dl.pk,
        kind="duplicate",
        description=SECRET_TITLE + "重份",
        document=IncomingDocument.objects.get(pk=filed.pk),
    )
    services.destruction_submit(actor=clerk, pk=dl.pk)
    services.destruction_decide(actor=office["zhuren"], pk=dl.pk, approve=True)
    register(office, title="公开的普通通知")
    # A classified outgoing draft with a file, drafted by line staff cleared for 秘密 [30], [31].
    drafted = outgoing.outgoing_create_draft(
        actor=office["guikou2"],
        data=outgoing.DraftData(
            authority="government",
            series=ensure_series()["杂政"],
            doc_type="notice",
            title=SECRET_TITLE + "（发文稿）",
            body="正文",
            line=office.lines["agriculture"],
            main_recipients="各乡（镇）人民政府",
            secret_level=1,
        ),
    )
    outgoing.outgoing_add_file(
        actor=office["guikou2"],
        pk=drafted.pk,
        kind="attachment",
        title="附件",
        upload=SimpleUploadedFile("发文附件.pdf", SECRET_FILE),
    )
    return circulating


@pytest.fixture
def leave_request(office):
    """guikou1's 病假, sent to the 分管 leader, with a reason and a sick note that are nobody else's business."""
    day = WorkCalendar.load().next_working_day(timezone.localdate() + timedelta(days=7))
    data = leave.LeaveData(kind=LeaveKind.objects.get(name="病假"), start_date=day, end_date=day, reason=LEAVE_REASON)
    req = leave.leave_create(
        actor=office["guikou1"], data=data, attachment=SimpleUploadedFile("诊断证明.pdf", LEAVE_FILE)
    )
    return leave.leave_submit(actor=office["guikou1"], pk=req.pk)


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _candidate_urls() -> set[str]:
    ids = {
        "pk": [
            *IncomingDocument.objects.values_list("pk", flat=True),
            *DestructionList.objects.values_list("pk", flat=True),
            *FileComponent.objects.values_list("pk", flat=True),
            *OutgoingDocument.objects.values_list("pk", flat=True),
            *LeaveRequest.objects.values_list("pk", flat=True),
        ],
        "user_id": list(get_user_model().objects.values_list("pk", flat=True)),
        "attachment_pk": list(OutgoingAttachment.objects.values_list("pk", flat=True)),
        "action": ["review", "sign", "number"],
        "doc_kind": ["incoming", "outgoing"],
        "proposal_id": list(ReturnProposal.objects.values_list("pk", flat=True)),
        "attachment_id": list(Attachment.objects.values_list("pk", flat=True)),
        "year": [2025, 2026],
        "fmt": ["xlsx", "pdf"],
    }
    urls = set()
    for raw in _patterns():
        if raw.startswith("^") or "admin/" in raw:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", raw)
        if not names:
            urls.add("/" + raw)
            continue
        if len(names) > 2 or any(n not in ids for n in names):
            continue
        first = names[0]
        for value in ids[first]:
            url = re.sub(r"<(?:\w+:)?" + first + ">", str(value), raw)
            if len(names) == 2:
                for other in ids[names[1]]:
                    urls.add("/" + re.sub(r"<(?:\w+:)?" + names[1] + ">", str(other), url))
            else:
                urls.add("/" + url)
    for model in admin.site._registry:
        meta = model._meta
        urls.add(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for pk in model._default_manager.values_list("pk", flat=True)[:50]:
            urls.add(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
    for q in ["机密级", "边境巡逻", "青密", "2026-1"]:
        urls.add(f"/incoming/?year=&q={q}")
        urls.add(f"/records/archive/?q={q}")
    urls.add("/incoming/?year=&category=secret")
    for tab in ["all", "mine", "drafts", "unread"]:
        urls.add(f"/outgoing/?tab={tab}")
        urls.add(f"/outgoing/?tab={tab}&q=边境巡逻")
    urls.add("/outgoing/register.xlsx?year=2026")
    urls.add("/incoming/register-book/?start=2000-01-01&end=2001-12-31&format=xlsx")
    return urls


CLASSIFIED = (SECRET_TITLE.encode(), b"SECRET-BYTES-7731")


def _walk(client, seeds: set[str], limit: int = 900, markers=CLASSIFIED):
    seen, queue, leaks = set(), deque(sorted(seeds)), []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if any(marker in body for marker in markers):
            leaks.append((url, response.status_code))
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="([^"#]+)"', body.decode(errors="ignore")):
                target = urljoin(url, href.replace("&amp;", "&"))
                parsed = urlparse(target)
                if parsed.netloc in ("", "testserver") and parsed.path.startswith("/"):
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return seen, leaks


@pytest.mark.parametrize(
    "username",
    [
        "guikou3",  # no clearance at all
        "xianzhang",  # cleared for 绝密, on none of the documents
        "admin",  # superuser: every permission, no clearance, on none of them
        "kezhang",  # section chief cleared for 秘密, on none of them
        "dangan",  # archivist: keeps the archive and destruction lists, cleared for 机密, on none of them
    ],
)
def test_no_trace_of_a_classified_document_anywhere_for_outsiders(client_as, secrets, leave_request, username):
    client = client_as(username)
    markers = list(CLASSIFIED)
    if username != "admin":  # the superuser sees every request by the rules (leave.rules.sees_all) [54]
        markers += [LEAVE_REASON.encode(), b"LEAVE-NOTE-4411"]
    seen, leaks = _walk(client, _candidate_urls(), markers=markers)
    assert len(seen) > 40, "the walk should reach a good part of the site"
    assert {f"/leave/{leave_request.pk}/", "/leave/board/"} <= seen, "the walk should reach the leave pages"
    assert not leaks, leaks


def test_the_walk_does_find_the_document_for_someone_on_it(client_as, secrets):
    """The same walk as the clerk (cleared, registered it) finds it — so the test above can fail."""
    _, leaks = _walk(client_as("shoufa"), _candidate_urls(), limit=300)
    assert leaks


def test_the_walk_does_find_the_leave_request_for_the_person_and_the_approver(client_as, office, leave_request):
    """The person and their 分管 leader, walking the leave pages, find the reason and the sick note [54]."""
    seeds = {url for url in _candidate_urls() if url.startswith("/leave/")}
    markers = (LEAVE_REASON.encode(), b"LEAVE-NOTE-4411")
    for username in ("guikou1", leave_request.approver.username.removeprefix("t-")):
        _, leaks = _walk(client_as(username), seeds, limit=200, markers=markers)
        assert {url for url, _ in leaks} >= {f"/leave/{leave_request.pk}/", f"/leave/{leave_request.pk}/attachment/"}
