"""Shared set-up for the benchmark scripts: a dedicated database, Django, and a timer for pages.

Numbers are server time in-process (Django's test client), median and p95, plus the query count —
the same method as ../shared/PERFORMANCE.md, so the two can be compared.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import types
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_bench"


def setup_django(database_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zaduo_office.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    plain_static()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def plain_static() -> None:
    """Static URLs without the collected manifest: with debug off (as measured) the site uses the hashed-name
    storage, which needs ``collectstatic`` first; a benchmark measures pages, not static files."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING UTF8 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
            )
    admin.close()


def measure(client, url: str, repeat: int = 30) -> dict:
    """Median and p95 server time of ``url`` and the queries one request makes."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # As under the test runner: keep the connection and its query log across requests.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    response = client.get(url)  # warm up
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: the captured slice is computed from the live query log
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, int(len(times) * 0.95) - 1)],
        "queries": query_count,
    }


def report(rows: list[tuple[str, dict]]) -> None:
    print(f"{'median ms':>10}  {'p95 ms':>8}  {'queries':>7}  page")
    for name, r in rows:
        print(f"{r['median_ms']:>10.1f}  {r['p95_ms']:>8.1f}  {r['queries']:>7}  {name}")


def create_marked_database(url: str, mark: str) -> None:
    """Create a benchmark's own database, marked with ``mark``; stop at a database it did not create, because
    the benchmark empties its tables (never flush what is not ours)."""
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
        if not row:
            cursor.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING UTF8 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
            )
            cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [mark])
    admin.close()
    if row and row[0] != mark:
        raise SystemExit(
            f"{name} was not created by this benchmark, and its tables would be emptied. Give --database-url a "
            "database name that does not exist yet (it will be created), or drop this one first."
        )


# --- shared by the benchmarks that fill with COPY and time selectors and pages --------------------------------


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def timed(function, runs: int) -> tuple[float, float, int]:
    """Median and p95 ms of ``function()`` and the queries one call makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm up
    with CaptureQueriesContext(connection) as captured:
        function()
    queries = len(captured)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], queries


def page(client, url: str):
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    return get


TABLE = """{% extends "base.html" %}{% block title %}基准{% endblock %}{% block content %}
<table>{% for row in rows %}<tr><td>{{ row.0 }}</td><td>{{ row.1 }}</td><td>{{ row.2 }}</td><td>{{ row.3 }}</td>
<td>{{ row.4 }}</td><td>{{ row.5 }}</td><td>{{ row.6 }}</td><td>{{ row.7 }}</td></tr>{% endfor %}</table>
{% endblock %}"""


def install_reference_pages() -> None:
    """A bare page and a constant 50-row table in the site's layout, next to the site's own URLs."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import include, path

    template = engines["django"].from_string(TABLE)
    rows = [
        (i, "索南卓玛", "综合科", "事假", "2026年12月01日上午", "2026年12月02日下午", "1.5天", "已批准")
        for i in range(50)
    ]

    def bare(request):
        return HttpResponse("ok")

    def table(request):
        return HttpResponse(template.render({"rows": rows, "title": "基准"}, request))

    module = types.ModuleType("bench_reference_urls")
    module.urlpatterns = [
        path("bench/bare/", bare),
        path("bench/table/", table),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules["bench_reference_urls"] = module
    settings.ROOT_URLCONF = "bench_reference_urls"
    from django.urls import clear_url_caches

    clear_url_caches()


def office_and_staff(count: int, prefix: str, *, keep=lambda user: True) -> list:
    """The demo office's people ``keep`` accepts, and line staff named ``<prefix>NNNN`` up to ``count``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from org.demo import build_demo_office
    from org.models import Profile, Section
    from org.roles import Role, sync_role_groups

    User = get_user_model()
    office = build_demo_office()
    users = [u for name, u in office.items() if name != "admin" and keep(u)]
    missing = count - len(users) - User.objects.filter(username__startswith=prefix).count()
    if missing > 0:
        groups = sync_role_groups()
        sections = list(Section.objects.exclude(code__in=["leadership", "office_leadership"]).order_by("sort_order"))
        password = make_password(None)
        first = User.objects.filter(username__startswith=prefix).count()
        new = User.objects.bulk_create(
            [User(username=f"{prefix}{first + i:04d}", password=password) for i in range(missing)]
        )
        surnames, given = "王李张刘陈杨赵黄周吴马孙", ["才让", "卓玛", "扎西", "拉毛", "多杰", "央金", "建华", "秀英"]
        Profile.objects.bulk_create(
            [
                Profile(
                    user=u,
                    full_name=f"{surnames[i % len(surnames)]}{given[(i // len(surnames)) % len(given)]}{i % 97}",
                    section=sections[i % len(sections)],
                    sort_order=100 + i,
                    work_started_on=date(1990 + i % 33, 1 + i % 12, 1),
                )
                for i, u in enumerate(new, start=first)
            ]
        )
        Through = User.groups.through
        Through.objects.bulk_create([Through(user_id=u.pk, group_id=groups[Role.LINE_STAFF].pk) for u in new])
    staff = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    return (users + staff)[:count]


def time_pages(anchor, pages, runs: int, *, slow=lambda url: False) -> list:
    """Time the two anchors (a bare signed-in page and a constant 50-row template, as ``anchor``) and each
    ``(user, label, url)`` of ``pages`` with a signed-in client per user; a page that fails is said and skipped."""
    from django.test import Client

    clients = {}

    def client_for(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    rows = [
        ("page bare HttpResponse (signed in)", timed(page(client_for(anchor), "/bench/bare/"), runs)),
        ("page constant 50-row template", timed(page(client_for(anchor), "/bench/table/"), runs)),
    ]
    for user, label, url in pages:
        try:
            rows.append(
                (f"{label} {url}", timed(page(client_for(user), url), max(5, runs // 3) if slow(url) else runs))
            )
        except Exception as error:  # a page still being built: say so, measure the rest
            print(f"skipped {url}: {type(error).__name__}: {str(error)[:120]}")
    return rows


def print_rows(rows) -> None:
    print(f"{'median ms':>10}  {'p95 ms':>8}  {'queries':>7}  what")
    for label, (median, p95, queries) in rows:
        print(f"{median:>10.1f}  {p95:>8.1f}  {queries:>7}  {label}")
