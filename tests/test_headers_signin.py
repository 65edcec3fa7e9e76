"""Sign-in throttling per address across accounts (issue 12): guessing a few passwords against every account
from one desk is slowed, and no one can lock a colleague out from another desk."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DESK = "10.0.0.21"
COLLEAGUE_DESK = "10.0.0.35"


def _sign_in(client: Client, username: str, password: str, address: str = DESK):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _accounts(office) -> list[str]:
    return [office[key].username for key in ("shoufa", "guikou1", "guikou2", "kezhang", "zhuren", "xianzhang")]


def test_a_few_guesses_against_every_account_from_one_address_lock_that_address(office):
    """Issue 12: three guesses each against many accounts (never five on one) reach the per-address limit;
    then the address is refused for every account, the right password too, and the page says why."""
    client = Client()
    accounts = _accounts(office)
    guesses = 0
    while guesses < settings.AXES_ADDRESS_FAILURE_LIMIT:
        for username in accounts:
            if guesses == settings.AXES_ADDRESS_FAILURE_LIMIT:
                break
            expected = 429 if guesses == settings.AXES_ADDRESS_FAILURE_LIMIT - 1 else 200  # the last one locks
            assert _sign_in(client, username, f"guess-{guesses}").status_code == expected, guesses
            guesses += 1
    assert guesses // len(accounts) < settings.AXES_FAILURE_LIMIT  # no single account reached its own limit
    response = _sign_in(client, office["zhiban"].username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "本机登录失败次数过多" in html and "其他电脑不受影响" in html


def test_the_address_limit_leaves_a_colleague_at_another_desk_alone(office):
    client = Client()
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        _sign_in(client, _accounts(office)[i % 6], "wrong")
    assert _sign_in(client, office["shoufa"].username, PASSWORD).status_code == 429
    assert _sign_in(Client(), office["shoufa"].username, PASSWORD, COLLEAGUE_DESK).status_code == 302


def test_guessing_a_colleagues_password_locks_only_this_desk_for_that_account(office):
    """Five wrong passwords for the clerk typed at another desk do not stop the clerk at her own desk."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, office["shoufa"].username, "wrong", COLLEAGUE_DESK)
    assert _sign_in(client, office["shoufa"].username, PASSWORD, COLLEAGUE_DESK).status_code == 429
    assert _sign_in(Client(), office["shoufa"].username, PASSWORD, DESK).status_code == 302


def test_signing_in_with_one_account_does_not_clear_the_addresss_count(office):
    """An insider's own successful sign-in between rounds of guesses does not reset the address's failures."""
    client = Client()
    accounts = _accounts(office)[1:]
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        _sign_in(client, accounts[i % len(accounts)], "wrong")
    assert _sign_in(client, office["shoufa"].username, PASSWORD).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=DESK)
    _sign_in(client, accounts[0], "wrong")
    assert _sign_in(client, office["shoufa"].username, PASSWORD).status_code == 429


def test_a_person_who_mistypes_a_few_times_then_signs_in_is_not_held_back(office):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, office["shoufa"].username, "wrong")
    assert _sign_in(client, office["shoufa"].username, PASSWORD).status_code == 302
