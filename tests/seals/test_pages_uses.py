"""用印登记簿 pages [7][30(5)]: the clerk records a use on an approved request — and cannot without one (the form
says why); a wrong entry is voided, never deleted; who sees which uses; filters; the list's queries flat."""

from __future__ import annotations

import pytest

from seals import services
from seals.models import RequestState, SealUse

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db

LIST_QUERIES = 30  # session, person, roles, the page (seal, request, outgoing, people joined), the seal filter, badges


def test_the_clerk_records_a_use_on_an_approved_request_7(office, client_as):
    """[7] Chosen from the approved requests, the use takes the request's seal, subject and copies."""
    req = f.approved_request(office)
    client = client_as("shoufa")
    form = client.get(fp.url("use_new", query=f"request={req.pk}")).content.decode()
    assert req.number in form and "data-no-request" not in form
    page = client.post(fp.url("use_new"), {"request": req.pk})
    assert page.status_code == 302 and page.url == fp.url("uses")
    use = SealUse.objects.get(request=req)
    assert use.seal_id == req.seal_id and use.copies == req.copies and use.stamped_by == office["shoufa"]
    assert use.approved_by == office["zhuren"]
    req.refresh_from_db()
    assert req.state == RequestState.USED
    html = client.get(fp.url("uses")).content.decode()
    assert f'data-use="{use.pk}"' in html and req.number in html


def test_without_an_approved_request_the_form_says_why_7(office, client_as):
    """[7] No approved request: the form says a use needs one first, and sending it anyway is a 400 that says so."""
    seal = f.county_seal(office)
    f.request(office, seal)  # waiting, not approved
    client = client_as("shoufa")
    html = client.get(fp.url("use_new")).content.decode()
    assert "data-no-request" in html and "须先经办公室主任或副主任批准" in html
    page = client.post(fp.url("use_new"), {"seal": seal.pk, "subject": "证明", "purpose": "certificate", "copies": 1})
    assert page.status_code == 400
    assert "没有已批准的用印申请，不能登记用印" in page.content.decode()
    assert not SealUse.objects.exists()


def test_a_waiting_request_cannot_be_stamped_by_a_hand_made_post_7(office, client_as):
    """[7] A request not approved is not among the choices: a post naming it is a 400, nothing recorded."""
    req = f.request(office)
    page = client_as("shoufa").post(fp.url("use_new"), {"request": req.pk})
    assert page.status_code == 400
    assert not SealUse.objects.exists()


def test_more_copies_than_approved_is_refused_7(office, client_as):
    """[7] The clerk stamps no more copies than the leader approved."""
    req = f.approved_request(office, copies=2)
    page = client_as("shoufa").post(fp.url("use_new"), {"request": req.pk, "copies": 5})
    assert page.status_code == 400
    assert "超过批准的份数" in page.content.decode()


def test_only_the_clerk_records_uses_7(office, client_as):
    """[7] The clerk keeps and stamps the seals: a leader or staff member opening 登记用印 gets 403."""
    for username in ("zhuren", "guikou1"):
        page = client_as(username).get(fp.url("use_new"))
        assert page.status_code == 403 and "收发秘书" in page.content.decode()


def test_a_wrong_entry_is_voided_with_a_reason_not_deleted_7(office, client_as):
    """[7] 作废 keeps the row, struck through, with who and why; a void without a reason is a 400."""
    use = f.use(office)
    client = client_as("shoufa")
    assert client.post(fp.url("use_void", use.pk), {"reason": ""}).status_code == 400
    page = client.post(fp.url("use_void", use.pk), {"reason": "份数登记错误"})
    assert page.status_code == 302
    use.refresh_from_db()
    assert use.voided_at is not None and use.void_reason == "份数登记错误"
    assert f'data-use="{use.pk}"' not in client.get(fp.url("uses")).content.decode()
    html = client.get(fp.url("uses", query="voided=on")).content.decode()
    assert f'data-use="{use.pk}"' in html and "份数登记错误" in html


def test_who_sees_which_uses_7(office, client_as):
    """[7] The leaders and the clerk see every use; a staff member the uses of their own requests; a 联络员 is told
    the register is the office's (403)."""
    seal = f.county_seal(office)
    mine = f.use(office, seal, actor="guikou1")
    theirs = f.use(office, seal, actor="guikou2")
    for username in ("zhuren", "fuzhuren", "shoufa"):
        html = client_as(username).get(fp.url("uses")).content.decode()
        assert f'data-use="{mine.pk}"' in html and f'data-use="{theirs.pk}"' in html
    html = client_as("guikou1").get(fp.url("uses")).content.decode()
    assert f'data-use="{mine.pk}"' in html and f'data-use="{theirs.pk}"' not in html
    page = client_as("lianluo").get(fp.url("uses"))
    assert page.status_code == 403 and "由县政府办公室办理" in page.content.decode()
    assert client_as("guikou1").post(fp.url("use_void", theirs.pk), {"reason": "x"}).status_code == 404


def test_filters_by_seal_month_and_purpose_and_a_bad_month_is_400_7(office, client_as):
    """[7] The register filters by seal, month and purpose; a month typed wrong is a 400 in Chinese."""
    county = f.county_seal(office)
    office_seal = f.office_seal(office)
    a = f.use(office, county)
    b = f.use(office, office_seal)
    client = client_as("shoufa")
    html = client.get(fp.url("uses", query=f"seal={county.pk}")).content.decode()
    assert f'data-use="{a.pk}"' in html and f'data-use="{b.pk}"' not in html
    html = client.get(fp.url("uses", query="month=2026-11&purpose=letter")).content.decode()
    assert f'data-use="{a.pk}"' in html and f'data-use="{b.pk}"' in html
    html = client.get(fp.url("uses", query="month=2026-10")).content.decode()
    assert "data-use=" not in html
    bad = client.get(fp.url("uses", query="month=2026-13"))
    assert bad.status_code == 400 and "筛选条件不正确" in bad.content.decode()


def test_a_suspended_seal_stamps_nothing_7(office, client_as):
    """[7] The seal was suspended after the approval: the use is refused with the reason."""
    req = f.approved_request(office)
    services.seal_suspend(actor=office["shoufa"], pk=req.seal_id, reason="送修")
    page = client_as("shoufa").post(fp.url("use_new"), {"request": req.pk})
    assert page.status_code == 400
    assert not SealUse.objects.exists()


@pytest.mark.parametrize("rows", [3, 30])
def test_use_register_queries_stay_flat_7(office, client_as, django_assert_max_num_queries, rows):
    """[7] The 用印登记簿 reads the same number of queries at 3 and 30 rows."""
    fp.uses(office, f.county_seal(office), rows)
    client = client_as("shoufa")
    client.get(fp.url("uses"))
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(fp.url("uses"))
    assert page.content.decode().count("data-use=") == rows


def test_an_outgoing_document_at_its_sealing_step_may_be_recorded_by_hand_30_5(office, client_as):
    """[7][30(5)] A document waiting at 用印 is offered on the form; recorded with the chosen seal, 发文, its 印数."""
    seal = f.county_seal(office)
    doc = f.outgoing_at_sealing(office)
    client = client_as("shoufa")
    html = client.get(fp.url("use_new")).content.decode()
    assert f'value="{doc.pk}"' in html
    missing_seal = client.post(fp.url("use_new"), {"outgoing": doc.pk})
    assert missing_seal.status_code == 400 and "发文用印须选择印章" in missing_seal.content.decode()
    page = client.post(fp.url("use_new"), {"outgoing": doc.pk, "seal": seal.pk})
    assert page.status_code == 302
    use = SealUse.objects.get(outgoing=doc)
    assert use.seal == seal and use.purpose == "outgoing" and use.copies == 30 and use.request is None
    again = client.post(fp.url("use_new"), {"outgoing": doc.pk, "seal": seal.pk})
    assert again.status_code == 400 and "该发文已登记用印" in again.content.decode()


def test_a_request_and_a_document_together_are_refused_7(office, client_as):
    """[7][30(5)] One ground per entry: a request and a document at once is a 400 saying so."""
    req = f.approved_request(office)
    doc = f.outgoing_at_sealing(office)
    page = client_as("shoufa").post(fp.url("use_new"), {"request": req.pk, "outgoing": doc.pk, "seal": req.seal_id})
    assert page.status_code == 400 and "只能依据一份用印申请或一份发文" in page.content.decode()
    assert not SealUse.objects.exists()


def test_a_lapsed_approval_is_not_offered_and_its_page_says_so_7(office, client_as, clock):
    """[7] An approval not stamped within its days lapses: the form no longer offers it, the page tells why."""
    from datetime import timedelta

    req = f.approved_request(office)
    clock.shift(timedelta(days=services.REQUEST_EXPIRES_DAYS + 1))
    client = client_as("shoufa")
    assert f'value="{req.pk}"' not in client.get(fp.url("use_new")).content.decode()
    html = client.get(fp.url("request", req.pk)).content.decode()
    assert "失效，请重新申请" in html and "data-record-use" not in html
    page = client.post(fp.url("use_new"), {"request": req.pk})
    assert page.status_code == 400
    assert not SealUse.objects.exists()


def test_the_register_pages_through_every_use_with_its_filters_kept_7(office, client_as, monkeypatch):
    """[7] Paged (here two a page): every use is reached, the filters ride along, a page past the end shows the last."""
    monkeypatch.setattr("seals.views.uses.PAGE_SIZE", 2)
    seal = f.county_seal(office)
    made = fp.uses(office, seal, 3)
    client = client_as("shoufa")
    first = client.get(fp.url("uses", query=f"seal={seal.pk}")).content.decode()
    assert first.count("data-use=") == 2 and f"seal={seal.pk}&amp;page=2" in first and "共 3 条" in first
    second = client.get(fp.url("uses", query=f"seal={seal.pk}&page=2")).content.decode()
    assert second.count("data-use=") == 1
    seen = {u.pk for u in made if f'data-use="{u.pk}"' in first + second}
    assert seen == {u.pk for u in made}
    assert client.get(fp.url("uses", query="page=99")).content.decode().count("data-use=") == 1


def test_the_month_filter_counts_office_time_7(office, client_as):
    """[7] A use stamped at 00:30 on 1 November (office time) is November's, not October's."""
    from datetime import datetime

    from django.utils import timezone

    req = f.approved_request(office)
    use = services.use_record(
        actor=office["shoufa"],
        data=services.UseData(
            seal_id=req.seal_id, request_id=req.pk, used_at=timezone.make_aware(datetime(2026, 11, 1, 0, 30))
        ),
    )
    client = client_as("shoufa")
    assert f'data-use="{use.pk}"' in client.get(fp.url("uses", query="month=2026-11")).content.decode()
    assert f'data-use="{use.pk}"' not in client.get(fp.url("uses", query="month=2026-10")).content.decode()
