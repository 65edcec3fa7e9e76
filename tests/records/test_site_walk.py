"""Walk every URL of the site as people who must not see a classified document, and find no trace of it [32].

Lists, detail pages, search, exports, PDFs, attachments, archive parts, destruction lists and the admin: the
walk follows every link it finds and also tries every URL pattern with the ids of every record made here.
The same walk looks for another person's leave request — its reason and its supporting paper — which only
the person, the approver, the office leaders and the 收发秘书 see [54] (leave.selectors.leave_visible_to).
And for a classified (机密) 主任办公会议 — its title, topic, materials, minutes and decision — which only the
people on it see, an office leader not on it included [17], [18], [31], [32] (meetings.selectors): the
calendar, lists, meeting page, PDFs, materials, minutes, decisions, statistics and ICS feeds are walked too.
The supervision pages (督查事项): the classified meeting's decision tracked as an item is seen by no outsider,
and a unit's 联络员 sees nothing of another unit's item — not its page, feedback, file or extension [40].
The 政务信息 pages [44]–[46]: the township's 联络员 sees nothing of the department's item — its title, body or
attachment, in the lists, the week, the scores, the statistics, the register or a 《政务信息》 — and office people
without the chapter see no item at all. The 政务公开 pages [35], [36]: the same contact sees nothing of the
department's finding (its problem, its rectification report and file) nor of its catalogue's exempt entry, though
the inspection itself, which covers both units, is theirs too.
A PDF's text and a workbook's sheets are read, not only their bytes.
Issue 22's 综合事务 chapters (印信, 规范性文件, 行政复议与应诉, 协调事项, 调研与文字综合, 公务接待) are walked
by the same helpers in test_site_walk_duties.py [4]–[7], [9], [13].
"""

from __future__ import annotations

import io
import re
import zipfile
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
from disclosure import services as disclosure
from disclosure.models import CatalogueEntry, Exempt, Finding, FindingAttachment, Inspection
from documents.incoming import services as incoming
from documents.incoming.models import Attachment, IncomingDocument, ReturnProposal
from documents.outgoing import services as outgoing
from documents.outgoing.demo import ensure_series
from documents.outgoing.models import Attachment as OutgoingAttachment
from documents.outgoing.models import OutgoingDocument
from documents.records import services
from documents.records.models import DestructionList, FileComponent
from information import services as information
from information.models import Attachment as InformationAttachment
from information.models import InformationItem, Level, Publication, Target
from leave import services as leave
from leave.models import LeaveKind, LeaveRequest
from meetings import feeds
from meetings import services as meetings
from meetings.kinds import Kind
from meetings.models import Attendee, Decision, Material, Meeting, Room, Topic
from org.models import Section, Unit
from supervision import services as supervision
from supervision.models import Extension as SupervisionExtension
from supervision.models import FeedbackAttachment
from supervision.models import Item as SupervisionItem
from tests.files import pdf

from ..incoming.factories import act, distribute, read, register, request_from_township

pytestmark = pytest.mark.django_db

SECRET_TITLE = "机密级边境巡逻部署方案甲"
SECRET_FILE = pdf("SECRET-BYTES-7731")
LEAVE_REASON = "胃部手术住院复查甲"
LEAVE_FILE = pdf("LEAVE-NOTE-4411")
MEETING_TITLE = "机密级人事调整研究会议乙"
MEETING_TOPIC = "研究干部交流轮岗方案乙"
MEETING_DECISION = "干部交流轮岗方案报县委组织部乙"
MEETING_FILE = pdf("MEETING-SECRET-9052")
MEETING_OPEN_FILE = pdf("MEETING-PLAIN-9053")  # an unclassified material goes with its classified meeting
MEETING_MARKERS = (
    MEETING_TITLE.encode(),
    MEETING_TOPIC.encode(),
    MEETING_DECISION.encode(),
    b"MEETING-SECRET-9052",
    b"MEETING-PLAIN-9053",
)
SUP_OTHER = "农牧局督查事项内容丙"
SUPERVISION_MARKERS = (SUP_OTHER.encode(), b"SUPERVISION-FILE-6610")
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


@pytest.fixture
def secret_meeting(office):
    """A 机密 主任办公会议 with the director, one deputy and the clerk on it, walked from topic to tracked
    decision through the services: a topic on its agenda, two materials (one 机密), minutes issued, a decision
    tracked [17], [18], [31], [32], [37]."""
    clerk, director, deputy = office["shoufa"], office["zhuren"], office["fuzhuren"]
    room = Room.objects.get_or_create(name="测试第二会议室", defaults={"location": "测试楼二楼"})[0]
    starts = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    meeting = meetings.meeting_create(
        actor=clerk,
        data=meetings.MeetingData(
            kind=Kind.DIRECTOR_OFFICE,
            title=MEETING_TITLE,
            chair=director,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            room=room,
            secret_level=2,
        ),
        attendees=[director, deputy],
    )
    topic = meetings.topic_propose(
        actor=deputy, data=meetings.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-5", title=MEETING_TOPIC)
    )
    meetings.topic_accept(actor=director, pk=topic.pk, meeting_pk=meeting.pk)
    # A section chief's topics go on it too, one by the director, one by the clerk's 安排议程: he still sees his
    # own topics, never the meeting he is not on [18], [31], [32].
    chief = office["kezhang"]
    own = [
        meetings.topic_propose(
            actor=chief, data=meetings.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title=f"科室议题{n}")
        )
        for n in (1, 2)
    ]
    meetings.topic_accept(actor=director, pk=own[0].pk, meeting_pk=meeting.pk)
    meetings.topic_accept(actor=director, pk=own[1].pk)
    meetings.meeting_set_agenda(actor=clerk, pk=meeting.pk, topic_ids=[topic.pk, own[0].pk, own[1].pk])
    for level, body in ((2, MEETING_FILE), (0, MEETING_OPEN_FILE)):
        meetings.material_add(
            actor=clerk, pk=meeting.pk, upload=SimpleUploadedFile(f"材料{level}.pdf", body), secret_level=level
        )
    meetings.meeting_send_notice(actor=clerk, pk=meeting.pk)
    meetings.attendance_record(actor=clerk, pk=meeting.pk, attendee_id=_seat(meeting, director), status="present")
    meetings.meeting_open(actor=clerk, pk=meeting.pk)
    meetings.meeting_close(actor=clerk, pk=meeting.pk)
    minutes = meetings.minutes_start(actor=clerk, pk=meeting.pk)
    meetings.minutes_save(actor=clerk, pk=minutes.pk, body=f"会议{MEETING_TOPIC}。")
    decision = meetings.decision_add(
        actor=clerk,
        pk=meeting.pk,
        data=meetings.DecisionData(
            text=MEETING_DECISION,
            leader=deputy,
            due_date=starts.date() + timedelta(days=10),
            sections=(Section.objects.get(code=Section.Code.GENERAL),),
            topic=topic,
        ),
    )
    meetings.minutes_submit(actor=clerk, pk=minutes.pk)
    meetings.minutes_approve(actor=director, pk=minutes.pk)
    meetings.minutes_issue(actor=clerk, pk=minutes.pk)
    meetings.decision_track(actor=clerk, pk=decision.pk)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def unit_items(office):
    """Two tracked supervision items: the township's (its 联络员's own) and the department's, with a feedback,
    its attachment and an extension request that are the department's business only [40]."""
    today = timezone.localdate()

    def tracked(unit: str, title: str):
        data = supervision.ItemData(
            source="county_leader",
            title=title,
            text=title,
            first_responsible=office["fuzhuren"],
            handler=office["guikou2"],
            lead_unit=office.units[unit],
            deadline=today + timedelta(days=20),
        )
        item = supervision.item_create(actor=office["guikou2"], data=data)
        return supervision.item_start(actor=office["guikou2"], pk=item.pk)

    ours, other = tracked("township", "乡里的督查事项丙"), tracked("department", SUP_OTHER)
    supervision.feedback_record(
        actor=office["guikou2"],
        pk=other.pk,
        data=supervision.FeedbackData(text=SUP_OTHER + "进展", received_via="paper", received_on=today),
        uploads=[SimpleUploadedFile("进展.pdf", pdf("SUPERVISION-FILE-6610"))],
    )
    supervision.extension_request(
        actor=office["guikou2"], pk=other.pk, reason=SUP_OTHER + "延期", new_deadline=today + timedelta(days=60)
    )
    return ours, other


INFO_OTHER = "农牧局冬春草场轮牧试点信息丁"
INFO_OTHER_BODY = "农牧局在三个村开展冬春草场轮牧试点丁，牧户减畜不减收。"
INFO_OTHER_FILE = "农牧局轮牧试点照片说明丁.pdf"
INFORMATION_MARKERS = (
    INFO_OTHER.encode(),
    INFO_OTHER_BODY.encode(),
    INFO_OTHER_FILE.encode(),
    b"INFORMATION-FILE-7720",
)
FINDING_OTHER = "农牧局政务公开栏三个月未更新戊"
FINDING_OTHER_REPORT = "农牧局已更新公开栏并建立月度更新台账戊"
ENTRY_OTHER = "农牧局草原执法案件卷宗戊"
ENTRY_OTHER_BASIS = "农牧局依据行政执法案卷管理规定不予公开戊"
DISCLOSURE_MARKERS = (
    FINDING_OTHER.encode(),
    FINDING_OTHER_REPORT.encode(),
    ENTRY_OTHER.encode(),
    ENTRY_OTHER_BASIS.encode(),
    "农牧局整改材料戊.pdf".encode(),
    b"DISCLOSURE-FILE-8830",
)


@pytest.fixture
def information_items(office):
    """Two 政务信息: the township's, submitted by its 联络员 ``lianluo``, and the department's, recorded by the
    information officer with an attachment, reviewed, sent, adopted and printed in an issued 《政务信息》 — so it
    is in the list, the week, the scores, the statistics and the register [44]–[46]."""
    today = timezone.localdate()
    officer, leader = office["xinxi"], office["fuzhuren_wenmi"]
    ours = information.submit_item(
        actor=office["lianluo"],
        data=information.ItemData(title="测试乡信息丁", body="测试乡的正文丁", unit=office.units["township"]),
    )
    other = information.submit_item(
        actor=officer,
        data=information.ItemData(
            title=INFO_OTHER, body=INFO_OTHER_BODY, unit=office.units["department"], author="才让"
        ),
        uploads=[SimpleUploadedFile(INFO_OTHER_FILE, pdf("INFORMATION-FILE-7720"), content_type="application/pdf")],
    )
    information.screen_item(actor=officer, pk=other.pk, keep=True)
    information.submit_for_review(actor=officer, pk=other.pk)
    information.review_item(actor=leader, pk=other.pk, approve=True)
    information.send_item(
        actor=officer,
        pk=other.pk,
        sendings=[
            information.SendingData(target=Target.PROVINCE, sent_on=today),
            information.SendingData(target=Target.COUNTY, sent_on=today),
        ],
    )
    information.record_adoption(
        actor=officer,
        pk=other.pk,
        data=information.AdoptionData(level=Level.PROVINCE, adopted_on=today, publication="《青海政务信息》第9期"),
    )
    publication = information.create_publication(actor=officer, item_ids=[other.pk], title="本期要目丁")
    information.issue_publication(actor=officer, pk=publication.pk)
    return InformationItem.objects.get(pk=ours.pk), InformationItem.objects.get(pk=other.pk)


@pytest.fixture
def disclosure_records(office):
    """An inspection of both units with a finding each; the department's rectification reported with a file; and
    an exempt entry (其他依法不予公开, with its legal basis) in the department's catalogue [35], [36]."""
    today = timezone.localdate()
    officer = office["gongkai"]
    inspection = disclosure.inspection_plan(
        actor=officer,
        data=disclosure.InspectionData(
            title="政务公开季度检查戊",
            period="本季度",
            planned_on=today + timedelta(days=3),
            units=(office.units["township"], office.units["department"]),
        ),
    )
    disclosure.inspection_approve(actor=office["fuzhuren_wenmi"], pk=inspection.pk)
    disclosure.inspection_start(actor=officer, pk=inspection.pk)

    def record(unit: str, problem: str) -> Finding:
        data = disclosure.FindingData(
            unit=office.units[unit],
            problem=problem,
            rectification_asked="按期整改戊",
            due_on=today + timedelta(days=20),
        )
        return disclosure.finding_record(actor=officer, inspection_pk=inspection.pk, data=data)

    ours, other = record("township", "测试乡公开目录缺项戊"), record("department", FINDING_OTHER)
    disclosure.rectification_report(
        actor=officer,
        pk=other.pk,
        report=FINDING_OTHER_REPORT,
        uploads=[
            SimpleUploadedFile("农牧局整改材料戊.pdf", pdf("DISCLOSURE-FILE-8830"), content_type="application/pdf")
        ],
    )
    disclosure.entry_add(
        actor=officer, unit_pk=office.units["township"].pk, data=disclosure.EntryData(title="测试乡财政预决算戊")
    )
    exempt = disclosure.entry_add(
        actor=officer,
        unit_pk=office.units["department"].pk,
        data=disclosure.EntryData(title=ENTRY_OTHER, exempt=Exempt.OTHER_LEGAL, legal_basis=ENTRY_OTHER_BASIS),
    )
    return Inspection.objects.get(pk=inspection.pk), ours, other, exempt


def _seat(meeting, person) -> int:
    return Attendee.objects.get(meeting=meeting, person=person).pk


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
            *Meeting.objects.values_list("pk", flat=True),
            *Topic.objects.values_list("pk", flat=True),
            *Decision.objects.values_list("pk", flat=True),
            *SupervisionItem.objects.values_list("pk", flat=True),
            *InformationItem.objects.values_list("pk", flat=True),
            *Publication.objects.values_list("pk", flat=True),
            *Inspection.objects.values_list("pk", flat=True),
            *Finding.objects.values_list("pk", flat=True),
            *CatalogueEntry.objects.values_list("pk", flat=True),
        ],
        "unit_pk": list(Unit.objects.values_list("pk", flat=True)),
        "user_id": list(get_user_model().objects.values_list("pk", flat=True)),
        "attachment_pk": list(OutgoingAttachment.objects.values_list("pk", flat=True)),
        "action": ["review", "sign", "number"],
        "doc_kind": ["incoming", "outgoing"],
        "proposal_id": list(ReturnProposal.objects.values_list("pk", flat=True)),
        "attachment_id": [
            *Attachment.objects.values_list("pk", flat=True),
            *FeedbackAttachment.objects.values_list("pk", flat=True),
            *InformationAttachment.objects.values_list("pk", flat=True),
            *FindingAttachment.objects.values_list("pk", flat=True),
        ],
        "extension_id": list(SupervisionExtension.objects.values_list("pk", flat=True)),
        "decision": ["approve", "refuse"],
        "year": [2025, 2026],
        "fmt": ["xlsx", "pdf"],
        "material_id": list(Material.objects.values_list("pk", flat=True)),
        "attendee_id": list(Attendee.objects.values_list("pk", flat=True)),
        # Every person's feed address with a forged signature: a calendar program cannot sign in [31], [32].
        "token": [f"{pk}-{'0' * 64}" for pk in get_user_model().objects.values_list("pk", flat=True)],
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
    for meeting in Meeting.objects.only("starts_at"):
        day = timezone.localdate(meeting.starts_at).isoformat()
        for view in ("week", "month"):
            for scope in ("mine", "office"):
                urls.add(f"/meetings/?date={day}&view={view}&scope={scope}")
    for q in ["机密级", "人事调整", "研究会议乙"]:
        urls.add(f"/meetings/list/?q={q}")
    for show in ["mine", "decide"]:
        urls.add(f"/meetings/topics/?show={show}")
    for state in ["open", "tracked", "done"]:
        urls.add(f"/meetings/decisions/?state={state}")
        urls.add(f"/meetings/decisions/export.xlsx?state={state}")
    urls.add(f"/meetings/decisions/?kind={Kind.DIRECTOR_OFFICE}")
    return urls


CLASSIFIED = (SECRET_TITLE.encode(), b"SECRET-BYTES-7731")


def _readable(body: bytes) -> bytes:
    """What a person reads in a response: a workbook's sheets and a PDF's text as well as the raw bytes."""
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                raw = body + b"".join(archive.read(name) for name in archive.namelist())
        except zipfile.BadZipFile:
            return body
        # A workbook's cells as a spreadsheet shows them: its XML may write 政务 as &#25919;&#21153; (lxml).
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(body), read_only=True)
        except Exception:  # not a workbook (a .docx): its bytes only
            return raw
        cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
        return raw + "\n".join(cells).encode()
    if body.startswith(b"%PDF-"):
        from pypdf import PdfReader

        try:
            text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
        except Exception:  # an unreadable PDF is checked by its bytes only
            return body
        # A table cell wraps a long title over lines: the text is read once more without the breaks.
        return body + text.encode() + re.sub(r"\s+", "", text).encode()
    return body


# Links found on pages to the same path with another query string (a calendar's 下一周 after 下一周, a board's
# next day …) are followed this many times per path, so the walk spends itself on different pages.
VARIANTS_PER_PATH = 12


def _walk(client, seeds: set[str], limit: int = 900, markers=CLASSIFIED, first: set[str] = frozenset()):
    """Breadth-first from ``seeds`` (``first`` before the rest: the pages a test must reach are never left
    out because the page budget ran out on others — how many seeds there are depends on the ids in the run)."""
    seen, queue, leaks = set(), deque([*sorted(first), *sorted(set(seeds) - set(first))]), []
    variants: dict[str, int] = {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        path = url.partition("?")[0]
        if url not in seeds and "?" in url:
            if variants.get(path, 0) >= VARIANTS_PER_PATH:
                continue
            variants[path] = variants.get(path, 0) + 1
        seen.add(url)
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        readable = _readable(body) if response.status_code == 200 else body
        if any(marker in readable for marker in markers):
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
def test_no_trace_of_a_classified_document_anywhere_for_outsiders(
    client_as, office, secrets, leave_request, secret_meeting, username
):
    client = client_as(username)
    markers = [*CLASSIFIED, *MEETING_MARKERS]
    if username != "admin":  # the superuser sees every request by the rules (leave.rules.sees_all) [54]
        markers += [LEAVE_REASON.encode(), b"LEAVE-NOTE-4411"]
    else:
        # The topic was proposed before it went on the classified meeting: the notifications naming it to the
        # director then and to its proposer (their own words) are in the superuser's notification admin.
        markers.remove(MEETING_TOPIC.encode())
    tracked = SupervisionItem.objects.get(decision__meeting=secret_meeting)  # the decision's item keeps the level
    supervision_pages = {"/supervision/", f"/supervision/{tracked.pk}/", f"/supervision/{tracked.pk}/feedback/"}
    must = {f"/leave/{leave_request.pk}/", "/leave/board/", *_meeting_pages(secret_meeting), *supervision_pages}
    seen, leaks = _walk(client, _candidate_urls() | must, markers=markers, first=must)
    assert len(seen) > 40, "the walk should reach a good part of the site"
    assert {f"/leave/{leave_request.pk}/", "/leave/board/"} <= seen, "the walk should reach the leave pages"
    assert _meeting_pages(secret_meeting) <= seen, "the walk should reach the meetings pages"
    assert supervision_pages <= seen, "the walk should reach the supervision pages"
    assert not leaks, leaks
    _assert_no_meeting_for(client, office[username], secret_meeting)


def _supervision_pages(item) -> set[str]:
    pk = item.pk
    return {
        "/supervision/",
        f"/supervision/{pk}/",
        f"/supervision/{pk}/edit/",
        f"/supervision/{pk}/feedback/",
        f"/supervision/{pk}/extension/",
        f"/supervision/{pk}/decide/",
        *{f"/supervision/{pk}/files/{a.pk}/" for a in FeedbackAttachment.objects.filter(feedback__item=item)},
    }


@pytest.mark.parametrize("username", ["lianluo", "dazi"])
def test_no_trace_of_another_units_supervision_item_for_a_unit_contact_or_a_role_without_it(
    client_as, office, unit_items, username
):
    """[40]: the township's 联络员 sees its own items and nothing of the department's — not in the lists, nor
    its page, feedback, file or extension (404, never its text); a typist, with no part in supervision, sees
    no item at all [37]."""
    ours, other = unit_items
    client = client_as(username)
    must = _supervision_pages(ours) | _supervision_pages(other) | {"/supervision/unit/"}
    seeds = {url for url in _candidate_urls() if url.startswith("/supervision/")} | {"/"}
    seen, leaks = _walk(client, seeds | must, limit=400, markers=SUPERVISION_MARKERS, first=must)
    assert must <= seen, "the walk should reach the supervision pages"
    assert not leaks, leaks
    for url in _supervision_pages(other) - {"/supervision/"}:
        assert client.get(url).status_code == 404, url
    own = client.get(f"/supervision/{ours.pk}/")
    if username == "lianluo":
        assert own.status_code == 200 and "乡里的督查事项丙" in own.content.decode()
    else:
        assert own.status_code == 404 and client.get("/supervision/").status_code == 403


def test_the_walk_does_find_another_units_item_for_the_office(client_as, unit_items):
    """The office's section chief finds the department's item, its feedback and its file by the same walk — so
    the test above can fail [40]."""
    _, other = unit_items
    seeds = {url for url in _candidate_urls() if url.startswith("/supervision/")}
    _, leaks = _walk(client_as("kezhang"), seeds, limit=200, markers=SUPERVISION_MARKERS)
    found = {url for url, _ in leaks}
    assert {"/supervision/", f"/supervision/{other.pk}/"} <= found, found
    assert any(url.startswith(f"/supervision/{other.pk}/files/") for url in found), found


def _meeting_pages(meeting) -> set[str]:
    pk = meeting.pk
    topic, decision = meeting.topics.get(title=MEETING_TOPIC), meeting.decisions.get()
    return {
        "/meetings/",
        "/meetings/list/",
        "/meetings/topics/",
        "/meetings/decisions/",
        "/meetings/decisions/export.xlsx",
        "/meetings/statistics/",
        "/meetings/calendar-feed/",
        f"/meetings/{pk}/",
        f"/meetings/{pk}/notice.pdf",
        f"/meetings/{pk}/minutes/",
        f"/meetings/{pk}/minutes/pdf/",
        *{f"/meetings/{pk}/materials/{m.pk}/" for m in meeting.materials.all()},
        f"/meetings/topics/{topic.pk}/",
        f"/meetings/decisions/{decision.pk}/",
    }


def _assert_no_meeting_for(client, user, meeting) -> None:
    """An outsider gets 404 — "missing" and "not yours" alike — on the classified meeting's page, its PDFs, its
    materials, its minutes, topic and decision; their own ICS feed does not list it, and the chair's feed
    address cannot be guessed [31], [32]."""
    pk = meeting.pk
    urls = [
        f"/meetings/{pk}/",
        f"/meetings/{pk}/edit/",
        f"/meetings/{pk}/agenda/",
        f"/meetings/{pk}/attendance/",
        f"/meetings/{pk}/notice.pdf",
        f"/meetings/{pk}/sign-in.pdf",
        f"/meetings/{pk}/attendance.pdf",
        f"/meetings/{pk}/minutes/",
        f"/meetings/{pk}/minutes/pdf/",
        *[f"/meetings/{pk}/materials/{m.pk}/" for m in meeting.materials.all()],
        *[f"/meetings/topics/{t.pk}/" for t in meeting.topics.exclude(proposer=user)],
        f"/meetings/decisions/{meeting.decisions.get().pk}/",
    ]
    answers = {url: client.get(url).status_code for url in urls}
    assert set(answers.values()) == {404}, answers
    # Their own topic on it stays theirs — without the meeting's title, in its log or their notifications [18].
    for url in [f"/meetings/topics/{t.pk}/" for t in meeting.topics.filter(proposer=user)] + [
        reverse("core:notifications")
    ]:
        response = client.get(url)
        assert response.status_code == 200 and MEETING_TITLE not in response.content.decode(), url
    own = client.get(reverse("meetings:feed", args=[feeds.token_for(user)]))
    assert own.status_code == 200
    assert MEETING_TITLE.encode() not in own.content and "涉密会议".encode() not in own.content
    chair = meeting.chair
    forged = feeds.token_for(user).replace(f"{user.pk}-", f"{chair.pk}-", 1)
    assert client.get(reverse("meetings:feed", args=[forged])).status_code == 404
    for url in ("/meetings/list/?q=人事调整", "/meetings/decisions/", "/meetings/topics/"):
        assert MEETING_TITLE not in client.get(url).content.decode()


@pytest.mark.parametrize(
    "username",
    [
        "fuzhuren_wenmi",  # an office leader who organises meetings and decides nothing here, not on this one
        "jiyao",  # section chief of the 机要科, cleared for 机密, may propose topics, not on it
        "changwu",  # executive deputy county head, cleared for 绝密, not on it
    ],
)
def test_no_trace_of_a_classified_meeting_for_office_people_not_on_it(client_as, office, secret_meeting, username):
    """Organising the office's meetings or proposing topics does not open a classified one: only the people on
    it who are cleared and pledged see it [17], [18], [31], [32]."""
    client = client_as(username)
    seeds = {url for url in _candidate_urls() if url.startswith("/meetings/")} | {"/"}
    must = _meeting_pages(secret_meeting)
    seen, leaks = _walk(client, seeds | must, limit=600, markers=MEETING_MARKERS, first=must)
    assert _meeting_pages(secret_meeting) <= seen, "the walk should reach the meetings pages"
    assert not leaks, leaks
    _assert_no_meeting_for(client, office[username], secret_meeting)


def test_the_walk_does_find_the_classified_meeting_for_those_on_it(client_as, secret_meeting):
    """The chair, the deputy on it and the clerk who organises it find its title, topic, decision and both
    materials by the same walk — so the tests above can fail [31], [32]."""
    seeds = {url for url in _candidate_urls() if url.startswith("/meetings/")}
    pk = secret_meeting.pk
    for username in ("zhuren", "fuzhuren", "shoufa"):
        _, leaks = _walk(client_as(username), seeds, limit=600, markers=MEETING_MARKERS)
        found = {url for url, _ in leaks}
        assert {f"/meetings/{pk}/", f"/meetings/{pk}/minutes/", "/meetings/decisions/"} <= found, (username, found)
        assert {f"/meetings/{pk}/materials/{m.pk}/" for m in secret_meeting.materials.all()} <= found, username


def test_the_walk_does_find_the_document_for_someone_on_it(client_as, secrets):
    """The same walk as the clerk (cleared, registered it) finds it — so the test above can fail. The registry is
    walked first: the clerk's chapters (督查 and 值班 too) have more pages than the budget."""
    document = f"/incoming/{secrets.pk}/"
    _, leaks = _walk(client_as("shoufa"), _candidate_urls(), limit=300, first={"/incoming/", document})
    assert {"/incoming/", document} <= {url for url, _ in leaks}


def test_the_walk_does_find_the_leave_request_for_the_person_and_the_approver(client_as, office, leave_request):
    """The person and their 分管 leader, walking the leave pages, find the reason and the sick note [54]."""
    seeds = {url for url in _candidate_urls() if url.startswith("/leave/")}
    markers = (LEAVE_REASON.encode(), b"LEAVE-NOTE-4411")
    for username in ("guikou1", leave_request.approver.username.removeprefix("t-")):
        _, leaks = _walk(client_as(username), seeds, limit=200, markers=markers)
        assert {url for url, _ in leaks} >= {f"/leave/{leave_request.pk}/", f"/leave/{leave_request.pk}/attachment/"}


def _information_pages(items) -> set[str]:
    """The 政务信息 pages and files [44]–[46]: the list (searched and filtered for the department), both items'
    pages, edits, comparisons and attachments, the week, the scores and the 通报, the 《政务信息》, the statistics and
    the register."""
    ours, other = items
    department = other.unit_id
    pages = {
        "/information/",
        "/information/lifecycle/",
        "/information/submit/",
        f"/information/?q={INFO_OTHER[:6]}",
        f"/information/?unit={department}",
        "/information/?state=adopted",
        "/information/week/",
        "/information/scores/",
        "/information/scores/ranking.pdf",
        "/information/scores/ranking.pdf?draft=1",
        "/information/publications/",
        "/information/statistics/",
        "/information/register.xlsx",
    }
    for item in (ours, other):
        pages |= {f"/information/{item.pk}/", f"/information/{item.pk}/edit/", f"/information/{item.pk}/compare/"}
        pages |= {f"/information/{item.pk}/files/{a.pk}/" for a in InformationAttachment.objects.filter(item=item)}
    for publication in Publication.objects.all():
        pages |= {f"/information/publications/{publication.pk}/", f"/information/publications/{publication.pk}/pdf"}
    return pages


def _disclosure_pages(records) -> set[str]:
    """The 政务公开 pages and files [35], [36]: the home page, both units' catalogues and the exempt entry, the
    inspection (it covers both units) and its PDF, both findings, the report form and the file, the findings
    filtered for the department, the assessments' reports and the statistics."""
    inspection, ours, other, exempt = records
    year = timezone.localdate().year
    pages = {
        "/disclosure/",
        "/disclosure/catalogues/",
        "/disclosure/inspections/",
        "/disclosure/findings/",
        f"/disclosure/findings/?unit={other.unit_id}",
        f"/disclosure/findings/?inspection={inspection.pk}",
        "/disclosure/assessments/",
        f"/disclosure/assessments/{year}/report.pdf",
        f"/disclosure/assessments/{year}/report.xlsx",
        "/disclosure/statistics/",
        f"/disclosure/catalogues/{ours.unit_id}/",
        f"/disclosure/catalogues/{other.unit_id}/",
        f"/disclosure/entries/{exempt.pk}/edit/",
        f"/disclosure/inspections/{inspection.pk}/",
        f"/disclosure/inspections/{inspection.pk}/findings.pdf",
    }
    for finding in (ours, other):
        pages |= {f"/disclosure/findings/{finding.pk}/", f"/disclosure/findings/{finding.pk}/report/"}
        pages |= {
            f"/disclosure/findings/{finding.pk}/files/{a.pk}/"
            for a in FindingAttachment.objects.filter(finding=finding)
        }
    return pages


def _chapter_seeds() -> set[str]:
    return {url for url in _candidate_urls() if url.startswith(("/information/", "/disclosure/"))} | {"/"}


@pytest.mark.parametrize("username", ["lianluo", "guikou1", "dazi"])
def test_no_trace_of_another_units_information_or_disclosure_for_a_contact_or_a_role_without_them(
    client_as, office, information_items, disclosure_records, username
):
    """The township's 联络员 sees their own unit's items and findings and nothing of the department's — its item's
    title, body and attachment [45]; its finding, rectification report and file; its catalogue's exempt entry
    [35], [36] — not in a list, a filter, the week, the scores, a 《政务信息》, a PDF or a workbook. Line staff and a
    typist, with no part in either chapter, see nothing of either."""
    client = client_as(username)
    must = _information_pages(information_items) | _disclosure_pages(disclosure_records)
    markers = (*INFORMATION_MARKERS, *DISCLOSURE_MARKERS)
    seen, leaks = _walk(client, _chapter_seeds() | must, limit=500, markers=markers, first=must)
    assert must <= seen, "the walk should reach the 政务信息 and 政务公开 pages"
    assert not leaks, leaks
    (_, other_item), (inspection, ours, other, exempt) = information_items, disclosure_records
    hidden = [
        f"/information/{other_item.pk}/",
        f"/information/{other_item.pk}/compare/",
        *[f"/information/{other_item.pk}/files/{a.pk}/" for a in other_item.attachments.all()],
        f"/disclosure/findings/{other.pk}/",
        *[f"/disclosure/findings/{other.pk}/files/{a.pk}/" for a in FindingAttachment.objects.filter(finding=other)],
    ]
    answers = {url: client.get(url).status_code for url in hidden}
    # Keeping a catalogue is the officer's: its entry's form is refused to everyone else [35].
    assert client.get(f"/disclosure/entries/{exempt.pk}/edit/").status_code == 403
    if username == "lianluo":
        assert set(answers.values()) == {404}, answers  # "not yours" is "missing" [45], [36]
        for url, text in (
            (f"/information/{information_items[0].pk}/", "测试乡信息丁"),
            (f"/disclosure/findings/{ours.pk}/", "测试乡公开目录缺项戊"),
            (f"/disclosure/inspections/{inspection.pk}/", "测试乡公开目录缺项戊"),
        ):
            response = client.get(url)
            assert response.status_code == 200 and text in response.content.decode(), url
    else:
        assert set(answers.values()) <= {403, 404}, answers
        assert client.get("/information/").status_code == 403
        assert client.get("/disclosure/").status_code == 403


def test_the_walk_does_find_another_units_information_and_disclosure_for_the_office(
    client_as, information_items, disclosure_records
):
    """The information officer finds the department's item by the same walk — its page, attachment, the week, the
    register and the 《政务信息》 — and the disclosure officer finds its finding, report file and exempt entry — so
    the test above can fail [35], [36], [44]–[46]."""
    _, other_item = information_items
    inspection, _, other, exempt = disclosure_records
    seeds = _chapter_seeds() - {"/"}
    _, leaks = _walk(
        client_as("xinxi"),
        {u for u in seeds if u.startswith("/information/")} | _information_pages(information_items),
        limit=300,
        markers=INFORMATION_MARKERS,
    )
    found = {url for url, _ in leaks}
    publication = Publication.objects.get()
    expected = {
        "/information/",
        f"/information/{other_item.pk}/",
        *[f"/information/{other_item.pk}/files/{a.pk}/" for a in other_item.attachments.all()],
        "/information/register.xlsx",
        f"/information/publications/{publication.pk}/",
        f"/information/publications/{publication.pk}/pdf",
    }
    assert expected <= found, expected - found
    _, leaks = _walk(
        client_as("gongkai"),
        {u for u in seeds if u.startswith("/disclosure/")} | _disclosure_pages(disclosure_records),
        limit=300,
        markers=DISCLOSURE_MARKERS,
    )
    found = {url for url, _ in leaks}
    expected = {
        "/disclosure/findings/",
        f"/disclosure/findings/{other.pk}/",
        *[f"/disclosure/findings/{other.pk}/files/{a.pk}/" for a in FindingAttachment.objects.filter(finding=other)],
        f"/disclosure/inspections/{inspection.pk}/",
        f"/disclosure/inspections/{inspection.pk}/findings.pdf",
        f"/disclosure/catalogues/{other.unit_id}/",
        f"/disclosure/entries/{exempt.pk}/edit/",
    }
    assert expected <= found, expected - found
