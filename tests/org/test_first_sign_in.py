"""First sign-in: an account made with a one-time password is held on 修改密码 until its owner chooses their own."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from org.demo import build_demo_office
from org.models import Profile
from org.office_import import office_import
from org.roles import Role
from tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db
User = get_user_model()

NEW_PASSWORD = "Ziji-de-Mima-88"


@pytest.fixture
def newcomer(db):
    """A line staff member whose account still has the password the office import gave them."""
    user = person(Role.LINE_STAFF, username="xin-ren")
    Profile.objects.filter(user=user).update(must_change_password=True)
    return user


def sign_in(client, user, password=PASSWORD):
    response = client.post(reverse("login"), {"username": user.username, "password": password}, follow=True)
    assert response.status_code == 200
    return response


def test_a_newcomer_lands_on_change_password_after_sign_in(client, newcomer):
    response = sign_in(client, newcomer)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert "这是您第一次登录" in response.content.decode()


@pytest.mark.parametrize("url_name", ["core:home", "core:notifications", "org:confidentiality", "admin:index"])
def test_every_other_page_sends_the_newcomer_back_to_change_password(client, newcomer, url_name):
    client.force_login(newcomer)
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")


def test_a_newcomer_may_still_sign_out(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("login"))


def test_after_changing_the_password_the_newcomer_can_use_the_app(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert not Profile.objects.get(user=newcomer).must_change_password
    response = client.get(reverse("core:home"))  # the session survives the change
    assert response.status_code == 200 and "我的待办" in response.content.decode()
    client.post(reverse("logout"))
    assert sign_in(client, newcomer, NEW_PASSWORD).redirect_chain[-1][0] == reverse("core:home")


def test_a_rejected_new_password_keeps_the_restriction(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200  # the form again, with its Chinese errors
    assert Profile.objects.get(user=newcomer).must_change_password
    assert client.get(reverse("core:home")).status_code == 302


def test_people_without_the_flag_are_not_held(client_as):
    assert client_as("shoufa").get(reverse("core:home")).status_code == 200


def test_demo_accounts_are_not_forced_to_change_their_password(db):
    build_demo_office()
    assert not Profile.objects.filter(must_change_password=True).exists()


def test_an_imported_person_changes_the_initial_password_then_uses_the_app(client):
    from .test_office_import import office_workbook

    report = office_import(data=office_workbook())
    initial = next(p for p in report.initial_passwords if p.username == "dz-shoufa")
    clerk = User.objects.get(username="dz-shoufa")

    response = sign_in(client, clerk, initial.password)
    assert response.redirect_chain[-1][0] == reverse("password_change")
    assert client.get(reverse("core:home")).status_code == 302
    response = client.post(
        reverse("password_change"),
        {"old_password": initial.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    response = client.get(reverse("core:home"))
    assert response.status_code == 200 and "求吉拉姆" in response.content.decode()
