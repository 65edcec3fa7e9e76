"""Walk the site as people who must not see issue 22's records, and find no trace of them [4]–[7], [9], [13].

The same walk as test_site_walk.py (every page reached by links, the new chapters' URL patterns tried with the ids
of every record made, a PDF's text and a workbook's cells read), over the six 综合事务 chapters:

- 印信 [7]: the department's 刻制印章申请 (its 印文 and explanation) — not the township's 联络员's;
- 行政复议与应诉 [13]: a private party's name, ID number and phone — 法制科's only, masked for everyone else;
- 协调事项 [9]: a matter between two departments is not the township's; a matter the township is party to shows
  it the matter but not the office's proposal before the leader has decided;
- 调研与文字综合 [4], [5]: a draft's text is its drafters', reviewers' and leaders' only;
- 公务接待 [6]: the visitors of a reception are 综合科's and the receiving leader's, not another deputy head's;
- 规范性文件 [13]: a document registered and not yet published (待公布) is the register's readers' only.

Each "no trace" test has a twin in which the person who should see the record finds it by the same walk, so the
"no trace" test can fail. The clock is pinned on a working Tuesday so the factories' dates are ahead of it.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from coordination import services as coordination
from coordination.models import TalkKind
from legal.models import CaseKind
from normative.models import NormativeDocument
from reception import services as reception
from research import services as research
from research.models import Version

from ..coordination import factories as coordination_factories
from ..legal import factories as legal_factories
from ..normative import factories as normative_factories
from ..reception import factories as reception_factories
from ..research import factories as research_factories
from ..seals import factories as seals_factories
from .test_site_walk import _patterns, _walk

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 9, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a working Tuesday, no holiday this week
LIMIT = 300  # pages per walk: the chapters' pages come first, the rest of the site after them

SEAL_NAME = "杂多县农牧和科技局草原监理专用章庚"
SEAL_EXPLANATION = "原草原监理站印章磨损严重庚，印文不清，申请重新刻制。"
SEAL_MARKERS = (SEAL_NAME.encode(), SEAL_EXPLANATION.encode())

PARTY = "旦增尼玛辛"
PARTY_ID = "632722197705230418"
PARTY_PHONE = "13997651234"
LEGAL_MARKERS = (PARTY.encode(), PARTY_ID.encode(), PARTY_PHONE.encode())

OTHER_MATTER = "农牧局与县林草局草场权属争议壬"
OTHER_PROPOSAL = "建议由县林草局牵头重新勘界壬，农牧局配合提供确权资料。"
OUR_MATTER = "测试乡与农牧局饮水工程管护责任壬"
OUR_PROPOSAL = "建议饮水工程由测试乡统一管护壬，农牧局三年内承担维修资金。"
OTHER_MATTER_MARKERS = (OTHER_MATTER.encode(), OTHER_PROPOSAL.encode())

DRAFT_TITLE = "县长在全县草原防火工作会议上的讲话癸"
DRAFT_TEXT = "同志们：今天召开全县草原防火工作会议癸，主要任务是部署今冬明春防火工作。"
RESEARCH_MARKERS = (DRAFT_TITLE.encode(), DRAFT_TEXT.encode())

VISITORS = ("洛桑嘉措子", "德吉央宗子", "周海涛子")
RECEPTION_MARKERS = tuple(name.encode() for name in VISITORS)

NORMATIVE_TITLE = "杂多县冬虫夏草采挖秩序管理暂行办法丑"
NORMATIVE_MARKERS = (NORMATIVE_TITLE.encode(), "杂政〔2026〕77号".encode())

CHAPTERS = ("seals", "normative", "legal", "coordination", "research", "reception")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the records ------------------------------------------------------------------------------------------------


@pytest.fixture
def seal_applications(office):
    """The department's 刻制印章申请 (a paper application entered by the clerk) with a distinctive 印文 and
    explanation, and the township's own, by its 联络员 [7]."""
    from seals.models import ApplicationReason

    ours = seals_factories.application(office)
    other = seals_factories.application(
        office,
        unit="department",
        actor="shoufa",
        seal_name=SEAL_NAME,
        reason=ApplicationReason.DAMAGED,
        explanation=SEAL_EXPLANATION,
    )
    seals_factories.seal(office)
    return ours, other


@pytest.fixture
def legal_case(office):
    """A 行政复议 about the township's act, by a private person with a name, an ID number and a phone [13]."""
    return legal_factories.case(
        office,
        kind=CaseKind.RECONSIDERATION,
        number="杂政复〔2026〕31号",
        party_name=PARTY,
        party_id_number=PARTY_ID,
        party_phone=PARTY_PHONE,
        received_on=timezone.localdate(),
    )


@pytest.fixture
def matters(office):
    """Two matters put to the 分管副县长 and not decided: one between two departments (农牧局, 县直单位), one between
    the township and the department [9]."""

    def proposed(title, parties, requested_by, proposal):
        data = coordination_factories.data(
            office,
            title=title,
            parties=parties,
            requested_by=office.units[requested_by],
        )
        matter = coordination.matter_register(actor=office["guikou2"], data=data)
        coordination.talk_record(
            actor=office["guikou2"],
            pk=matter.pk,
            held_on=timezone.localdate(),
            kind=TalkKind.MEETING,
            attendees="办公室副主任，各方负责人",
            content="各方介绍情况，同意由办公室提出处理意见。",
        )
        return coordination.matter_propose(actor=office["guikou2"], pk=matter.pk, proposal=proposal)

    ours = proposed(OUR_MATTER, ("township", "department"), "township", OUR_PROPOSAL)
    other = proposed(OTHER_MATTER, ("department", "county_unit"), "department", OTHER_PROPOSAL)
    return ours, other


@pytest.fixture
def drafting_task(office):
    """A speech drafted by guikou2 (with guikou3) for the county head, its text version sent to 副主任 for review —
    guikou1 is on none of it [5]."""
    task = research_factories.draft(
        office, title=DRAFT_TITLE, lead="guikou2", members=["guikou3"], reviewers=("fuzhuren",)
    )
    research.add_version(actor=office["guikou2"], pk=task.pk, body=DRAFT_TEXT, note="初稿")
    return research.submit_draft(actor=office["guikou2"], pk=task.pk)


@pytest.fixture
def reception_request(office):
    """A reception of three from the prefecture, received by 副县长 fuxianzhang1, registered by 综合科 and approved
    by the office [6]."""
    obj = reception_factories.submitted(
        office,
        visitor_count=3,
        accompany_count=2,
        visitors="\n".join(f"{name} 科员" for name in VISITORS),
        receiving_leader=office["fuxianzhang1"],
    )
    return reception.approve_request(actor=office["fuzhuren_wenmi"], pk=obj.pk)


@pytest.fixture
def pending_normative(office):
    """A document registered by 法制科 and not published (待公布), beside one published and in force [13]."""
    normative_factories.in_force_document(office)
    return normative_factories.registered(office, title=NORMATIVE_TITLE, doc_number="杂政〔2026〕77号")


# --- the walk's seeds -------------------------------------------------------------------------------------------

WORDS = {
    "action": ["approve", "decide", "submit", "return", "cancel", "publish"],
    "slug": ["duties"],
    "key": ["research", "research-drafting", "document", "cleanup"],
    "kind": ["research", "drafting"],
    "number": [1, 2],
}


def _ids(label: str) -> list[int]:
    """The ids of every record of a chapter (twenty a model at most): one list for every id in its URLs."""
    ids: set[int] = set()
    for model in apps.get_app_config(label).get_models():
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
            ids.update(model._default_manager.order_by("pk").values_list("pk", flat=True)[:20])
    return sorted(ids)


def _chapter_urls(label: str) -> set[str]:
    """Every URL pattern of one chapter filled with the ids of its records; its admin pages; a search for each
    marker's first characters is added by the tests."""
    ids = _ids(label)
    urls = set()
    for raw in _patterns():
        if not raw.startswith(f"{label}/"):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", raw)
        filled = ["/" + raw]
        for name in names:
            values = WORDS.get(name, ids)
            filled = [re.sub(r"<(?:\w+:)?" + name + ">", str(v), url, count=1) for url in filled for v in values]
        urls.update(filled)
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label != label:
            continue
        urls.add(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for pk in model._default_manager.values_list("pk", flat=True)[:20]:
            urls.add(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
    return urls


def _seeds(label: str, *searches: str) -> set[str]:
    """A chapter's pages, searched for the record's words, with the pages every person starts from."""
    found = {f"/{label}/?q={word}" for word in searches}
    return _chapter_urls(label) | found | {"/", "/group/duties/", "/notifications/", "/deadlines/"}


def _no_trace(client, label: str, must: set[str], markers, *searches: str) -> set[str]:
    seen, leaks = _walk(client, _seeds(label, *searches) | must, limit=LIMIT, markers=markers, first=must)
    assert must <= seen, ("the walk should reach the chapter's pages", must - seen)
    assert not leaks, leaks
    return seen


def _found(client, label: str, markers, *searches: str) -> set[str]:
    _, leaks = _walk(client, _seeds(label, *searches), limit=LIMIT, markers=markers)
    return {url for url, _ in leaks}


def _statuses(client, urls) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


# --- 印信 [7] ---------------------------------------------------------------------------------------------------


def _application_pages(application) -> set[str]:
    pk = application.pk
    return {
        f"/seals/applications/{pk}/",
        f"/seals/applications/{pk}/form.pdf",
        f"/seals/applications/{pk}/resubmit/",
        f"/seals/applications/{pk}/basis/",
    }


def test_seals_7_no_trace_of_the_departments_seal_application_for_the_townships_contact(client_as, seal_applications):
    """[7] A 联络员 sees their own unit's seals and applications only: the department's new-seal application — its
    印文 and explanation — is nowhere for the township's 联络员 (lists, the register, its form, PDFs, Excel,
    admin), and its pages are a 404; their own application is theirs."""
    ours, other = seal_applications
    client = client_as("lianluo")
    must = {"/seals/", "/seals/applications/", "/seals/register.xlsx", *_application_pages(other)}
    _no_trace(client, "seals", must, SEAL_MARKERS, "草原监理")
    assert set(_statuses(client, _application_pages(other)).values()) == {404}
    own = client.get(f"/seals/applications/{ours.pk}/")
    assert own.status_code == 200 and "杂多县测试乡人民政府" in own.content.decode()


def test_seals_7_the_walk_does_find_the_departments_application_for_the_office(client_as, seal_applications):
    """[7] The 收发秘书, who keeps the seals, finds the department's application by the same walk — its page, its
    刻制印章审批表 — so the test above can fail."""
    _, other = seal_applications
    found = _found(client_as("shoufa"), "seals", SEAL_MARKERS)
    assert {"/seals/applications/", f"/seals/applications/{other.pk}/"} <= found, found
    assert f"/seals/applications/{other.pk}/form.pdf" in found, found


# --- 行政复议与应诉 [13] --------------------------------------------------------------------------------------------


def _case_pages(case) -> set[str]:
    return {
        "/legal/",
        "/legal/cases.xlsx",
        f"/legal/cases/{case.pk}/",
        f"/legal/cases/{case.pk}/sheet.pdf",
        "/legal/?state=all",
    }


@pytest.mark.parametrize(
    "username",
    [
        "xianzhang",  # 县长: sees every case, the party masked
        "zhuren",  # 办公室主任: the same
        "lianluo",  # the township's 联络员: the case about their unit's act, masked
        "guikou1",  # office line staff: no case at all
        "admin",  # superuser: the admin too, masked
    ],
)
def test_legal_13_no_trace_of_a_private_partys_name_id_or_phone_outside_the_legal_section(
    client_as, legal_case, username
):
    """[13] A private party's name, ID number and phone are read in clear by 法制科 only: county leaders, the
    office's leaders, the unit's 联络员, line staff and the superuser find none of them — not in the list, a
    search, the case's page, its sheet PDF, the Excel, a reminder or the admin."""
    client = client_as(username)
    must = {"/legal/", *_admin_pages("legal")}
    if username in ("xianzhang", "zhuren", "lianluo"):
        must |= _case_pages(legal_case)
    _no_trace(client, "legal", must, LEGAL_MARKERS, PARTY[:2], PARTY_ID[:6], PARTY_PHONE[:3])
    number = "杂政复〔2026〕31号"
    if username == "guikou1":
        assert client.get(f"/legal/cases/{legal_case.pk}/").status_code == 404
    elif username == "admin":  # the maintainer reads the case in the admin only, masked [13]
        assert client.get(f"/legal/cases/{legal_case.pk}/").status_code in (403, 404)
        page = client.get(reverse("admin:legal_case_change", args=[legal_case.pk]))
        assert page.status_code == 200 and number in page.content.decode()
    else:  # the case itself is theirs, its party masked; searching the party's name finds nothing [13]
        page = client.get(f"/legal/cases/{legal_case.pk}/")
        assert page.status_code == 200 and number in page.content.decode()
        assert number in client.get("/legal/?state=all").content.decode()
        assert number not in client.get(f"/legal/?state=all&q={PARTY}").content.decode()


def _admin_pages(label: str) -> set[str]:
    return {
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
        if m._meta.app_label == label
    }


def test_legal_13_the_walk_does_find_the_party_for_the_legal_section(client_as, legal_case):
    """[13] 法制科 finds the party's name on the list, the case's page and its sheet by the same walk — so the
    test above can fail."""
    found = _found(client_as("fazhi"), "legal", (PARTY.encode(),))
    assert {"/legal/", f"/legal/cases/{legal_case.pk}/", f"/legal/cases/{legal_case.pk}/sheet.pdf"} <= found, found


# --- 协调事项 [9] -------------------------------------------------------------------------------------------------


def _matter_pages(matter) -> set[str]:
    return {f"/coordination/{matter.pk}/", f"/coordination/{matter.pk}/form.pdf"}


def test_coordination_9_a_contact_sees_no_other_matter_and_no_proposal_before_the_decision(client_as, matters):
    """[9] The township's 联络员 finds no trace of a matter between two departments (its title or the office's
    proposal); the matter their township is party to they see — but not the office's proposal to the leader (on
    the page, the 呈批单 PDF, the register or the history) while the leader has not decided."""
    ours, other = matters
    client = client_as("lianluo")
    must = {"/coordination/", "/coordination/register.xlsx", *_matter_pages(ours), *_matter_pages(other)}
    _no_trace(client, "coordination", must, (*OTHER_MATTER_MARKERS, OUR_PROPOSAL.encode()), "草场权属", "饮水")
    assert set(_statuses(client, _matter_pages(other)).values()) == {404}
    page = client.get(f"/coordination/{ours.pk}/")
    assert page.status_code == 200 and OUR_MATTER in page.content.decode()
    assert OUR_MATTER in client.get("/coordination/").content.decode()


def test_coordination_9_the_walk_does_find_both_matters_and_proposals_for_the_office(client_as, matters):
    """[9] The office's section chief finds the departments' matter and the proposal on the township's matter by
    the same walk, and reads both proposals — so the test above can fail."""
    ours, other = matters
    client = client_as("kezhang")
    found = _found(client, "coordination", (OTHER_MATTER.encode(), OUR_PROPOSAL.encode()))
    assert {"/coordination/", f"/coordination/{other.pk}/", f"/coordination/{ours.pk}/"} <= found, found
    assert OTHER_PROPOSAL in client.get(f"/coordination/{other.pk}/").content.decode()


def test_coordination_9_the_contact_reads_the_proposal_once_the_leader_has_decided(client_as, matters):
    """[9] The proposal is held back only until the leader decides: then the township's 联络员 reads it with the
    decision on their matter's page; the departments' matter stays a 404."""
    ours, other = matters
    coordination.matter_decide(actor=ours.leader, pk=ours.pk, decision="同意办公室意见壬。")
    client = client_as("lianluo")
    page = client.get(f"/coordination/{ours.pk}/").content.decode()
    assert OUR_PROPOSAL in page and "同意办公室意见壬。" in page
    assert client.get(f"/coordination/{other.pk}/").status_code == 404


# --- 调研与文字综合 [4], [5] ---------------------------------------------------------------------------------------


def _task_pages(task) -> set[str]:
    pk = task.pk
    numbers = Version.objects.filter(task=task).values_list("number", flat=True)
    return {
        "/research/",
        "/research/export.xlsx",
        f"/research/{pk}/",
        f"/research/{pk}/diff/",
        f"/research/{pk}/pdf/",
        *{f"/research/{pk}/v/{n}/" for n in numbers},
    }


@pytest.mark.parametrize("username", ["guikou1", "lianluo"])
def test_research_4_5_no_trace_of_a_draft_for_people_not_on_it(client_as, drafting_task, username):
    """[4][5] A draft is seen by its drafters, reviewers, the asking leader and the office's leaders: line staff
    not on it and a unit's 联络员 find neither its title nor its text anywhere, and its pages are a 404 (the
    chapter itself a 403 or 404 for the 联络员)."""
    client = client_as(username)
    _no_trace(client, "research", _task_pages(drafting_task), RESEARCH_MARKERS, "草原防火")
    hidden = _task_pages(drafting_task) - {"/research/", "/research/export.xlsx"}
    assert set(_statuses(client, hidden).values()) <= {403, 404}


def test_research_4_5_the_walk_does_find_the_draft_for_its_drafter(client_as, drafting_task):
    """[5] The lead drafter finds the title and the text of the version by the same walk — so the test above can
    fail."""
    found = _found(client_as("guikou2"), "research", RESEARCH_MARKERS)
    assert {"/research/", f"/research/{drafting_task.pk}/", f"/research/{drafting_task.pk}/v/1/"} <= found, found


# --- 公务接待 [6] -------------------------------------------------------------------------------------------------


def _reception_pages(obj) -> set[str]:
    pk = obj.pk
    return {
        "/reception/",
        "/reception/ledger.xlsx",
        f"/reception/{pk}/",
        f"/reception/{pk}/edit/",
        f"/reception/{pk}/schedule.pdf",
        f"/reception/{pk}/record.pdf",
        f"/reception/{pk}/letter",
    }


@pytest.mark.parametrize("username", ["fuxianzhang2", "lianluo"])
def test_reception_6_no_trace_of_the_visitors_for_another_leader_or_a_contact(client_as, reception_request, username):
    """[6] A county leader sees the receptions they receive: another deputy head, and a unit's 联络员, find no
    visitor's name — not in the list, the ledger, the reception's page, its schedule PDF or a reminder."""
    client = client_as(username)
    _no_trace(client, "reception", _reception_pages(reception_request), RECEPTION_MARKERS, VISITORS[0][:2])
    hidden = _reception_pages(reception_request) - {"/reception/", "/reception/ledger.xlsx"}
    assert set(_statuses(client, hidden).values()) <= {403, 404}


def test_reception_6_the_walk_does_find_the_visitors_for_the_general_section(client_as, reception_request):
    """[6] 综合科's chief, who handles receptions, finds the visitors on the reception's page by the same walk — so
    the test above can fail (the list and the ledger name the visiting unit, not the visitors)."""
    found = _found(client_as("kezhang"), "reception", RECEPTION_MARKERS)
    assert f"/reception/{reception_request.pk}/" in found, found


# --- 规范性文件 [13] ----------------------------------------------------------------------------------------------


def _normative_pages(document) -> set[str]:
    pk = document.pk
    return {
        "/normative/",
        "/normative/in-force/",
        "/normative/in-force.xlsx",
        "/normative/in-force.pdf",
        "/normative/register.xlsx",
        f"/normative/{pk}/",
        f"/normative/{pk}/edit/",
        f"/normative/{pk}/interpretations/new/",
    }


@pytest.mark.parametrize("username", ["lianluo", "guikou1"])
def test_normative_13_no_trace_of_an_unpublished_document_outside_the_register(client_as, pending_normative, username):
    """[13] 未经公布不得施行: a document still 待公布 is the register's readers' (法制科, the office's and the county
    leaders) only; a unit's 联络员 and office line staff find neither its title nor its number anywhere, while
    the published one is theirs."""
    client = client_as(username)
    _no_trace(client, "normative", _normative_pages(pending_normative), NORMATIVE_MARKERS, "冬虫夏草")
    assert client.get(f"/normative/{pending_normative.pk}/").status_code == 404
    published = NormativeDocument.objects.exclude(pk=pending_normative.pk).get()
    page = client.get(f"/normative/{published.pk}/")
    assert page.status_code == 200 and published.title in page.content.decode()


def test_normative_13_the_walk_does_find_the_unpublished_document_for_the_legal_section(client_as, pending_normative):
    """[13] 法制科 finds the 待公布 document in the register and on its page by the same walk — so the test above
    can fail."""
    found = _found(client_as("fazhi"), "normative", NORMATIVE_MARKERS)
    assert {"/normative/", f"/normative/{pending_normative.pk}/"} <= found, found


def test_the_seeds_cover_every_chapter_of_issue_22(seal_applications, legal_case):
    """The walk's seeds hold every chapter's list and its 综合事务 page: a chapter's pages are never left unwalked
    because no link led to them [4]–[7], [9], [13]."""
    for label in CHAPTERS:
        seeds = _seeds(label)
        assert f"/{label}/" in seeds and "/group/duties/" in seeds, label
    assert any(url.startswith("/seals/applications/") and url.endswith("/form.pdf") for url in _seeds("seals"))
    assert any(url.startswith("/legal/cases/") and url.endswith("/sheet.pdf") for url in _seeds("legal"))
