"""Shared set-up for the benchmark scripts: a dedicated database, Django, and a timer for pages.

Numbers are server time in-process (Django's test client), median and p95, plus the query count —
the same method as ../shared/PERFORMANCE.md, so the two can be compared.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
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
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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
