"""Benchmark of the outgoing-document pages (发文, 第三十条) on a large table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zaduo_outgoing python bench/outgoing.py --n 100000

Migrates the configured database, builds the demo office, bulk-fills ``--n`` outgoing documents over ten
years (distributed or filed; a third of the last two months' still moving; one in twenty classified),
then times in-process with Django's test client — server time, median and p95 — and counts the queries
of: the full list, the 待我办理 and 待阅 lists, Chinese searches, the 发文登记簿, a document page, and the
final document's PDF (GB/T 9704 layout) and processing sheet.
Filling is skipped when the table already holds ``--n`` benchmark rows, so a second run measures at once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zaduo_office.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django

django.setup()

from common import plain_static  # noqa: E402

plain_static()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from documents.outgoing.choices import Phase, State, StepKind, StepStatus  # noqa: E402
from documents.outgoing.demo import build_demo_outgoing, ensure_series  # noqa: E402
from documents.outgoing.models import (  # noqa: E402
    OutgoingDocument,
    OutgoingUserObjectPermission,
    Recipient,
    RouteStep,
)
from org.demo import build_demo_office  # noqa: E402
from org.models import BusinessLine  # noqa: E402

MARK = "【基准】"
SUBJECTS = [
    "春季草原防火",
    "草原生态保护补助奖励资金发放",
    "虫草采集管理",
    "雪灾防御和牲畜越冬",
    "农牧民技能培训",
    "义务教育控辍保学",
    "城乡居民医疗保险",
    "乡村道路建设",
    "安全生产大检查",
    "三江源国家公园生态管护",
]
KINDS = ["通知", "意见", "报告", "请示", "函", "批复"]


def fill(n: int, batch: int = 5000) -> None:
    users = build_demo_office()
    build_demo_outgoing()
    series = ensure_series()
    existing = OutgoingDocument.objects.filter(title__startswith=MARK).count()
    if existing >= n:
        print(f"已有 {existing} 条基准发文，跳过填充。")
        return
    lines = list(BusinessLine.objects.all())
    drafters = {line.pk: (list(line.staff.all()) or [users["guikou1"]])[0] for line in lines}
    perm = Permission.objects.get(content_type__app_label="outgoing", codename="view_outgoingdocument")
    now = timezone.now()
    serials: dict[tuple[int, int], int] = {
        (row["series_id"], row["year"]): row["last"]
        for row in OutgoingDocument.objects.filter(serial__isnull=False)
        .values("series_id", "year")
        .annotate(last=Max("serial"))
    }
    print(f"填充 {n - existing} 条发文……", flush=True)
    started = time.perf_counter()
    for offset in range(existing, n, batch):
        docs = []
        for i in range(offset, min(offset + batch, n)):
            created = now - timedelta(minutes=int(i * 10 * 365 * 24 * 60 / n))
            # Documents of the last two months may still be moving (one in three); older ones went out long ago.
            active = created > now - timedelta(days=60) and i % 3 == 0
            state = (
                [State.DRAFTING, State.REVIEWING, State.SIGNING, State.CHECKING, State.NUMBERING][i % 5]
                if active
                else (State.FILED if created.year < now.year - 1 else State.DISTRIBUTED)
            )
            numbered = state in (State.DISTRIBUTED, State.FILED)
            s = series["杂政"] if i % 3 else series["杂政办"]
            year = timezone.localtime(created).year
            serial = None
            if numbered:
                serial = serials.get((s.pk, year), 0) + 1
                serials[(s.pk, year)] = serial
            line = lines[i % len(lines)]
            subject = SUBJECTS[i % len(SUBJECTS)]
            docs.append(
                OutgoingDocument(
                    authority=s.authority,
                    series=s,
                    title=f"{MARK}关于做好{year}年{subject}工作的{KINDS[i % len(KINDS)]}（第{i}件）",
                    main_recipients="各乡（镇）人民政府，县政府各部门",
                    body="为切实做好有关工作，现将有关事项通知如下。\n一、提高认识\n各乡（镇）要高度重视。",
                    line=line,
                    drafter=drafters[line.pk],
                    holder=drafters[line.pk] if state in (State.DRAFTING, State.CHECKING) else None,
                    secret_level=1 if i % 20 == 7 else 0,
                    urgency="urgent" if i % 13 == 0 else "",
                    state=state,
                    year=year if numbered else None,
                    serial=serial,
                    doc_number=s.number_label(year, serial) if numbered else "",
                    issue_date=created.date() if numbered else None,
                    copies=40 if numbered else None,
                    distributed_at=created + timedelta(days=2) if numbered else None,
                    created_at=created,
                )
            )
        with transaction.atomic():
            docs = OutgoingDocument.objects.bulk_create(docs)
            RouteStep.objects.bulk_create(
                [
                    RouteStep(
                        document=d,
                        round=1,
                        phase=Phase.REVIEW,
                        seq=1,
                        kind=StepKind.CHECK,
                        assignee=d.line.deputy_director or users["fuzhuren"],
                        reason="分管副主任核稿",
                        article="[30(2)1]",
                        status=StepStatus.CURRENT,
                    )
                    for d in docs
                    if d.state == State.REVIEWING
                ]
            )
            OutgoingUserObjectPermission.objects.bulk_create(
                [
                    OutgoingUserObjectPermission(user=d.drafter, permission=perm, content_object=d)
                    for d in docs
                    if d.secret_level
                ],
                ignore_conflicts=True,
            )
            Recipient.objects.bulk_create(
                [
                    Recipient(
                        document=d,
                        user=users["xianzhang"],
                        name="才仁多杰",
                        via="general",
                        delivered_at=d.distributed_at,
                        read_at=None if d.created_at > now - timedelta(days=30) else d.distributed_at,
                    )
                    for d in docs
                    if d.distributed_at and not d.secret_level
                ]
            )
        print(f"  {min(offset + batch, n)}/{n}  {time.perf_counter() - started:.0f}s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("outgoing_outgoingdocument", "outgoing_routestep", "outgoing_recipient"):
                cursor.execute(f"ANALYZE {table}")


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int]:
    client.get(url)  # warm up: session, caches, the PDF font
    times = []
    queries = 0
    status = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        status = response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description="发文页面基准测试")
    parser.add_argument("--n", type=int, default=100_000, help="benchmark documents in the table (default 100000)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--pdf-runs", type=int, default=10, help="timed PDF renders (default 10)")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    fill(args.n)
    total = OutgoingDocument.objects.count()
    sample = OutgoingDocument.objects.filter(state=State.DISTRIBUTED, secret_level=0).order_by("-id").first()
    year = sample.year
    pages = [
        ("guikou2", "全部发文，第1页（含计数）", "/outgoing/?tab=all"),
        ("guikou2", "全部发文，第50页", "/outgoing/?tab=all&page=50"),
        ("fuzhuren", "待我办理", "/outgoing/?tab=mine"),
        ("xianzhang", "待阅文件", "/outgoing/?tab=unread"),
        ("guikou2", "标题搜索（一成命中）", "/outgoing/?tab=all&q=草原生态保护"),
        ("guikou2", "标题搜索（一件命中）", "/outgoing/?tab=all&q=第4242件"),
        ("guikou2", "发文字号搜索", f"/outgoing/?tab=all&q={sample.doc_number}"),
        ("shoufa", f"{year}年发文登记簿", f"/outgoing/register/?year={year}"),
        ("fuzhuren", "我的待办（全部应用）", "/"),
        ("guikou2", "文稿页", f"/outgoing/{sample.pk}/"),
        ("guikou2", "正式公文 PDF", f"/outgoing/{sample.pk}/document.pdf"),
        ("guikou2", "公文处理单 PDF", f"/outgoing/{sample.pk}/sheet.pdf"),
    ]
    users = {u.username: u for u in get_user_model().objects.filter(username__in={p[0] for p in pages})}
    print(f"发文总数：{total}")
    print(f"{'页面':<24}{'中位数 ms':>10}{'p95 ms':>10}{'查询数':>8}{'状态':>6}")
    for username, label, url in pages:
        client = Client()
        client.force_login(users[username])
        runs = args.pdf_runs if url.endswith(".pdf") else args.runs
        median, p95, queries, status = measure(client, url, runs)
        print(f"{label:<24}{median:>10.1f}{p95:>10.1f}{queries:>8}{status:>6}", flush=True)


if __name__ == "__main__":
    main()
