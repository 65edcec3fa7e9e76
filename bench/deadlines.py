"""Benchmark of the deadline engine at scale: N open incoming documents on PostgreSQL, then the scan.

    .venv/bin/python bench/deadlines.py            # 1,000,000 open documents
    .venv/bin/python bench/deadlines.py --n 100000 --database-url postgres://postgres@127.0.0.1:5432/x

It uses its own database (``zaduo_bench_deadlines`` by default, created if missing and marked as the
benchmark's; its tables are emptied and refilled, so it refuses a database it did not create),
bulk-creates the open items with ``INSERT … SELECT generate_series`` (circulating and handling documents
whose deadlines are spread over the past year and the next two weeks, each circulating one with a
current reader), then times: the first scan, a scan fifteen minutes later (the steady state beat sees),
the same scan again (nothing new: exactly once at scale), the daily digest, and the board; and prints
the EXPLAIN (ANALYZE, BUFFERS) plan of each source's window query, which should show the partial indexes.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta

from common import setup_bench

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_bench_deadlines"
# Written on the database this script creates: it empties only a database carrying it.
MARK = "zaduo-office bench/deadlines.py: created by the benchmark, emptied on every run"


def fill(n: int) -> float:
    """N open documents: 40 % 传阅件 circulating (due 7 days after distribution), 60 % 办理件 (due after
    14 days; a third of those still circulating). Deadlines fall between a year ago and two weeks ahead."""
    from django.db import connection

    from org.demo import build_demo_office
    from org.models import BusinessLine, Unit

    office = build_demo_office()
    holders = [u.pk for name, u in office.items() if name not in ("admin",)]
    lines = list(BusinessLine.objects.values_list("pk", flat=True))
    unit = Unit.objects.order_by("pk").values_list("pk", flat=True).first()
    clerk = office["shoufa"].pk
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE deadlines_reminder, deadlines_scanrun, core_notification, incoming_reader, "
            "incoming_transitionlog, incoming_incomingdocument RESTART IDENTITY CASCADE"
        )
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            """
            INSERT INTO incoming_incomingdocument (
                year, serial, received_at, registered_at, registered_by_id, source_unit_id, sender_number, title,
                doc_type, copies, pages, secret_level, secrecy_period, urgency, is_meeting_notice, intake,
                is_funding_request, late_registration, skipped_level, category, line_id, opinion, distributed_at,
                due_at, transfer_note, result, reply_to_unit, state, holder_id, version, created_at, updated_at,
                opinion_via, sender_key, search_bigrams)
            SELECT EXTRACT(YEAR FROM d.distributed AT TIME ZONE 'Asia/Shanghai')::int, g,
                   d.distributed - interval '2 hours', d.distributed - interval '2 hours', %(clerk)s, %(unit)s, '',
                   '关于做好第' || g || '项工作的通知', 'notice', 1, 1, 0, '', '', false, 'superior',
                   false, false, false, d.category, (%(lines)s::bigint[])[1 + (g %% %(n_lines)s)], '', d.distributed,
                   d.distributed + CASE WHEN d.category = 'read' THEN interval '7 days' ELSE interval '14 days' END,
                   '', '', '',
                   CASE WHEN d.category = 'read' OR random() < 0.33 THEN 'circulating' ELSE 'handling' END,
                   (%(holders)s::bigint[])[1 + (g %% %(n_holders)s)], 1, now(), now(),
                   '', '', ''
            FROM generate_series(1, %(n)s) AS g,
                 LATERAL (SELECT now() - interval '372 days' + random() * interval '379 days' AS distributed,
                                 CASE WHEN random() < 0.4 THEN 'read' ELSE 'handle' END AS category, g AS k) AS d
            """,
            {
                "n": n,
                "clerk": clerk,
                "unit": unit,
                "lines": lines,
                "n_lines": len(lines),
                "holders": holders,
                "n_holders": len(holders),
            },
        )
        # The reader whose turn it is, for each circulating document: due at the end of the day it arrived.
        cursor.execute(
            """
            INSERT INTO incoming_reader (document_id, reader_id, seq, duty, part, send_first, status, reached_at,
                                         due_at, comment, passed_over_reason)
            SELECT id, holder_id, 1, 'act', '', false, 'current', distributed_at,
                   (date_trunc('day', distributed_at AT TIME ZONE 'Asia/Shanghai') + interval '1 day - 1 second')
                       AT TIME ZONE 'Asia/Shanghai',
                   '', ''
            FROM incoming_incomingdocument WHERE state = 'circulating'
            """
        )
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    print(f"{label:<52} {elapsed * 1000:>10.0f} ms")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="open documents to create (default 1,000,000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DEADLINES_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--reuse", action="store_true", help="keep the documents of the last run")
    args = parser.parse_args()
    # Deliveries run in-process (no Redis): this measures the engine, not the broker.
    setup_bench(args.database_url, MARK, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")

    from django.db import connection
    from django.utils import timezone

    from deadlines import registry
    from deadlines.calendar import start_of_day
    from deadlines.models import Reminder, ScanRun
    from deadlines.registry import ScanContext
    from deadlines.selectors import board
    from deadlines.services import deadlines_digest, deadlines_scan
    from documents.incoming.models import IncomingDocument, Reader

    if args.reuse and IncomingDocument.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE deadlines_reminder, deadlines_scanrun, core_notification RESTART IDENTITY")
    else:
        print(f"creating {args.n:,} open documents …", flush=True)
        print(f"{'bulk insert + ANALYZE':<52} {fill(args.n) * 1000:>10.0f} ms")
    open_docs = IncomingDocument.objects.exclude(state="filed").count()
    now = timezone.now()
    overdue = IncomingDocument.objects.exclude(state="filed").filter(due_at__lt=now).count()
    current = Reader.objects.filter(status="current").count()
    print(f"open documents {open_docs:,} (overdue {overdue:,}); current readers {current:,}\n")

    first, _ = timed(
        "first scan (looks back 2 days), delivers in-process", lambda: deadlines_scan(now=now, deliver="inline")
    )
    print(
        f"    window from {timezone.localtime(first.window_from):%m-%d %H:%M}: "
        f"{first.candidates:,} deadlines checked, {first.recorded:,} reminders recorded and sent"
    )
    later = now + timedelta(minutes=15)
    steady, _ = timed("steady-state scan 15 minutes later", lambda: deadlines_scan(now=later, deliver="inline"))
    print(f"    {steady.candidates:,} deadlines checked, {steady.recorded:,} new reminders")
    again, _ = timed(
        "the same scan again (exactly once: nothing new)", lambda: deadlines_scan(now=later, deliver="inline")
    )
    print(f"    {again.candidates:,} deadlines checked, {again.recorded:,} new reminders")
    sent = Reminder.objects.filter(status="sent").count()
    print(
        f"    ledger: {Reminder.objects.count():,} reminders, {sent:,} sent; duplicates impossible (unique constraint)"
    )
    next_day = ScanContext(now=later).calendar.next_working_day(timezone.localtime(later).date())
    digest_moment = start_of_day(next_day) + timedelta(hours=8, minutes=30)  # the next working morning
    digest, _ = timed(
        "daily overdue digest (every overdue item, once a day)",
        lambda: deadlines_digest(now=digest_moment, deliver="inline"),
    )
    if digest is not None:
        print(f"    {digest.candidates:,} overdue deadlines summarised into {digest.recorded:,} digests")
    else:
        print("    (tomorrow is a day off: no digest)")
    timed("board: 100 longest overdue + due within 2 working days", lambda: board(now=later))
    print(f"    scans recorded: {ScanRun.objects.count()}")

    print("\nEXPLAIN (ANALYZE, BUFFERS) of each source's window query (steady state):")
    ctx = ScanContext(now=later)
    since = later - timedelta(minutes=60)
    for source in registry.sources():
        until = max(source.horizon(ctx), later)
        qs = _window_queryset(source, since, until)
        if qs is None:
            continue
        print(
            f"\n--- {source.key} {source.article}: due in [{timezone.localtime(since):%m-%d %H:%M}, "
            f"{timezone.localtime(until):%m-%d %H:%M}]"
        )
        print(qs.explain(analyze=True, buffers=True))


def _window_queryset(source, since, until):
    """The queryset a source's ``deadlines`` iterates, for EXPLAIN."""
    qs = getattr(source, "_open", None)
    if qs is None or source.key == "incoming.archive":
        return None
    qs = source._open()
    names = {f.name for f in qs.model._meta.get_fields()}
    if "due_at" not in names:  # a source whose due time is computed (leave's 销假), not a column: no plan to show
        return None
    return qs.filter(due_at__gte=since, due_at__lt=until).order_by("due_at", "id")


if __name__ == "__main__":
    main()
