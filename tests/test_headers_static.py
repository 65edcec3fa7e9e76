"""Static files in the default mode serve like production (issue 14).

The default way to run the app is `make run` (README's first command): its settings are the ones settings.py
makes under the Makefile's RUN_ENV (DJANGO_DEBUG=0). The issue measured unhashed names, ``max-age=60`` and no
compression there — the DEBUG-off storage was the plain one and WhiteNoise served the source folders. Here the
settings module is evaluated under that environment, collectstatic runs as `make run` runs it, and the pages and
files are fetched through the middleware: a hashed URL in the page, a year's immutable cache, Brotli and gzip.

Kept fast: the settings are evaluated in this process (no subprocess), and only the project's own stylesheets,
scripts and images are collected (not the admin's or the vendored chart library's ~900 files, 13 s of
compression) — the files the base template links on every page."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
YEAR = 365 * 24 * 3600


def _make_run_settings(monkeypatch) -> dict:
    """settings.py's values under `make run`'s environment (the Makefile's RUN_ENV, nothing else set)."""
    run_env = re.search(r"^RUN_ENV = (.*)$", MAKEFILE, re.MULTILINE).group(1)
    assert "DJANGO_DEBUG=0" in run_env.split()
    for name in ("DJANGO_PRODUCTION", "DJANGO_DEBUG", "STATIC_ROOT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "make-run-" + "k" * 50)
    return runpy.run_path(str(ROOT / "zaduo_office" / "settings.py"))


@pytest.fixture
def make_run_static(monkeypatch, tmp_path):
    """The app as `make run` serves it: its static settings, `collectstatic` into a static root of the test's."""
    made = _make_run_settings(monkeypatch)
    assert made["DEBUG"] is False
    with override_settings(
        DEBUG=False,
        STORAGES=made["STORAGES"],
        WHITENOISE_USE_FINDERS=made["WHITENOISE_USE_FINDERS"],
        WHITENOISE_AUTOREFRESH=made["WHITENOISE_AUTOREFRESH"],
        STATIC_ROOT=tmp_path / "static",
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["vendor"])
        yield Client()  # a new client: WhiteNoise reads its settings when the handler is built


def _linked(page: str, name: str) -> str:
    """The URL the page links for ``css/app.css``: ``/static/css/app.<12 hex digits>.css``."""
    stem, ext = name.rsplit(".", 1)
    found = re.search(rf'(?:href|src)="(/static/{stem}\.[0-9a-f]{{12}}\.{ext})"', page)
    assert found, re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    return found.group(1)


def _max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


def test_make_run_links_hashed_names_cached_for_a_year_and_served_compressed(make_run_static):
    client = make_run_static
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/static/css/app.css"' not in html  # never the plain name: a changed file gets a new URL
    stylesheet = _linked(html, "css/app.css")
    script = _linked(html, "js/app.js")
    _linked(html, "css/print.css")

    plain = client.get(stylesheet)
    assert plain.status_code == 200
    assert "immutable" in plain["Cache-Control"] and _max_age(plain) >= YEAR
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    size = int(plain["Content-Length"])

    brotli = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert brotli["Content-Encoding"] == "br" and int(brotli["Content-Length"]) < size / 2
    assert "immutable" in brotli["Cache-Control"]
    gzip = client.get(script, HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.status_code == 200 and gzip["Content-Encoding"] == "gzip"
    assert "immutable" in gzip["Cache-Control"] and _max_age(gzip) >= YEAR


def test_make_run_serves_the_collected_files_not_the_source_folders(make_run_static, tmp_path):
    """A file only in the source folder (not collected) is not served: what the page links is what was
    collected, hashed and compressed."""
    client = make_run_static
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 404  # left out of this collection
    assert (tmp_path / "static" / "staticfiles.json").exists()
