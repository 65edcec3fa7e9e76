"""Input that used to give a 500 (issue 12): control characters, a bad ``next``, unknown admin transitions.

Never a 500 for bad input: NUL and other control characters are stripped from every form and query by
``core.middleware.ControlCharactersMiddleware``; every ``next`` goes through ``org.redirects``; the admin knows
only the steps it offers (``core.admin_fsm``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from documents.outgoing.choices import State
from documents.outgoing.models import OutgoingDocument
from org.models import ConfidentialityPledge, Unit
from tests.outgoing.conftest import _media_in_tmp, draft, series, to_numbering  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


# --- control characters ---------------------------------------------------------------------------------------


def test_a_nul_byte_in_a_form_field_is_stripped_not_a_500(client_as):
    """Issue 12: ``ValueError: A string literal cannot contain NUL`` (PostgreSQL) from any text field."""
    client = client_as("admin")
    response = client.post(
        reverse("admin:org_unit_add"),
        {
            "name": "测试\x00牧\x07场",
            "short_name": "牧\x1b场",
            "kind": "township",
            "sort_order": "0",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(name="测试牧场")
    assert unit.short_name == "牧场"


def test_a_nul_byte_in_a_search_is_stripped(client_as):
    response = client_as("admin").get(reverse("admin:org_unit_changelist"), {"q": "测试\x00"})
    assert response.status_code == 200


def test_tabs_and_line_breaks_in_text_stay():
    from core.middleware import strip_control

    assert strip_control("第一行\r\n第二行\t完\x00") == "第一行\r\n第二行\t完"


# --- next -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["abc", "//evil.example/", "https://evil.example/", "javascript:alert(1)", ""])
def test_pledging_with_a_bad_next_goes_home(client_as, office, target):
    """[32] the pledge page: ``?next=abc`` was a NoReverseMatch (500); a foreign address must not be followed."""
    ConfidentialityPledge.objects.filter(user=office["guikou1"]).delete()
    url = reverse("org:confidentiality") + "?next=" + target
    response = client_as("guikou1").post(url, {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_pledging_returns_to_the_page_that_asked(client_as, office):
    ConfidentialityPledge.objects.filter(user=office["guikou1"]).delete()
    response = client_as("guikou1").post(reverse("org:confidentiality"), {"next": "/incoming/"})
    assert response["Location"] == "/incoming/"


def test_marking_read_with_a_bad_next_goes_to_the_notifications(client_as):
    response = client_as("guikou1").post(reverse("core:notifications_read"), {"next": "abc"})
    assert response.status_code == 302 and response["Location"] == reverse("core:notifications")


# --- admin transitions ------------------------------------------------------------------------------------------


def _staff(user, *codenames):
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="outgoing", codename__in=codenames))
    return user


@pytest.mark.parametrize("name", ["bogus", "__init__", "delete", "distribute", "save"])
def test_an_unknown_transition_posted_to_an_admin_change_page_is_a_404(client, office, draft, name):  # noqa: F811
    """Issue 12: an unknown name was an AttributeError (500); a step the admin does not offer is unknown too."""
    doc = to_numbering(draft())
    client.force_login(_staff(office["shoufa"], "view_outgoingdocument", "change_outgoingdocument"))
    response = client.post(
        reverse("admin:outgoing_outgoingdocument_change", args=[doc.pk]), {"_fsm_transition_to": name}
    )
    assert response.status_code == 404
    assert OutgoingDocument.objects.get(pk=doc.pk).state == State.NUMBERING


@pytest.mark.parametrize("name", ["bogus", "number", "__class__"])
def test_a_get_on_an_admin_transition_url_is_a_404(client_as, draft, name):  # noqa: F811
    """Issue 12: ``/admin/…/<id>/transition/<name>/`` was an AttributeError; our steps have no form page."""
    doc = to_numbering(draft())
    url = reverse("admin:outgoing_outgoingdocument_transition", args=[doc.pk, name])
    assert client_as("admin").get(url).status_code == 404


def test_a_transition_refused_in_this_state_is_named_in_chinese(client, office, draft):  # noqa: F811
    """Issue 12: "您无权执行'file_document'" — the refusal names the step by its label."""
    doc = draft()  # still drafting: 用印 is not possible yet
    client.force_login(_staff(office["shoufa"], "view_outgoingdocument", "change_outgoingdocument"))
    url = reverse("admin:outgoing_outgoingdocument_change", args=[doc.pk])
    page = client.post(url, {"_fsm_transition_to": "seal"}, follow=True).content.decode()
    assert "用印" in page and "“seal”" not in page


def test_a_staff_user_without_change_permission_is_offered_no_step(client, office, draft):  # noqa: F811
    """Issue 12: the typist with only the view permission saw "编号登记", which then answered 403 [30(5)]."""
    doc = to_numbering(draft())
    client.force_login(_staff(office["dazi"], "view_outgoingdocument"))
    page = client.get(reverse("admin:outgoing_outgoingdocument_change", args=[doc.pk])).content.decode()
    assert 'value="number"' not in page


def test_an_admin_bulk_action_on_an_id_that_is_no_id_is_a_400(client_as):
    """Issue 12 (the fuzz test found it): ``_selected_action=abc`` was a ValueError in every bulk action."""
    response = client_as("admin").post(
        reverse("admin:deadlines_reminder_changelist"), {"action": "resend_pending", "_selected_action": ["abc"]}
    )
    assert response.status_code == 400


def test_an_admin_form_with_a_person_that_is_no_id_is_shown_again_not_a_500(client_as, office):
    """Issue 12 (the fuzz test found it): the autocomplete widget looked up ``abc`` as an id when the form with
    its errors was shown again."""
    response = client_as("admin").post(
        reverse("admin:org_businessline_add"),
        {"name": "测试归口", "code": "t-x", "deputy_head": "abc", "deputy_director": "不存在", "staff": ["abc"]},
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()


HUGE_ID = "99999999999999999999"  # larger than any database integer


# As in production: no transaction around the request (a test's own one would be spoilt by the error).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("core:notifications_read", {"id": HUGE_ID}),
        ("admin:org_businessline_add", {"name": "测试归口", "code": "t-y", "deputy_head": HUGE_ID, "staff": [HUGE_ID]}),
    ],
)
def test_an_id_too_large_for_the_database_is_bad_input_not_a_500(client_as, name, data):
    """The fuzz test on SQLite (``make run``'s database) found OverflowError 500s in our forms and the admin's: a
    twenty-digit id is refused in Chinese, or shown again as the form's error — never a server error."""
    response = client_as("admin").post(reverse(name), data)
    assert response.status_code < 500
    if response.status_code == 400:
        assert "超出了允许的范围" in response.content.decode()


# --- a jump to a date no office paper has ----------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("shoufa", "/incoming/"),
        ("shoufa", "/outgoing/"),
        ("xinfang", "/petitions/"),
        ("zhuren", "/meetings/"),
    ],
)
def test_a_jump_to_year_9999_or_year_1_says_which_years_work(client_as, username, url, day):
    """A hand-typed ?date= whose next or previous day does not exist answered the generic "数字超出范围" page;
    now every list's jump to a date (core.pagination) and the meeting calendar name the years that work."""
    response = client_as(username).get(url, {"date": day})
    assert response.status_code == 400
    assert "1950年至2100年" in response.content.decode()
