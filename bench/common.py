"""Shared set-up for the benchmark scripts: a dedicated database, Django, and a timer for pages.

Numbers are server time in-process (Django's test client), median and p95, plus the query count —
the same method as ../shared/PERFORMANCE.md, so the two can be compared.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
import types
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plain_static() -> None:
    """Static URLs without the collected manifest: with debug off (as measured) the site uses the hashed-name
    storage, which needs ``collectstatic`` first; a benchmark measures pages, not static files."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _admin(url: str):
    """The database name in ``url`` and an autocommit connection to the server's ``postgres`` database."""
    import psycopg2

    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    return url.rsplit("/", 1)[1], admin


def create_marked_database(url: str, mark: str) -> None:
    """Create a benchmark's own database, marked with ``mark``; stop at a database it did not create, because
    the benchmark empties its tables (never flush what is not ours)."""
    name, admin = _admin(url)
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


def setup_bench(url: str, mark: str, *, migrate: bool = True, **environ: str) -> None:
    """Django on the benchmark's own database ``url`` (created and marked with ``mark`` if missing; a database
    it did not create stops the run): debug off, tasks in-process, plain static files, migrated. ``environ``
    adds to the environment before Django starts (deadlines' mail backend)."""
    sys.path.insert(0, str(ROOT))  # before the bench folder: bench/leave.py would otherwise be the app "leave"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "zaduo_office.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["REDIS_URL"] = ""  # one process: tasks in-process, the cache in memory
    os.environ.update(environ)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    create_marked_database(url, mark)
    import django

    django.setup()
    plain_static()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def drop_marked_database(url: str, mark: str) -> None:
    """Drop the benchmark's own database: only one carrying ``mark``; anything else is left alone."""
    from django.db import connections

    connections.close_all()
    name, admin = _admin(url)
    with admin.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
        if row and row[0] == mark:
            cursor.execute(f'DROP DATABASE "{name}"')
            print(f"dropped {name}")
    admin.close()


def add_bench_options(parser, *, runs: int, seed: int, env: str, url: str, reuse: str, keep: str = "") -> None:
    """The options the fill-and-time benchmarks share, after their own: ``--runs``, ``--seed``,
    ``--database-url`` (``env`` in the environment, else ``url``), ``--reuse`` and, where the database is dropped
    at the end, ``--keep``."""
    parser.add_argument("--runs", type=int, default=runs, help=f"timed calls per measurement (default {runs})")
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--database-url", default=os.environ.get(env, url))
    parser.add_argument("--reuse", action="store_true", help=reuse)
    if keep:
        parser.add_argument("--keep", action="store_true", help=keep)


@contextmanager
def own_database(url: str, mark: str, *, keep: bool = False):
    """``setup_bench`` on ``url``, and the database dropped when the block ends (also on an error) unless
    ``keep``."""
    setup_bench(url, mark)
    try:
        yield
    finally:
        if not keep:
            drop_marked_database(url, mark)


# --- shared by the benchmarks that fill with COPY and time selectors and pages --------------------------------


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def copy_text(value) -> str:
    """``copy_value``, with a string's backslashes, tabs and line breaks escaped (COPY reads them as its own)."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return copy_value(value)


def copy_line(values, convert=copy_value) -> str:
    """One row of COPY's text format."""
    return "\t".join(convert(v) for v in values) + "\n"


def copy_buffer(cursor, table: str, columns, buffer: io.StringIO) -> None:
    """COPY the lines written to ``buffer`` into ``columns`` of ``table`` (``cursor``: Django's)."""
    buffer.seek(0)
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


def copy_rows(cursor, table: str, columns, rows, convert=copy_value) -> None:
    """COPY ``rows`` into ``table``: each a dict (read by ``columns``) or a tuple in the order of ``columns``."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write(copy_line((row[c] for c in columns) if isinstance(row, dict) else row, convert))
    copy_buffer(cursor, table, columns, buffer)


def column_defaults(model) -> dict:
    """Every concrete column of ``model`` with the value an empty form would give it (a row's starting point)."""
    from django.db import models

    out = {}
    for f in model._meta.concrete_fields:
        if f.null:
            out[f.column] = None
        elif isinstance(f, models.BooleanField):
            out[f.column] = f.default if isinstance(f.default, bool) else False
        elif isinstance(f, (models.CharField, models.TextField, models.FileField)):
            out[f.column] = f.default if isinstance(f.default, str) else ""
        elif f.has_default() and not callable(f.default):
            out[f.column] = f.default
        else:
            out[f.column] = None
    return out


def reset_sequences(cursor, tables) -> None:
    """Each table's id sequence after its largest id, so that rows the site adds later do not collide."""
    for table in tables:
        last = f"(SELECT COALESCE(MAX(id), 1) FROM {table})"
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")


def app_tables(*labels: str) -> list[str]:
    """The tables of the apps ``labels``, their many-to-many tables included."""
    from django.apps import apps

    return [m._meta.db_table for a in labels for m in apps.get_app_config(a).get_models(include_auto_created=True)]


def empty_tables(tables) -> None:
    """TRUNCATE ``tables`` (ids from 1 again), before a fill."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def analyze() -> None:
    """ANALYZE after a fill, so the planner sees the rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Tables:
    """Rows per table with ids given here, written with COPY a batch at a time."""

    def __init__(self, *models, convert=copy_text) -> None:
        self.defaults = {m._meta.db_table: column_defaults(m) for m in models}
        self.ids = dict.fromkeys(self.defaults, 0)
        self.rows: dict[str, list[dict]] = {t: [] for t in self.defaults}
        self.written = dict.fromkeys(self.defaults, 0)
        self.convert = convert

    def add(self, model, **values) -> int:
        table = model._meta.db_table
        self.ids[table] += 1
        row = dict(self.defaults[table])
        unknown = set(values) - set(row)
        if unknown:  # a column renamed under us: say which, rather than write a wrong table
            raise SystemExit(f"{table} has no column {sorted(unknown)}")
        row.update(values)
        row["id"] = self.ids[table]
        self.rows[table].append(row)
        return row["id"]

    def flush(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            for table, rows in self.rows.items():
                if not rows:
                    continue
                copy_rows(cursor, table, list(self.defaults[table]), rows, self.convert)
                self.written[table] += len(rows)
                rows.clear()

    def finish(self) -> None:
        from django.db import connection

        self.flush()
        with connection.cursor() as cursor:
            reset_sequences(cursor, self.defaults)


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


REFERENCE_ROW = ("索南卓玛", "综合科", "事假", "2026年12月01日上午", "2026年12月02日下午", "1.5天", "已批准")


def install_reference_pages(row: tuple = REFERENCE_ROW, extra: list | None = None) -> None:
    """A bare page and a constant 50-row table in the site's layout (each row its number and ``row``), and the
    ``extra`` URL patterns, next to the site's own URLs."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import include, path

    template = engines["django"].from_string(TABLE)
    rows = [(i, *row) for i in range(50)]

    def bare(request):
        return HttpResponse("ok")

    def table(request):
        return HttpResponse(template.render({"rows": rows, "title": "基准"}, request))

    module = types.ModuleType("bench_reference_urls")
    module.urlpatterns = [
        path("bench/bare/", bare),
        path("bench/table/", table),
        *(extra or []),
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


def page_urls(candidates, *, missing: str = "no page {name} yet") -> list:
    """``(user, label, url)`` of each ``(user, label, URL name, kwargs or args, query)`` whose URL reverses; a page
    not there (yet) is said and left out."""
    from django.urls import NoReverseMatch, reverse

    out = []
    for user, label, name, params, query in candidates:
        try:
            url = reverse(name, kwargs=params) if isinstance(params, dict) else reverse(name, args=params)
        except NoReverseMatch:
            print(missing.format(name=name))
            continue
        out.append((user, label, url + query))
    return out


def reference_pages_or_say() -> bool:
    """``install_reference_pages``; when the site's URLs do not import (a page being built), say so and answer
    False, so that the caller prints what it timed without pages."""
    try:
        install_reference_pages()
    except ImportError as error:
        print(f"pages skipped: the site's URLs do not import ({error})")
        return False
    return True


def unit_contact(username: str, unit_id: int):
    """A unit's 联络员 (outside the office), ``username``, created once and moved to ``unit_id``: sees that unit's
    rows only."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from org.models import Profile
    from org.roles import Role, sync_role_groups

    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"password": make_password(None)})
    if created:
        user.groups.add(sync_role_groups()[Role.UNIT_CONTACT])
        Profile.objects.create(user=user, full_name="基准联络员", sort_order=999)
    Profile.objects.filter(user=user).update(unit_id=unit_id)
    return User.objects.get(pk=user.pk)


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
