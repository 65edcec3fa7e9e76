"""用印申请 pages [7]: a staff member asks, the office director or a deputy approves or returns, the applicant
withdraws; others' requests are a 404; bad input and stale pages answered in Chinese; the list's queries flat."""

from __future__ import annotations

import pytest

from seals.models import RequestState, SealRequest

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db

LIST_QUERIES = 30  # session, person, roles, the page (seal and people joined), the top bar's badges — none per row


def test_staff_member_submits_a_request_for_an_own_seal_7(office, client_as):
    """[7] Any office staff member asks to use a seal; the request waits for the director or a deputy."""
    seal = f.county_seal(office)
    client = client_as("guikou1")
    form = client.get(fp.url("request_new", query=f"seal={seal.pk}"))
    assert form.status_code == 200 and "杂多县人民政府" in form.content.decode()
    page = client.post(
        fp.url("request_new"),
        {
            "seal": seal.pk,
            "subject": "关于牧民草场补助的证明",
            "purpose": "certificate",
            "copies": 3,
            "reason": "群众办事",
        },
    )
    req = SealRequest.objects.get(subject="关于牧民草场补助的证明")
    assert page.status_code == 302 and page.url == fp.url("request", req.pk)
    assert req.state == RequestState.SUBMITTED and req.applicant == office["guikou1"] and req.copies == 3


def test_a_request_with_bad_input_comes_back_with_chinese_errors_7(office, client_as):
    """[7] No subject, zero copies: the form again (400) with what to fix; nothing is created."""
    seal = f.county_seal(office)
    page = client_as("guikou1").post(
        fp.url("request_new"), {"seal": seal.pk, "subject": "", "purpose": "letter", "copies": 0}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "请修改以下内容后再提交" in html and "份数" in html
    assert not SealRequest.objects.exists()


def test_a_suspended_seal_cannot_be_asked_for_7(office, client_as):
    """[7] Only seals in use are offered; a hand-made post for a suspended one is refused (400)."""
    seal = f.county_seal(office)
    from seals import services

    services.seal_suspend(actor=office["shoufa"], pk=seal.pk, reason="送修")
    page = client_as("guikou1").post(
        fp.url("request_new"), {"seal": seal.pk, "subject": "证明", "purpose": "certificate", "copies": 1}
    )
    assert page.status_code == 400
    assert not SealRequest.objects.exists()


def test_contact_and_county_leader_cannot_ask_for_a_seal_7(office, client_as):
    """[7] A request is the office staff's: a 联络员 is refused (403), a county leader is not in the chapter."""
    assert client_as("lianluo").get(fp.url("request_new")).status_code == 403
    assert client_as("xianzhang").get(fp.url("request_new")).status_code == 403


def test_staff_see_their_own_requests_only_and_anothers_is_404_7(office, client_as):
    """[7] A staff member sees their own requests; another's is a 404; the leaders and the clerk see all."""
    seal = f.county_seal(office)
    mine = f.request(office, seal, actor="guikou1")
    theirs = f.request(office, seal, actor="guikou2")
    client = client_as("guikou1")
    html = client.get(fp.url("requests")).content.decode()
    assert f'data-request="{mine.pk}"' in html and f'data-request="{theirs.pk}"' not in html
    assert client.get(fp.url("request", theirs.pk)).status_code == 404
    assert client.get(fp.url("request_pdf", theirs.pk)).status_code == 404
    for username in ("zhuren", "fuzhuren", "shoufa"):
        html = client_as(username).get(fp.url("requests")).content.decode()
        assert f'data-request="{mine.pk}"' in html and f'data-request="{theirs.pk}"' in html
    assert client_as("lianluo").get(fp.url("request", mine.pk)).status_code == 404
    assert client_as("lianluo").get(fp.url("requests")).status_code == 403


def test_a_deputy_director_approves_and_the_clerk_is_offered_the_use_7(office, client_as):
    """[7] The deputy approves on the request's page; the clerk then sees 登记用印 for it."""
    req = f.request(office)
    leader = client_as("fuzhuren")
    html = leader.get(fp.url("request", req.pk)).content.decode()
    assert "data-approve" in html
    page = leader.post(fp.url("request_act", req.pk, "approve"), {"comment": "同意", "version": req.version})
    assert page.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.APPROVED and req.decided_by == office["fuzhuren"]
    html = client_as("shoufa").get(fp.url("request", req.pk)).content.decode()
    assert f"?request={req.pk}" in html and "data-record-use" in html


def test_returning_a_request_needs_a_reason_7(office, client_as):
    """[7] 退回 without a reason is a 400 saying so; with one, the request is returned to the applicant."""
    req = f.request(office)
    client = client_as("zhuren")
    page = client.post(fp.url("request_act", req.pk, "return"), {"comment": "", "version": req.version})
    assert page.status_code == 400 and "须写明理由" in page.content.decode()
    client.post(fp.url("request_act", req.pk, "return"), {"comment": "请附文件", "version": req.version})
    req.refresh_from_db()
    assert req.state == RequestState.RETURNED


def test_staff_and_clerk_cannot_approve_7(office, client_as):
    """[7] Only the office director or a deputy decides: no buttons, a 403 for a hand-made post."""
    req = f.request(office)
    for username in ("guikou2", "shoufa"):
        client = client_as(username)
        if username == "shoufa":
            assert "data-approve" not in client.get(fp.url("request", req.pk)).content.decode()
        page = client.post(fp.url("request_act", req.pk, "approve"), {"version": req.version})
        assert page.status_code in (403, 404)
    req.refresh_from_db()
    assert req.state == RequestState.SUBMITTED


def test_a_leader_does_not_approve_their_own_request_7(office, client_as):
    """[7] A deputy who asked for a seal does not approve it: no button, 403."""
    req = f.request(office, actor="fuzhuren")
    client = client_as("fuzhuren")
    assert "data-approve" not in client.get(fp.url("request", req.pk)).content.decode()
    assert client.post(fp.url("request_act", req.pk, "approve"), {"version": req.version}).status_code == 403


def test_the_applicant_withdraws_a_waiting_request_7(office, client_as):
    """[7] The applicant withdraws their request while it waits."""
    req = f.request(office)
    client = client_as("guikou1")
    assert "data-withdraw" in client.get(fp.url("request", req.pk)).content.decode()
    client.post(fp.url("request_act", req.pk, "withdraw"), {"version": req.version})
    req.refresh_from_db()
    assert req.state == RequestState.WITHDRAWN


def test_a_stale_approval_gets_a_409_in_chinese_7(office, client_as):
    """[7] Two leaders on the same page: the second is told it was already handled (409), nothing changes."""
    req = f.request(office)
    seen = req.version
    client_as("zhuren").post(fp.url("request_act", req.pk, "return"), {"comment": "补材料", "version": seen})
    page = client_as("fuzhuren").post(fp.url("request_act", req.pk, "approve"), {"version": seen})
    assert page.status_code == 409
    assert "已被" in page.content.decode() and "请刷新页面" in page.content.decode()
    req.refresh_from_db()
    assert req.state == RequestState.RETURNED


def test_an_unknown_step_is_a_404_7(office, client_as):
    """[7] A hand-made step name is not a step."""
    req = f.request(office)
    assert client_as("zhuren").post(fp.url("request_act", req.pk, "stamp"), {}).status_code == 404


def test_a_bad_filter_is_a_400_7(office, client_as):
    """[7] A hand-edited state filter is a 400 in Chinese."""
    page = client_as("zhuren").get(fp.url("requests", query="state=burnt"))
    assert page.status_code == 400 and "筛选条件不正确" in page.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_request_list_queries_stay_flat_7(office, client_as, django_assert_max_num_queries, rows):
    """[7] The list of requests reads the same number of queries at 3 and 30 rows."""
    fp.requests(office, f.county_seal(office), rows)
    client = client_as("zhuren")
    client.get(fp.url("requests"))
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(fp.url("requests"))
    assert page.content.decode().count("data-request=") == rows


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to the test's own folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_paper_to_stamp_is_downloaded_only_through_its_request_7(office, client_as, media):
    """[7] The file uploaded with a request reaches the applicant, the deciding leader and the clerk — a 404 to
    another staff member."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import pdf

    seal = f.county_seal(office)
    upload = SimpleUploadedFile("证明.pdf", pdf(), content_type="application/pdf")
    page = client_as("guikou1").post(
        fp.url("request_new"),
        {"seal": seal.pk, "subject": "草场证明", "purpose": "certificate", "copies": 1, "file": upload},
    )
    assert page.status_code == 302
    req = SealRequest.objects.get(subject="草场证明")
    for username in ("guikou1", "zhuren", "shoufa"):
        download = client_as(username).get(fp.url("request_file", req.pk))
        assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_as("guikou2").get(fp.url("request_file", req.pk)).status_code == 404
    assert client_as("lianluo").get(fp.url("request_file", req.pk)).status_code == 404
