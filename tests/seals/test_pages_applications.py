"""刻制印章 pages [7]: a unit's 联络员 applies for their own unit (never another), the office director approves,
returns for correction or refuses, the clerk records it made and hands it over — the seal then in the register,
in use; another unit's application is a 404; bad input and stale pages answered in Chinese; flat lists."""

from __future__ import annotations

import pytest

from seals.models import ApplicationState, SealApplication, SealState

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db

LIST_QUERIES = 30  # session, person, roles, the page (unit, people, seal joined), the unit filter, badges


def _apply(client, unit_id, **extra):
    data = {
        "unit": unit_id,
        "seal_name": "杂多县测试乡人民政府",
        "kind": "official",
        "reason": "new",
        "explanation": "新设机构",
    }
    return client.post(fp.url("application_new"), {**data, **extra})


def test_a_contact_applies_for_their_own_unit_7(office, client_as):
    """[7] The 联络员's form offers their own unit only; the application waits for the director."""
    client = client_as("lianluo")
    form = client.get(fp.url("application_new")).content.decode()
    assert "测试乡人民政府" in form and "测试县农牧局" not in form
    page = _apply(client, office.units["township"].pk)
    app = SealApplication.objects.get()
    assert page.status_code == 302 and page.url == fp.url("application", app.pk)
    assert app.state == ApplicationState.SUBMITTED and app.unit == office.units["township"]


def test_a_contact_cannot_apply_for_another_unit_7(office, client_as):
    """[7] A post naming another unit is a 400 (not one of the choices); nothing is created."""
    page = _apply(client_as("lianluo"), office.units["department"].pk)
    assert page.status_code == 400
    assert not SealApplication.objects.exists()


def test_an_application_with_bad_input_says_why_7(office, client_as):
    """[7] No 印文, a renamed seal without an explanation: 400 with the reasons in Chinese."""
    page = _apply(client_as("lianluo"), office.units["township"].pk, seal_name="", reason="renamed", explanation="")
    assert page.status_code == 400
    html = page.content.decode()
    assert "请修改以下内容后再提交" in html
    page = _apply(client_as("lianluo"), office.units["township"].pk, reason="renamed", explanation="")
    assert page.status_code == 400 and "请写明情况说明" in page.content.decode()


def test_the_clerk_enters_a_paper_application_for_any_unit_7(office, client_as):
    """[7] The clerk may enter a unit's paper application, for any unit the office makes seals for."""
    page = _apply(client_as("shoufa"), office.units["department"].pk, seal_name="测试县农牧局")
    assert page.status_code == 302
    assert SealApplication.objects.get().applicant == office["shoufa"]


def test_staff_and_leaders_do_not_apply_7(office, client_as):
    """[7] A line staff member or the director cannot open the form (403 with the reason)."""
    for username in ("guikou1", "zhuren"):
        assert client_as(username).get(fp.url("application_new")).status_code == 403


def test_another_units_application_is_404_to_a_contact_7(office, client_as):
    """[7] A 联络员 sees their own unit's applications only: the list leaves others out, their pages are 404."""
    ours = f.application(office)
    other_contact = fp.department_contact(office)
    theirs = f.application(office, unit="department", actor=f.CLERK, seal_name="测试县农牧局")
    client = client_as("lianluo")
    html = client.get(fp.url("applications")).content.decode()
    assert f'data-application="{ours.pk}"' in html and f'data-application="{theirs.pk}"' not in html
    for name in ("application", "application_pdf"):
        assert client.get(fp.url(name, theirs.pk)).status_code == 404
    client.force_login(other_contact)
    assert client.get(fp.url("application", ours.pk)).status_code == 404
    assert client.get(fp.url("application", theirs.pk)).status_code == 200
    assert client_as("guikou1").get(fp.url("application", ours.pk)).status_code == 404


def test_director_approves_and_the_clerk_makes_and_hands_over_the_seal_7(office, client_as):
    """[7] 批准 → 登记刻制 → 登记交接: the seal is in the register, in use, kept by the unit's receiver."""
    app = f.application(office)
    director = client_as("zhuren")
    assert "data-approve" in director.get(fp.url("application", app.pk)).content.decode()
    director.post(fp.url("application_act", app.pk, "approve"), {"comment": "同意", "version": app.version})
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED
    clerk = client_as("shoufa")
    html = clerk.get(fp.url("application", app.pk)).content.decode()
    assert "data-made-form" in html and "data-handover-form" not in html
    clerk.post(
        fp.url("application_made", app.pk), {"made_on": "2026-11-10", "maker": "杂多县刻章社", "version": app.version}
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.MADE
    page = clerk.post(
        fp.url("application_hand_over", app.pk),
        {"handed_on": "2026-11-10", "received_by_name": "才仁多杰", "received_by_phone": "13909761234",
         "version": app.version},
    )  # fmt: skip
    assert page.status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.HANDED_OVER
    assert app.seal.state == SealState.IN_USE and app.seal.unit == office.units["township"]
    html = client_as("lianluo").get(fp.url("home")).content.decode()
    assert f'data-seal="{app.seal.pk}"' in html


def test_a_deputy_does_not_decide_an_application_7(office, client_as):
    """[7] The office director decides a new seal, not a deputy: no buttons, 403."""
    app = f.application(office)
    client = client_as("fuzhuren")
    assert "data-approve" not in client.get(fp.url("application", app.pk)).content.decode()
    assert client.post(fp.url("application_act", app.pk, "approve"), {"version": app.version}).status_code == 403


def test_refusing_or_returning_needs_a_reason_7(office, client_as):
    """[7] 不予批准 or 退回补正 without a reason is a 400; returned, the contact corrects and resubmits it."""
    app = f.application(office)
    director = client_as("zhuren")
    for step in ("reject", "return"):
        page = director.post(fp.url("application_act", app.pk, step), {"comment": "", "version": app.version})
        assert page.status_code == 400 and "须写明理由" in page.content.decode()
    director.post(fp.url("application_act", app.pk, "return"), {"comment": "请附编委批文", "version": app.version})
    app.refresh_from_db()
    assert app.state == ApplicationState.RETURNED
    contact = client_as("lianluo")
    html = contact.get(fp.url("application", app.pk)).content.decode()
    assert "请附编委批文" in html and "data-resubmit" in html
    form = contact.get(fp.url("application_resubmit", app.pk))
    assert form.status_code == 200 and app.seal_name in form.content.decode()
    page = contact.post(
        fp.url("application_resubmit", app.pk),
        {"unit": app.unit_id, "seal_name": app.seal_name, "kind": "official", "reason": "renamed",
         "explanation": "已附批文", "version": app.version},
    )  # fmt: skip
    assert page.status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED and app.explanation == "已附批文"


def test_a_withdrawn_application_cannot_be_resubmitted_7(office, client_as):
    """[7] Corrected on a page loaded before the contact withdrew it elsewhere: refused with the reason (403)."""
    app = f.application(office)
    client_as("zhuren").post(fp.url("application_act", app.pk, "return"), {"comment": "补", "version": app.version})
    app.refresh_from_db()
    seen = app.version
    contact = client_as("lianluo")
    contact.post(fp.url("application_act", app.pk, "withdraw"), {"version": seen})
    page = contact.post(
        fp.url("application_resubmit", app.pk),
        {"unit": app.unit_id, "seal_name": "x", "kind": "official", "reason": "new", "version": seen},
    )
    assert page.status_code == 403 and "只有退回补正的申请" in page.content.decode()
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN


def test_a_stale_decision_is_a_409_7(office, client_as):
    """[7] The contact withdrew the application after the director loaded it: 409, nothing decided."""
    app = f.application(office)
    seen = app.version
    client_as("lianluo").post(fp.url("application_act", app.pk, "withdraw"), {"version": seen})
    page = client_as("zhuren").post(fp.url("application_act", app.pk, "approve"), {"version": seen})
    assert page.status_code == 409 and "已被" in page.content.decode()
    app.refresh_from_db()
    assert app.state == ApplicationState.WITHDRAWN


def test_bad_made_and_handover_forms_come_back_with_their_errors_7(office, client_as):
    """[7] A made date in the future, a handover without the receiver: the step's form again (400), in Chinese."""
    app = f.approved_application(office)
    clerk = client_as("shoufa")
    page = clerk.post(
        fp.url("application_made", app.pk), {"made_on": "2027-01-01", "maker": "x", "version": app.version}
    )
    assert page.status_code == 400 and "刻制日期不能晚于今天" in page.content.decode()
    made = f.made_application(office, seal_name="测试乡专用章")
    page = clerk.post(
        fp.url("application_hand_over", made.pk),
        {"handed_on": "2026-11-10", "received_by_name": "", "received_by_phone": "abc", "version": made.version},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "领取人" in html and "请填写正确的电话号码" in html
    made.refresh_from_db()
    assert made.state == ApplicationState.MADE


def test_only_the_clerk_records_making_and_handover_7(office, client_as):
    """[7] The director or a contact cannot record the making (403)."""
    app = f.approved_application(office)
    for username in ("zhuren", "lianluo"):
        page = client_as(username).post(
            fp.url("application_made", app.pk), {"made_on": "2026-11-10", "maker": "x", "version": app.version}
        )
        assert page.status_code == 403
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED


@pytest.mark.parametrize("rows", [3, 30])
def test_application_list_queries_stay_flat_7(office, client_as, django_assert_max_num_queries, rows):
    """[7] The applications list reads the same number of queries at 3 and 30 rows."""
    fp.applications(office, rows)
    client = client_as("zhuren")
    client.get(fp.url("applications"))
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(fp.url("applications"))
    assert page.content.decode().count("data-application=") == rows


def test_the_basis_file_is_downloaded_only_through_its_application_7(office, client_as, settings, tmp_path):
    """[7] The 批准文件 uploaded by the town's 联络员 reaches them, the director and the clerk; another unit's
    联络员 and a line staff member get a 404."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("编委批复.pdf", pdf(), content_type="application/pdf")
    page = _apply(client_as("lianluo"), office.units["township"].pk, basis_file=upload)
    assert page.status_code == 302
    app = SealApplication.objects.get()
    assert "批准文件" in client_as("zhuren").get(fp.url("application", app.pk)).content.decode()
    for username in ("lianluo", "zhuren", "shoufa"):
        download = client_as(username).get(fp.url("application_basis", app.pk))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_as("guikou1").get(fp.url("application_basis", app.pk)).status_code == 404
    client = client_as("lianluo")
    client.force_login(fp.department_contact(office))
    assert client.get(fp.url("application_basis", app.pk)).status_code == 404
