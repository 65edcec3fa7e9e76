"""Speed at a county's ten years of paper (issue 13): a realistic office, every page of the table, one run.

    .venv/bin/python bench/run.py                   # 10,000 incoming documents
    .venv/bin/python bench/run.py --size 100000     # the 10k baseline first, then 100,000, and the growth
    .venv/bin/python bench/run.py --size 1000000 --runs 30 --database-prefix postgres://postgres@127.0.0.1:5432/x

Each size has its own database, ``<prefix>_<size>`` (``zaduo_bench_run_10k`` …), created if missing and marked as
the benchmark's; its documents are emptied and refilled with COPY (``--reuse`` measures the last fill again), so it
refuses a database it did not create.

The shape (what the old generator hid): ten years of incoming documents, newest last; a fifth still open (half of
the last year's, a quarter of the two years before, one in seven of the older ones); ≈1.9 readers on each
distributed document, the first a county leader whose 批示 is written; 5% classified (秘密); everyone on a document
granted as the services grant them (the clerk on every one); senders' numbers per unit and year over the ten years
(``杂住建〔2017〕52号``); titles built from common words (``草原`` in about one in six), two-character words and
rare ones; 20% as many outgoing documents (filed). Then, in-process (Django's test client, server time), every page
of the issue's table is timed in ``--runs`` interleaved rounds — median / p95 and the query count — beside the two
anchors measured in the same run (a bare signed-in page and a constant 50-row template), and each list query's plan
is summarised from EXPLAIN ("Seq Scan on …" when it happens). Past 10k, the 10k table is measured first (in a child
process, its database reused when filled) and the growth of each page's median is printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from common import install_reference_pages as install_anchors
from common import reset_sequences, setup_bench

DEFAULT_PREFIX = "postgres://postgres@127.0.0.1:5432/zaduo_bench_run"
MARK = "zaduo-office bench/run.py: created by the benchmark, emptied on every run"
BASELINE = 10_000

# Title parts: the words people search for. 草原 is common, the rare ones are one in a thousand or fewer.
TOPICS = [
    ("草原生态保护补助奖励资金", 6),
    ("冬季草原防火", 5),
    ("森林草原防灭火", 3),
    ("牧民定居点饮水工程", 4),
    ("营商环境", 6),
    ("安全生产", 8),
    ("中心学校布局", 3),
    ("政务信息", 6),
    ("乡村振兴", 8),
    ("疫情防控", 4),
    ("道路交通", 5),
    ("危旧房改造验收", 3),
    ("民族团结进步创建", 4),
    ("河湖长制", 3),
    ("秋季学期开学", 3),
    ("干部培训", 5),
    ("财政预算执行", 5),
    ("防汛抗旱", 4),
    ("统计调查", 3),
    ("虫草采挖管理", 0.1),  # rare: about one in a thousand
    ("雪豹监测", 0.01),  # very rare
]
ACTIONS = ["做好", "加强", "报送", "申请", "召开", "下达", "调整", "进一步做好", "开展", "落实"]
KINDS = ["通知", "请示", "意见", "通报", "函", "报告", "纪要"]
RARE_WORD, TWO_CHAR_WORD = "雪豹", "草原"
UNIT_CODES = [
    "杂政办",
    "杂住建",
    "杂农牧",
    "杂教",
    "杂卫健",
    "杂财",
    "玉政办",
    "玉政",
    "青政办",
    "杂应急",
    "杂交",
    "杂水",
]


# --- the database -----------------------------------------------------------------------------------------------


def size_label(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)


def setup(url: str) -> None:
    setup_bench(url, MARK, migrate=False)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    # One process, so its own memory is a right cache for the badges' counts (Redis in production).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}}
    from django.test.signals import setting_changed

    setting_changed.send(sender=None, setting="CACHES", value=settings.CACHES, enter=True)  # the handler re-reads
    call_command("migrate", verbosity=0)


def copy_rows(cursor, model, rows: list[dict]) -> None:
    """COPY ``rows`` (attname → value) into ``model``'s table; columns a row leaves out take the field's default,
    so a column added later (with a default) does not break the fill."""
    from common import copy_value

    fields = list(model._meta.concrete_fields)
    defaults = {}
    for f in fields:
        if f.has_default():
            defaults[f.attname] = f.get_default()
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = datetime.now().astimezone()
        elif f.null:
            defaults[f.attname] = None
        elif f.get_internal_type() in ("CharField", "TextField"):
            defaults[f.attname] = ""
    buffer = io.StringIO()
    for row in rows:
        values = []
        for f in fields:
            value = row[f.attname] if f.attname in row else defaults[f.attname]
            text = copy_value(value)
            if isinstance(value, str):
                text = text.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")
            values.append(text)
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    columns = ", ".join(f'"{f.column}"' for f in fields)
    cursor.cursor.copy_expert(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN', buffer)


class Filler:
    """Generates the documents in id order and writes them with COPY."""

    def __init__(self, n: int, seed: int) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission
        from django.utils import timezone

        from org.demo import build_demo_office
        from org.models import Unit

        self.n, self.rng = n, random.Random(seed)
        self.users = build_demo_office()
        User = get_user_model()
        self.users.update({u.username: u for u in User.objects.all()})
        u = self.users
        self.leaders = [u["xianzhang"], u["changwu"], u["fuxianzhang1"], u["fuxianzhang2"], u["zhuren"]]
        self.handlers = [u["guikou1"], u["guikou2"], u["guikou3"], u["fazhi"]]
        self.secret_handlers = [u["guikou1"], u["guikou2"], u["fazhi"]]
        self.clerk, self.deputy = u["shoufa"], u["fuzhuren_wenmi"]
        self.units = list(Unit.objects.order_by("id"))
        self.view = Permission.objects.get(codename="view_incomingdocument", content_type__app_label="incoming")
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.this_year = timezone.localtime(self.now).year
        self.serials: dict[int, int] = {}
        self.numbers: dict[tuple[int, int], int] = {}
        self.topic_names = [t for t, _ in TOPICS]
        self.topic_weights = [w for _, w in TOPICS]
        self.old_numbers: list[tuple[str, int]] = []  # (sender's number, year) of a few old documents

    def title(self, i: int) -> str:
        rng = self.rng
        topic = rng.choices(self.topic_names, self.topic_weights)[0]
        return f"关于{rng.choice(ACTIONS)}{topic}工作的{rng.choice(KINDS)}"

    def states(self, age_years: float):
        from documents.incoming.models import State

        rng = self.rng
        p_open = 0.5 if age_years < 1 else 0.25 if age_years < 3 else 0.15
        if rng.random() < p_open:
            return rng.choices([State.REGISTERED, State.CIRCULATING, State.HANDLING, State.DONE], [5, 45, 40, 10])[0]
        return rng.choices([State.FILED, State.RETURNED, State.SENT_BACK], [95, 3, 2])[0]

    def run(self, batch: int = 20_000) -> dict:
        from django.db import connection

        from core.models import SerialCounter
        from documents.incoming.models import (
            Category,
            IncomingDocument,
            IncomingUserObjectPermission,
            Intake,
            Reader,
            State,
        )

        rng = self.rng
        reader_id = grant_id = 0
        started = time.perf_counter()
        span_days = 3650
        with connection.cursor() as cursor:
            for offset in range(0, self.n, batch):
                docs, readers, grants = [], [], []
                for i in range(offset, min(offset + batch, self.n)):
                    pk = i + 1
                    received = self.now - timedelta(
                        days=span_days * (1 - (i + 0.5) / self.n), minutes=rng.randint(0, 600)
                    )
                    local = received.astimezone(self.tz)
                    year = local.year
                    age_years = (self.now - received).days / 365
                    self.serials[year] = self.serials.get(year, 0) + 1
                    unit_index = rng.randrange(len(UNIT_CODES))
                    key = (unit_index, year)
                    self.numbers[key] = self.numbers.get(key, 0) + 1
                    sender_number = f"{UNIT_CODES[unit_index]}〔{year}〕{self.numbers[key]}号"
                    state = self.states(age_years)
                    secret = 1 if rng.random() < 0.05 else 0
                    category = rng.choice([Category.HANDLE, Category.READ])
                    handler = rng.choice(self.secret_handlers if secret else self.handlers)
                    distributed = state not in (State.REGISTERED,)
                    due = received + timedelta(days=14 if category == Category.HANDLE else 7)
                    people = []
                    holder = None
                    if distributed:
                        k = rng.choices([1, 2, 3], [30, 50, 20])[0]
                        chosen = rng.sample(self.leaders, k)
                        current = rng.randrange(k) if state == State.CIRCULATING else None
                        for seq, person in enumerate(chosen, start=1):
                            reached = received + timedelta(hours=seq)
                            if current is not None and seq - 1 > current:
                                status, signed, comment = Reader.Status.WAITING, None, ""
                            elif current is not None and seq - 1 == current:
                                status, signed, comment = Reader.Status.CURRENT, None, ""
                                holder = person
                            else:
                                status, signed = Reader.Status.SIGNED, reached + timedelta(hours=2)
                                comment = "请归口科室研究提出意见" if seq > 1 else f"同意，请{handler.username}同志阅处"
                            reader_id += 1
                            readers.append(
                                {
                                    "id": reader_id,
                                    "document_id": pk,
                                    "reader_id": person.pk,
                                    "seq": seq,
                                    "duty": Reader.Duty.ACT if seq == 1 else Reader.Duty.READ,
                                    "status": status,
                                    "reached_at": reached if status != Reader.Status.WAITING else None,
                                    "due_at": reached + timedelta(hours=8) if status == Reader.Status.CURRENT else None,
                                    "signed_at": signed,
                                    "comment": comment,
                                }
                            )
                            people.append(person)
                    if state == State.REGISTERED:
                        holder = self.deputy
                    elif state == State.HANDLING:
                        holder = handler
                    elif state == State.DONE:
                        holder = self.clerk
                    elif state not in (State.CIRCULATING,):
                        holder = None
                    if age_years > 5 and len(self.old_numbers) < 20 and rng.random() < 0.01:
                        self.old_numbers.append((sender_number, year))
                    docs.append(
                        {
                            "id": pk,
                            "version": 3,
                            "created_at": received,
                            "updated_at": received,
                            "year": year,
                            "serial": self.serials[year],
                            "received_at": received,
                            "registered_at": received,
                            "registered_by_id": self.clerk.pk,
                            "source_unit_id": self.units[unit_index % len(self.units)].pk,
                            "sender_number": sender_number,
                            "title": self.title(i),
                            "secret_level": secret,
                            "urgency": "urgent" if rng.random() < 0.05 else "",
                            "intake": Intake.SUPERIOR if rng.random() < 0.7 else Intake.REQUEST,
                            "category": category if distributed else "",
                            "opinion": "请各位领导阅示" if distributed else "",
                            "opinion_by_id": self.deputy.pk if distributed else None,
                            "distributed_at": received + timedelta(minutes=30) if distributed else None,
                            "due_at": due,
                            "lead_handler_id": handler.pk if distributed else None,
                            "state": state,
                            "holder_id": holder.pk if holder else None,
                            "completed_at": due if state in (State.DONE, State.RETURNED, State.FILED) else None,
                        }
                    )
                    # Everyone the services put on a document is granted, as in the office: the clerk and the
                    # deputy at registration, the handler and the readers when it is distributed — unclassified
                    # papers too, which makes a clerk's grants as many as the documents (their 我经手的).
                    on_it = [self.clerk, self.deputy, *([handler, *people] if distributed else [])]
                    for person in {p.pk for p in on_it}:
                        grant_id += 1
                        grants.append(
                            {"id": grant_id, "user_id": person, "permission_id": self.view.pk, "content_object_id": pk}
                        )
                self.derive(docs)
                copy_rows(cursor, IncomingDocument, docs)
                copy_rows(cursor, Reader, readers)
                copy_rows(cursor, IncomingUserObjectPermission, grants)
                print(
                    f"  {min(offset + batch, self.n):>9,} documents, {reader_id:>9,} readers  "
                    f"{time.perf_counter() - started:>5.0f} s",
                    flush=True,
                )
            for model in (IncomingDocument, Reader, IncomingUserObjectPermission):
                reset_sequences(cursor, [model._meta.db_table])
        for year, last in self.serials.items():
            SerialCounter.objects.update_or_create(scope="incoming", year=year, defaults={"last": last})
        return {"readers": reader_id, "grants": grant_id, "old_numbers": self.old_numbers}

    def derive(self, docs: list[dict]) -> None:
        """Columns the model derives from the title and the sender's number (the search's bigrams and number
        key), computed by the model's own code — COPY bypasses ``save`` and ``bulk_create``."""
        from types import SimpleNamespace

        from documents.incoming.models import IncomingDocument

        derived = IncomingDocument.derived
        for row in docs:
            doc = SimpleNamespace(title=row["title"], sender_number=row["sender_number"], get_deferred_fields=set)
            derived.fill(doc)
            row.update({column: getattr(doc, column) for column in derived.columns})

    def outgoing(self, n: int, batch: int = 20_000) -> None:
        from django.db import connection

        from documents.outgoing.models import OutgoingDocument, Series
        from org.models import BusinessLine

        series = list(Series.objects.order_by("id"))
        lines = list(BusinessLine.objects.order_by("id"))
        if not series or not lines:
            print("no outgoing series or lines: outgoing documents skipped")
            return
        rng = self.rng
        counters: dict[tuple[int, int], int] = {}
        with connection.cursor() as cursor:
            for offset in range(0, n, batch):
                rows = []
                for i in range(offset, min(offset + batch, n)):
                    at = self.now - timedelta(days=3650 * (1 - (i + 0.5) / n))
                    year = at.astimezone(self.tz).year
                    s = series[i % len(series)]
                    counters[(s.pk, year)] = counters.get((s.pk, year), 0) + 1
                    serial = counters[(s.pk, year)]
                    rows.append(
                        {
                            "id": i + 1,
                            "created_at": at,
                            "updated_at": at,
                            "series_id": s.pk,
                            "title": self.title(i),
                            "line_id": rng.choice(lines).pk,
                            "drafter_id": rng.choice(self.handlers).pk,
                            "secret_level": 1 if rng.random() < 0.05 else 0,
                            "year": year,
                            "serial": serial,
                            "doc_number": f"{getattr(s, 'code', '杂政')}〔{year}〕{serial}号",
                            "issue_date": at.date(),
                            "numbered_at": at,
                            "distributed_at": at,
                            "state": "filed",
                        }
                    )
                self.derive_outgoing(rows)
                copy_rows(cursor, OutgoingDocument, rows)
            reset_sequences(cursor, [OutgoingDocument._meta.db_table])

    @staticmethod
    def derive_outgoing(docs: list[dict]) -> None:
        """The outgoing lists' search column (the bigrams of title, 发文字号 and 主送), by the model's own code."""
        from documents.outgoing.models import document

        of = getattr(document, "search_bigrams_of", None)
        if of is None:
            return
        for row in docs:
            row["search_bigrams"] = of(row["title"], row["doc_number"], row.get("main_recipients", ""))


def fill(size: int, seed: int) -> dict:
    from django.db import connection

    from documents.incoming.models import IncomingDocument
    from documents.outgoing.models import OutgoingDocument

    tables = []
    for model in (IncomingDocument, OutgoingDocument):
        tables.append(model._meta.db_table)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    print(f"filling {size:,} incoming and {size // 5:,} outgoing documents …", flush=True)
    filler = Filler(size, seed)
    facts = filler.run()
    filler.outgoing(size // 5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    facts["fill_s"] = time.perf_counter() - started
    facts["size"] = size
    return facts


# --- measuring --------------------------------------------------------------------------------------------------


def install_reference_pages() -> None:
    """The two anchors, and stock Django admin for incoming documents (a plain ModelAdmin on its own site)."""
    from django.contrib import admin
    from django.urls import path

    from documents.incoming.models import IncomingDocument

    stock = admin.AdminSite(name="stockadmin")
    stock.register(IncomingDocument, admin.ModelAdmin)
    row = ("索南卓玛", "综合科", "2026-15", "2026年12月01日", "关于做好冬季草原防火工作的通知", "7天", "已办结")
    install_anchors(row, extra=[path("bench/stockadmin/", stock.urls)])


def pages(facts: dict) -> list[tuple[str, str, str, str]]:
    """(row of the table, username, url, target) for every page the issue measures."""
    from django.db.models import Count

    from documents.incoming.models import IncomingDocument, Reader, State

    sample = (
        IncomingDocument.objects.filter(state=State.CIRCULATING, secret_level=0)
        .annotate(n=Count("readers"))
        .filter(n__gte=3)
        .order_by("-id")
        .first()
    ) or IncomingDocument.objects.filter(state=State.CIRCULATING, secret_level=0).order_by("-id").first()
    leader = (
        Reader.objects.filter(status=Reader.Status.CURRENT)
        .values("reader__username")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["reader__username"]
    )
    number = facts["old_numbers"][0][0] if facts.get("old_numbers") else "杂政办〔2018〕1号"
    return [
        ("registry, current year", "shoufa", "/incoming/", "≤ 40 ms p95, ≤ 8 queries"),
        ("registry, all years", "shoufa", "/incoming/?year=", "≤ 60 ms p95"),
        ("registry, overdue only", "shoufa", "/incoming/?year=&overdue=1", ""),
        ("outgoing list, current year", "shoufa", "/outgoing/?tab=all", "as the registry"),
        ("outgoing list, all years", "shoufa", "/outgoing/?tab=all&year=0", "as the registry"),
        (
            f"outgoing search, a two-character word ({TWO_CHAR_WORD}), all years",
            "shoufa",
            f"/outgoing/?tab=all&year=0&q={TWO_CHAR_WORD}",
            "≤ 50 ms p95",
        ),
        ("outgoing register (发文登记簿), current year", "shoufa", "/outgoing/register/", ""),
        (
            f"search, a two-character word ({TWO_CHAR_WORD}), all years",
            "shoufa",
            f"/incoming/?year=&q={TWO_CHAR_WORD}",
            "≤ 50 ms p95",
        ),
        (f"search, a rare word ({RARE_WORD}), all years", "shoufa", f"/incoming/?year=&q={RARE_WORD}", "≤ 50 ms p95"),
        (
            "search by sender's number, one hit, an old document",
            "shoufa",
            f"/incoming/?year=&q={number}",
            "≤ 20 ms p95",
        ),
        ("document page", "shoufa", f"/incoming/{sample.pk}/", "≤ 40 ms p95, ≤ 12 queries"),
        ("leader's queue, 我的待办 (the leader holding most)", leader, "/", "≤ 40 ms p95"),
        ("leader's list, 等我办理的收文", leader, "/incoming/waiting/", ""),
        ("clerk's list, 我经手的收文", "shoufa", "/incoming/mine/", ""),
        ("project's admin changelist", "admin", "/admin/incoming/incomingdocument/", "≥ 3× faster than stock admin"),
        ("stock Django admin changelist", "admin", "/bench/stockadmin/incoming/incomingdocument/", "—"),
        ("/deadlines/ board", "shoufa", "/deadlines/", "≤ 100 ms p95, flat in size"),
        ("批阅单, GB/T 9704 PDF", "shoufa", f"/incoming/{sample.pk}/sheet.pdf", "≤ 300 ms (keep)"),
    ]


BIG_TABLES = (
    "incoming_incomingdocument",
    "incoming_reader",
    "incoming_incominguserobjectpermission",
    "outgoing_outgoingdocument",
    "outgoing_recipient",
)
SCAN = re.compile(
    r"((?:Parallel )?(?:Seq Scan|Index Only Scan|Index Scan Backward|Index Scan|Bitmap Index Scan)"
    r"(?: using \S+)? on \S+)"
)


def plans(captured) -> list[str]:
    """How each of the page's queries on a big table reads it, from EXPLAIN."""
    from django.db import connection

    out = []
    for query in captured:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in BIG_TABLES):
            continue
        with connection.cursor() as cursor:
            try:
                cursor.execute("EXPLAIN " + sql)
            except Exception as error:  # a query Django printed but PostgreSQL cannot re-read: say so
                out.append(f"(no plan: {type(error).__name__})")
                connection.rollback() if not connection.in_atomic_block else None
                continue
            lines = [row[0] for row in cursor.fetchall()]
        scans = []
        limited = any(line.lstrip(" ->").startswith("Limit") for line in lines)
        for line in lines:
            match = SCAN.search(line)
            if match and match.group(1).rsplit(" on ", 1)[1] in BIG_TABLES:
                scans.append(match.group(1))
        if scans:
            out.append("; ".join(dict.fromkeys(scans)) + (" (under a LIMIT)" if limited else ""))
    return out


def measure(rows, runs: int) -> dict:
    """Interleaved rounds: each round times every page once, so a busy moment of the shared machine hits all."""
    from django.contrib.auth import get_user_model
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    User = get_user_model()
    clients: dict[str, Client] = {}

    def client(username):
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    def get(username, url):
        response = client(username).get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)

    result, live = {}, []
    for label, username, url, target in rows:
        try:
            get(username, url)  # warm up
            with CaptureQueriesContext(connection) as captured:
                get(username, url)
            queries = list(captured.captured_queries)
        except Exception as error:
            print(f"skipped {label} {url}: {type(error).__name__}: {str(error)[:160]}")
            continue
        result[label] = {
            "url": url,
            "target": target,
            "queries": len(queries),
            "times": [],
            "plans": plans(queries) if connection.vendor == "postgresql" else [],
        }
        live.append((label, username, url))
    slow = {"批阅单, GB/T 9704 PDF", "stock Django admin changelist"}
    for round_number in range(runs):
        for label, username, url in live:
            if label in slow and round_number >= max(5, runs // 3):
                continue
            started = time.perf_counter()
            get(username, url)
            result[label]["times"].append((time.perf_counter() - started) * 1000)
    for r in result.values():
        times = sorted(r.pop("times"))
        r["median_ms"] = statistics.median(times)
        r["p95_ms"] = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return result


def print_table(size: int, result: dict, baseline: dict | None) -> None:
    base_label = size_label(BASELINE)
    print(f"\n== {size:,} incoming documents ==")
    head = f"{'median':>8} {'p95':>8} {'q':>3}"
    if baseline:
        head += f"  {base_label + ' med':>9} {'growth':>7}"
    print(f"{head}  page (target)")
    for label, r in result.items():
        line = f"{r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['queries']:>3}"
        if baseline:
            b = baseline.get(label)
            line += (
                f"  {b['median_ms']:>9.1f} {r['median_ms'] / b['median_ms']:>6.1f}×" if b else f"  {'—':>9} {'—':>7}"
            )
        print(f"{line}  {label}" + (f"  ({r['target']})" if r.get("target") else ""))
    stock, ours = result.get("stock Django admin changelist"), result.get("project's admin changelist")
    if stock and ours:
        print(f"project's admin vs stock admin (median): {stock['median_ms'] / ours['median_ms']:.1f}× faster")
    print("\nindex use of each page's queries on the big tables (EXPLAIN; one line a query):")
    for label, r in result.items():
        if not r["plans"]:
            continue
        print(f"  {label}:")
        for plan, times in Counter(r["plans"]).items():
            flag = "  <-- Seq Scan" if "Seq Scan" in plan else ""
            if flag and plan.endswith("(under a LIMIT)"):
                flag = "  <-- Seq Scan, stopped by its LIMIT"
            print(f"      {plan}{' ×' + str(times) if times > 1 else ''}{flag}")


def anchors() -> list[tuple[str, str, str, str]]:
    return [
        ("bare signed-in page (anchor)", "shoufa", "/bench/bare/", "—"),
        ("constant 50-row template, no DB (anchor)", "shoufa", "/bench/table/", "—"),
    ]


def run_size(size: int, url: str, runs: int, seed: int, reuse: bool) -> dict:
    setup(url)
    from django.conf import settings

    from documents.incoming.models import IncomingDocument

    install_reference_pages()
    settings.DEBUG = False
    facts_file = Path(tempfile.gettempdir()) / f"zaduo-bench-run-{url.rsplit('/', 1)[1]}-facts.json"
    have = IncomingDocument.objects.count()
    if reuse and have == size and facts_file.exists():
        facts = json.loads(facts_file.read_text())
        print(f"reusing {have:,} incoming documents")
    else:
        facts = fill(size, seed)
        facts_file.write_text(json.dumps(facts, ensure_ascii=False))
        print(f"filled in {facts['fill_s']:.0f} s ({facts['readers']:,} readers, {facts['grants']:,} grants)")
    result = measure(anchors() + pages(facts), runs)
    return {"size": size, "facts": facts, "result": result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=BASELINE, help="incoming documents (10000, 100000, 1000000)")
    parser.add_argument("--runs", type=int, default=30, help="interleaved rounds (default 30)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--database-prefix", default=os.environ.get("BENCH_RUN_DATABASE_PREFIX", DEFAULT_PREFIX))
    parser.add_argument("--reuse", action="store_true", help="measure the last fill again when it has this size")
    parser.add_argument("--json", help="write the measurements here (used for the 10k baseline)")
    parser.add_argument("--no-baseline", action="store_true", help="do not measure the 10k baseline first")
    args = parser.parse_args()
    baseline = None
    if args.size != BASELINE and not args.no_baseline:
        out = Path(tempfile.gettempdir()) / f"zaduo-bench-run-{size_label(BASELINE)}-{os.getpid()}.json"
        command = [
            sys.executable,
            __file__,
            "--size",
            str(BASELINE),
            "--runs",
            str(args.runs),
            "--reuse",
            "--database-prefix",
            args.database_prefix,
            "--json",
            str(out),
            "--seed",
            str(args.seed),
        ]
        subprocess.run(command, check=True)
        baseline = json.loads(out.read_text())["result"]
    url = f"{args.database_prefix}_{size_label(args.size)}"
    measured = run_size(args.size, url, args.runs, args.seed, args.reuse)
    if args.json:
        Path(args.json).write_text(json.dumps(measured, ensure_ascii=False))
    print_table(args.size, measured["result"], baseline)


if __name__ == "__main__":
    main()
