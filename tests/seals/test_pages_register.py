"""The 印章登记簿 pages [7]: who sees which seals, the clerk registers an own seal and 停用/恢复/缴销 it, bad input
and stale pages answered in Chinese, the list's queries flat as it grows."""

from __future__ import annotations

import pytest

from seals.models import Seal, SealState, Serves

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db

LIST_QUERIES = 30  # the session, the person and their roles, the page of seals (units and keepers joined), the
# waiting counts, the unit filter, and the top bar's badges (other chapters') — none per row


def test_clerk_sees_every_seal_and_the_waiting_counts_7(office, client_as):
    """[7] The clerk keeps the seals: the register lists the own seals and the units' seals, with the approved
    requests waiting to be stamped and the applications to have made."""
    own = f.county_seal(office)
    unit_seal = f.handed_over_application(office).seal
    f.approved_request(office, own)
    page = client_as("shoufa").get(fp.url("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-seal="{own.pk}"' in html and f'data-seal="{unit_seal.pk}"' in html
    assert 'data-tile="requests_to_use"><strong>1</strong>' in html
    assert "登记印章" in html


def test_staff_member_sees_the_register_to_ask_for_a_seal_7(office, client_as):
    """[7] Other office staff see which seals exist (to ask for one) but may not register one."""
    own = f.county_seal(office)
    page = client_as("guikou1").get(fp.url("home"))
    assert page.status_code == 200
    assert f'data-seal="{own.pk}"' in page.content.decode()
    assert "data-seal-new" not in page.content.decode()
    detail = client_as("guikou1").get(fp.url("seal", own.pk)).content.decode()
    assert "申请使用此印章" in detail and "data-state-form" not in detail


def test_contact_sees_only_their_units_seals_and_another_is_404_7(office, client_as):
    """[7] A 联络员 sees their own unit's seals only; an own seal or another unit's seal is a 404."""
    own = f.county_seal(office)
    theirs = f.handed_over_application(office).seal
    other = f.handed_over_application(office, unit="department", actor=f.CLERK, seal_name="测试县农牧局").seal
    client = client_as("lianluo")
    html = client.get(fp.url("home")).content.decode()
    assert f'data-seal="{theirs.pk}"' in html
    assert f'data-seal="{own.pk}"' not in html and f'data-seal="{other.pk}"' not in html
    assert "本单位印章" in html
    assert client.get(fp.url("seal", theirs.pk)).status_code == 200
    assert client.get(fp.url("seal", own.pk)).status_code == 404
    assert client.get(fp.url("seal", other.pk)).status_code == 404


@pytest.mark.parametrize("username", ["xianzhang", "fuxianzhang1"])
def test_county_leaders_are_not_in_the_chapter_7(office, client_as, username):
    """[7] The seals are the office's work: a county leader is refused with a Chinese reason."""
    page = client_as(username).get(fp.url("home"))
    assert page.status_code == 403
    assert "印信管理" in page.content.decode()


def test_clerk_registers_an_own_seal_7(office, client_as):
    """[7] The clerk registers the office's seal already in use; it is numbered 印〔2026〕N号 and in use."""
    client = client_as("shoufa")
    form = client.get(fp.url("seal_new"))
    assert form.status_code == 200
    page = client.post(
        fp.url("seal_new"),
        {
            "name": "杂多县人民政府办公室",
            "kind": "official",
            "serves": Serves.OFFICE,
            "keeper": office["shoufa"].pk,
            "made_on": "2016-05-04",
            "note": "",
        },
    )
    seal = Seal.objects.get(name="杂多县人民政府办公室")
    assert page.status_code == 302 and page.url == fp.url("seal", seal.pk)
    assert seal.state == SealState.IN_USE and seal.number.startswith("印〔2026〕")
    assert seal.keeper == office["shoufa"]


def test_registering_a_seal_with_bad_input_says_why_in_chinese_7(office, client_as):
    """[7] A seal without 印文, or a second seal for the same organ, comes back with the reason (400)."""
    f.county_seal(office)
    client = client_as("shoufa")
    empty = client.post(fp.url("seal_new"), {"name": "", "kind": "official", "made_on": "2016-05-04"})
    assert empty.status_code == 400
    assert "请修改以下内容后再提交" in empty.content.decode()
    second = client.post(
        fp.url("seal_new"),
        {"name": "杂多县人民政府", "kind": "official", "serves": Serves.COUNTY, "keeper": office["shoufa"].pk,
         "made_on": "2020-01-01"},
    )  # fmt: skip
    assert second.status_code == 400
    assert "已有在用的县政府印章" in second.content.decode()
    future = client.post(
        fp.url("seal_new"),
        {"name": "某专用章", "kind": "special", "keeper": office["shoufa"].pk, "made_on": "2030-01-01"},
    )
    assert future.status_code == 400 and "启用日期不能晚于今天" in future.content.decode()


def test_only_the_clerk_registers_seals_7(office, client_as):
    """[7] A staff member or a leader cannot open the registration form (403 with the reason)."""
    for username in ("guikou1", "zhuren"):
        page = client_as(username).get(fp.url("seal_new"))
        assert page.status_code == 403
        assert "收发秘书" in page.content.decode()


def test_clerk_suspends_and_resumes_a_seal_with_its_reason_7(office, client_as):
    """[7] 停用 with a reason, then 恢复; both in the seal's history."""
    seal = f.county_seal(office)
    client = client_as("shoufa")
    page = client.post(fp.url("seal_act", seal.pk, "suspend"), {"reason": "印面磨损，送修", "version": seal.version})
    assert page.status_code == 302
    seal.refresh_from_db()
    assert seal.state == SealState.SUSPENDED and seal.state_reason == "印面磨损，送修"
    client.post(fp.url("seal_act", seal.pk, "resume"), {"reason": "修复", "version": seal.version})
    seal.refresh_from_db()
    assert seal.state == SealState.IN_USE
    html = client.get(fp.url("seal", seal.pk)).content.decode()
    assert "印面磨损，送修" in html


def test_suspending_without_a_reason_is_a_400_in_chinese_7(office, client_as):
    """[7] The reason is required: a 400 saying so, nothing changed."""
    seal = f.county_seal(office)
    page = client_as("shoufa").post(fp.url("seal_act", seal.pk, "suspend"), {"reason": "", "version": seal.version})
    assert page.status_code == 400
    assert "请写明停用原因" in page.content.decode()
    seal.refresh_from_db()
    assert seal.state == SealState.IN_USE


def test_a_stale_seal_page_gets_a_409_7(office, client_as):
    """[7] Suspended by someone else after the page was loaded: 409 saying it was already handled."""
    seal = f.county_seal(office)
    seen = seal.version
    client = client_as("shoufa")
    client.post(fp.url("seal_act", seal.pk, "suspend"), {"reason": "送修", "version": seen})
    page = client.post(fp.url("seal_act", seal.pk, "surrender"), {"reason": "缴销", "version": seen})
    assert page.status_code == 409
    assert "已被" in page.content.decode()
    seal.refresh_from_db()
    assert seal.state == SealState.SUSPENDED


def test_a_staff_member_cannot_suspend_a_seal_7(office, client_as):
    """[7] Only the clerk changes a seal's state: 403 with the reason."""
    seal = f.county_seal(office)
    page = client_as("guikou1").post(fp.url("seal_act", seal.pk, "suspend"), {"reason": "x", "version": seal.version})
    assert page.status_code == 403
    seal.refresh_from_db()
    assert seal.state == SealState.IN_USE


def test_register_filters_and_bad_filters_7(office, client_as):
    """[7] The register filters by state, scope and 印文; a hand-edited filter is a 400 in Chinese."""
    own = f.county_seal(office)
    unit_seal = f.handed_over_application(office).seal
    client = client_as("zhuren")
    html = client.get(fp.url("home", query="scope=units")).content.decode()
    assert f'data-seal="{unit_seal.pk}"' in html and f'data-seal="{own.pk}"' not in html
    html = client.get(fp.url("home", query="q=人民政府&scope=own")).content.decode()
    assert f'data-seal="{own.pk}"' in html
    bad = client.get(fp.url("home", query="state=lost"))
    assert bad.status_code == 400 and "筛选条件不正确" in bad.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_register_queries_stay_flat_as_seals_grow_7(office, client_as, django_assert_max_num_queries, rows):
    """[7] The register's queries do not grow with its rows."""
    fp.own_seals(office, rows)
    client = client_as("shoufa")
    client.get(fp.url("home"))  # warm the session and the caches
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(fp.url("home"))
    assert page.content.decode().count("data-seal=") == rows


def test_a_units_seal_links_its_application_for_those_who_may_open_it_7(office, client_as):
    """[7] The seal's 刻制审批 is a link for the clerk and the unit's 联络员, plain text for a line staff member."""
    app = f.handed_over_application(office)
    link = f'href="{fp.url("application", app.pk)}"'
    assert link in client_as("shoufa").get(fp.url("seal", app.seal.pk)).content.decode()
    assert link in client_as("lianluo").get(fp.url("seal", app.seal.pk)).content.decode()
    html = client_as("guikou1").get(fp.url("seal", app.seal.pk)).content.decode()
    assert app.number in html and link not in html
