"""Every page's fixed cost (issue 13): the session is written at most once every few minutes, not on every GET,
and the signed-in person's profile, roles and pledge [32] cost one query a request. The idle timeout stays: a
session ends a working day after the person's last refresh (tests/test_auth.py)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from core.middleware import SessionRefreshMiddleware

KEY = SessionRefreshMiddleware.KEY


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_a_page_soon_after_the_last_refresh_does_not_write_the_session(client_as, count_queries):
    client = client_as("shoufa")
    first = client.get(reverse("core:home"))
    assert settings.SESSION_COOKIE_NAME in first.cookies  # signed in just now: refreshed
    with count_queries() as queries:
        again = client.get(reverse("core:home"))
    assert _writes(queries) == []
    assert settings.SESSION_COOKIE_NAME not in again.cookies


def test_after_a_few_minutes_a_page_pushes_the_expiry_a_working_day_on(client_as, count_queries):
    client = client_as("shoufa")
    client.get(reverse("core:home"))
    session = client.session
    session[KEY] = int(time.time()) - settings.SESSION_REFRESH_EVERY - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=Session.objects.get(session_key=session.session_key).expire_date.replace(year=2099)
    )  # any expiry: the refresh rewrites it
    started = time.time()
    with count_queries() as queries:
        response = client.get(reverse("core:home"))
    assert _writes(queries)
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE
    expires = Session.objects.get(session_key=session.session_key).expire_date.timestamp()
    assert abs(expires - (started + settings.SESSION_COOKIE_AGE)) < 60


def test_signing_out_leaves_no_session_behind(client_as):
    client = client_as("shoufa")
    client.get(reverse("core:home"))
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("core:home")).status_code == 302  # to the sign-in page


def test_an_expired_session_is_signed_out(client_as):
    client = client_as("shoufa")
    client.get(reverse("core:home"))
    Session.objects.filter(session_key=client.session.session_key).update(expire_date="2000-01-01T00:00:00Z")
    assert client.get(reverse("core:home")).status_code == 302


def _about_the_person(queries, pk) -> list[str]:
    def about(sql: str) -> bool:
        return (
            f'FROM "org_profile" WHERE "org_profile"."user_id" = {pk}' in sql
            or (
                'FROM "auth_group" INNER JOIN "auth_user_groups"' in sql
                and f'"auth_user_groups"."user_id" = {pk}' in sql
            )
            or 'FROM "org_confidentialitypledge" WHERE' in sql
            or ('"pledged"' in sql and '"groups__name"' in sql)
        )

    return [q["sql"] for q in queries.captured_queries if about(q["sql"])]


def test_profile_roles_and_pledge_cost_one_query_a_request(client_as, office, count_queries):
    # The clerk handles classified papers, so every page checks the pledge banner [32] and their roles.
    client = client_as("shoufa")
    client.get(reverse("incoming:list"))
    with count_queries() as queries:
        html = client.get(reverse("incoming:list")).content.decode()
    assert len(_about_the_person(queries, office["shoufa"].pk)) == 1
    assert office["shoufa"].profile.full_name in html  # the frame still names them


def test_with_a_cache_they_cost_none_and_a_change_shows_on_the_next_page(client_as, office, count_queries, real_cache):
    from org.models import ConfidentialityPledge

    client = client_as("shoufa")
    client.get(reverse("incoming:list"))
    with count_queries() as queries:
        html = client.get(reverse("incoming:list")).content.decode()
    assert _about_the_person(queries, office["shoufa"].pk) == []
    permissions = ('INNER JOIN "auth_user_user_permissions"', 'INNER JOIN "auth_group_permissions"')
    assert not [q for q in queries.captured_queries if any(p in q["sql"] for p in permissions)]  # nor permissions
    assert "data-pledge-banner" not in html
    ConfidentialityPledge.objects.filter(user=office["shoufa"]).delete()  # as at the turn of the year [32]
    assert "data-pledge-banner" in client.get(reverse("incoming:list")).content.decode()
