"""Signing in and out, passwords, throttling, session length, and the sign-in wall on every page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from org.selectors import display_name
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "healthz", "admin:login", "admin:logout"}


def _plain_urls(resolver=None, prefix="", namespace=""):
    """Every URL of the site that takes no arguments, with its name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _plain_urls(pattern, prefix + route, f"{ns}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern):
            full = prefix + route
            if "<" in full or "(?P" in full or "^" in route[1:]:
                continue
            full = full.lstrip("^").rstrip("$").replace("\\", "")
            yield (namespace + (pattern.name or ""), "/" + full)


def test_anonymous_user_is_sent_to_sign_in_from_every_page(client):
    checked = 0
    for name, url in _plain_urls():
        if name in PUBLIC or name.split(":")[-1] in {"login", "logout"} or url.startswith("/static"):
            continue
        response = client.get(url)
        assert response.status_code == 302, (name, url, response.status_code)
        assert "/login/" in response["Location"], (name, url, response["Location"])
        checked += 1
    assert checked >= 6


def test_anonymous_user_is_sent_to_sign_in_from_pages_with_arguments(client):
    for url in [reverse("core:chapter", args=["incoming"])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sign_in_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "请登录" in text and "用户名" in text and "密码" in text
    assert 'lang="zh-Hans"' in text


def test_sign_in_with_the_password_lands_on_my_work(client, office):
    clerk = office["shoufa"]
    response = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "我的待办" in response.content.decode()
    assert display_name(clerk) in response.content.decode()


def test_wrong_password_says_so_in_chinese(client, office):
    response = client.post(reverse("login"), {"username": office["shoufa"].username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_sign_out_ends_the_session(client_as):
    client = client_as("shoufa")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_password_change(client_as, office):
    client = client_as("guikou1")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qinghai-Zaduo-88",
            "new_password2": "Qinghai-Zaduo-88",
        },
    )
    assert response.status_code == 302
    office["guikou1"].refresh_from_db()
    assert office["guikou1"].check_password("Qinghai-Zaduo-88")


def test_password_change_rejects_weak_password_in_chinese(client_as):
    client = client_as("guikou1")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert re.search("密码.*(常见|数字)", response.content.decode())


def test_repeated_failed_sign_ins_are_throttled_and_say_so(client, office):
    clerk = office["shoufa"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": clerk, "password": "wrong"})
    # Now even the right password is refused, plainly and in Chinese.
    response = client.post(reverse("login"), {"username": clerk, "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "登录已暂时锁定" in text and f"{settings.AXES_FAILURE_LIMIT} 次" in text


def test_throttling_is_per_account(client, office):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": office["shoufa"].username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": office["guikou1"].username, "password": PASSWORD})
    assert response.status_code == 302


def test_session_expires_after_a_working_day_of_inactivity(client_as):
    client = client_as("shoufa")
    response = client.get(reverse("core:home"))
    # Every request pushes the expiry one working day forward.
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 10 * 3600


def test_unknown_page_is_a_chinese_404(client_as):
    response = client_as("shoufa").get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
