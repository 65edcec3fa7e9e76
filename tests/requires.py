"""What a test needs from the machine beyond Python: PostgreSQL, Redis, poppler, Chromium, docker-compose.

On a developer's machine a test whose service or tool is missing is skipped, with the reason. Under CI
(``CI`` set: .ci/run starts PostgreSQL and Redis and installs the tools) it fails instead, because there a
skip would only hide a broken set-up. ``ZADUO_REQUIRE_BROWSER`` makes Chromium and poppler obligatory too.

    pytestmark = [pytest.mark.django_db(transaction=True), requires.postgresql]

    @requires.poppler
    def test_pdf_has_a_cjk_font(): ...

tests/conftest.py applies the markers (``skip_missing`` at collection, ``check`` before each test); a fixture
that needs something calls ``requires.missing(...)`` itself, as the browser fixture does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

postgresql = pytest.mark.requires("postgresql")
redis = pytest.mark.requires("redis")
poppler = pytest.mark.requires("poppler")
chromium = pytest.mark.requires("chromium")
docker_compose = pytest.mark.requires("docker-compose")


def strict(what: str) -> bool:
    """True where ``what`` must be present: always under CI; the browser and poppler also on request."""
    if os.environ.get("CI"):
        return True
    return what in ("chromium", "poppler") and bool(os.environ.get("ZADUO_REQUIRE_BROWSER"))


def missing(what: str, reason: str) -> None:
    """Skip the running test — or fail it where ``what`` must be present."""
    if strict(what):
        pytest.fail(f"{reason}; CI sets this up, so the test must run here", pytrace=False)
    pytest.skip(reason)


def redis_url() -> str:
    """The Redis the worker tests use: REDIS_URL's server and database (they touch only keys of their own)."""
    return os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


_found: dict[str, str | None] = {}


def why_not(what: str) -> str | None:
    """None when ``what`` is available, else a sentence saying what is missing (looked up once a run)."""
    if what not in _found:
        _found[what] = _look_for(what)
    return _found[what]


def _look_for(what: str) -> str | None:
    if what == "postgresql":
        from django.db import connection

        if connection.vendor != "postgresql":
            return f"needs PostgreSQL (DATABASE_URL), this run uses {connection.vendor}"
    elif what == "redis":
        import redis as redis_client

        url = redis_url()
        try:
            redis_client.Redis.from_url(url, socket_connect_timeout=1).ping()
        except redis_client.exceptions.ConnectionError:
            return f"needs Redis, not reachable at {url}"
    elif what == "poppler":
        if not (shutil.which("pdffonts") and shutil.which("pdftotext")):
            return "needs poppler-utils (pdffonts, pdftotext)"
    elif what == "chromium":
        if not CHROMIUM.exists():
            return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    elif what == "docker-compose":
        if not shutil.which("docker-compose"):
            return "needs docker-compose (Debian package docker-compose)"
    else:
        raise ValueError(f"unknown requirement {what!r}: postgresql, redis, poppler, chromium or docker-compose")
    return None


def _missing_for(item: pytest.Item):
    for marker in item.iter_markers("requires"):
        for what in marker.args:
            reason = why_not(what)
            if reason:
                yield what, reason


def skip_missing(items: list[pytest.Item]) -> None:
    """At collection: a test needing what is missing here is marked skipped, unless it must run here."""
    for item in items:
        for what, reason in _missing_for(item):
            if not strict(what):
                item.add_marker(pytest.mark.skip(reason=reason))


def check(item: pytest.Item) -> None:
    """Before each test: where what it needs must be present (CI) and is not, the test fails."""
    for what, reason in _missing_for(item):
        missing(what, reason)
