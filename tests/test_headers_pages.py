"""Pages and headers (issue 12): an expired form and a GET on a form's address answer in Chinese, once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def test_an_expired_form_says_so_in_chinese_and_offers_to_reload(office):
    """Issue 12: a POST whose CSRF token no longer matches (a form opened before signing in again) is a 403
    page in Chinese that says nothing was saved and links back to the page holding the form — not Django's
    bare page asking to set DEBUG=True."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(office["shoufa"])
    form_page = "http://testserver" + reverse("records:destruction_lists")
    response = client.post(reverse("records:destruction_create"), {"title": "x"}, HTTP_REFERER=form_page)
    assert response.status_code == 403
    html = _html(response)
    assert "页面已过期" in html and "没有保存" in html
    assert f'href="{form_page}" data-reload' in html
    assert "DEBUG" not in html and "CSRF" not in html


def test_an_expired_sign_in_form_is_the_same_page_for_someone_signed_out():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "页面已过期" in _html(response)


def test_a_foreign_referer_is_not_offered_as_the_page_to_reload(office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office["shoufa"])
    response = client.post(reverse("records:destruction_create"), HTTP_REFERER="https://evil.example/form")
    assert "evil.example" not in _html(response)


@pytest.mark.parametrize(
    "url",
    [
        "/records/destruction/new/",  # @workflow_action (require_POST)
        "/notifications/read/",  # @require_POST
        "/accounts/logout/",  # Django's LogoutView: http_method_names without "get"
    ],
)
def test_a_get_on_a_post_only_address_is_a_chinese_405_page(client_as, url):
    """Issue 12: one mechanism (core.middleware.MethodNotAllowedMiddleware) for every POST-only view: the 405
    keeps its Allow header and says in Chinese that nothing changed, with the way back."""
    client = client_as("shoufa")
    response = client.get(url, HTTP_REFERER="http://testserver/records/destruction/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    html = _html(response)
    assert "请从页面上的按钮操作" in html and "什么也没有改变" in html
    assert 'href="http://testserver/records/destruction/"' in html


def test_the_health_check_keeps_its_own_405():
    response = Client().post("/healthz")
    assert response.status_code == 405
    assert "请从页面上的按钮操作" not in _html(response)
