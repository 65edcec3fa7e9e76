"""Shared fixtures: the test office (tests/factories.py), signed-in clients per role, query counting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.records.defaults import ensure_default_schedule
from org.models import ConfidentialityPledge
from tests import requires
from tests.factories import TestOffice, build_test_office
from tests.smtp import hanging_smtp, smtp_on, smtp_sink  # noqa: F401 - mail servers of the test's own
from zaduo_office.celery import app as celery_app


def pytest_collection_modifyitems(items):
    requires.skip_missing(items)  # @requires.postgresql and the like: skipped where missing…


def pytest_runtest_setup(item):
    requires.check(item)  # …and failed where they must be present (CI)


@pytest.fixture(autouse=True)
def _fast_and_eager(settings):
    # Hashing with PBKDF2 would dominate the suite; tasks run in-process unless a test starts a worker.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No cache unless a test asks for one (``real_cache``): the badges' cached counts (core/workqueue.py) would
    # make a page's query count depend on whether the page before it was the first since a write.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    celery_app.conf.task_always_eager = True
    yield


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the whole run, whichever directory a browser test is in."""
    from tests.browser.conftest import chromium_session

    yield from chromium_session()


@pytest.fixture
def office(db) -> TestOffice:
    """The test office — not the demo's: people by key (``office["shoufa"]`` is its registry clerk), units and
    lines beside them (tests/factories.py); each person has pledged this year's confidentiality rules [32]
    (tests of the pledge itself take it back)."""
    users = build_test_office()
    ensure_default_schedule()  # data-migration rows are gone after a transactional test's flush
    year = timezone.localdate().year
    ConfidentialityPledge.objects.bulk_create(
        [ConfidentialityPledge(user=u, year=year) for u in users.values()], ignore_conflicts=True
    )
    return users


@pytest.fixture
def client_as(client, office):
    """``client_as("shoufa")`` gives a test client signed in as that person of the test office."""

    def sign_in(username: str):
        client.force_login(office[username])
        return client

    return sign_in


@pytest.fixture
def real_cache(settings):
    """A process-local cache of the test's own, as Redis is in production (the badges' counts are cached)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def count_queries():
    """``with count_queries() as ctx: ...; len(ctx)`` — and the SQL is at hand when a count is wrong."""

    def make():
        return CaptureQueriesContext(connection)

    return make


@pytest.fixture(autouse=True)
def _celery_may_wait_for_results():
    """An embedded Celery worker of an earlier test (``celery.contrib.testing.worker``) sets the process-wide "never
    wait for a result here" flag from its own thread when its pool starts, which under load can come after
    ``start_worker`` cleared it: a later test's ``.get()`` then fails with "Never call result.get() within a task!".
    No test runs inside a task, so each starts with the flag cleared."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
