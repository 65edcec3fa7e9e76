"""Benchmark of incoming documents at scale: fills the bench database, then times the pages that matter.

    python bench/incoming.py [--n 100000] [--repeat 30]

Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/zaduo_bench), never the app's database.
Rows are bulk-created with the shape of real data: ten years, a fifth of the current year still open,
one in twenty classified, a current reader on every circulating document.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta

from common import measure, report, setup_django

TITLES = [
    "关于做好冬季草原防火工作的通知",
    "关于申请牧民定居点饮水工程资金的请示",
    "关于进一步优化营商环境的意见",
    "关于召开全州安全生产工作会议的通知",
    "关于下达草原生态保护补助奖励资金的通知",
    "关于调整中心学校布局的请示",
    "关于加强森林草原防灭火工作的通报",
    "关于报送2026年度政务信息工作情况的函",
]


def fill(n: int) -> None:
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.utils import timezone

    from core.models import SerialCounter
    from documents.incoming.models import (
        Category,
        IncomingDocument,
        IncomingUserObjectPermission,
        Intake,
        Reader,
        State,
    )
    from org.demo import build_demo_office
    from org.models import Unit

    users = build_demo_office()
    have = IncomingDocument.objects.count()
    if have >= n:
        print(f"bench database already holds {have} incoming documents")
        return
    rng = random.Random(26)
    units = list(Unit.objects.all())
    leaders = [users[u] for u in ["xianzhang", "changwu", "fuxianzhang1", "fuxianzhang2"]]
    clerk, handler = users["shoufa"], users["guikou2"]
    view = Permission.objects.get(codename="view_incomingdocument", content_type__app_label="incoming")
    now = timezone.now()
    this_year = timezone.localtime(now).year
    serials: dict[int, int] = {}
    started = time.perf_counter()
    for chunk_start in range(have, n, 10_000):
        docs = []
        for i in range(chunk_start, min(n, chunk_start + 10_000)):
            age_days = int((i / n) * 3650)  # spread over ten years, newest last
            received = now - timedelta(days=3650 - age_days, minutes=rng.randint(0, 600))
            year = timezone.localtime(received).year
            serials[year] = serials.get(year, 0) + 1
            recent = year == this_year
            state = (
                rng.choice([State.CIRCULATING, State.HANDLING, State.REGISTERED, State.RETURNED])
                if recent and rng.random() < 0.2
                else State.FILED
                if not recent
                else State.RETURNED
            )
            category = rng.choice([Category.HANDLE, Category.READ])
            docs.append(
                IncomingDocument(
                    year=year,
                    serial=serials[year],
                    received_at=received,
                    registered_at=received,
                    registered_by=clerk,
                    source_unit=rng.choice(units),
                    sender_number=f"杂政办〔{year}〕{serials[year]}号",
                    title=f"{rng.choice(TITLES)}（第{i}号）",
                    intake=Intake.SUPERIOR,
                    category=category,
                    secret_level=1 if rng.random() < 0.05 else 0,
                    state=state,
                    holder=rng.choice(leaders)
                    if state == State.CIRCULATING
                    else handler
                    if state == State.HANDLING
                    else None,
                    lead_handler=handler,
                    distributed_at=received,
                    due_at=received + timedelta(days=14 if category == Category.HANDLE else 7),
                )
            )
        IncomingDocument.objects.bulk_create(docs, batch_size=2000)
        open_docs = [d for d in docs if d.state == State.CIRCULATING]
        Reader.objects.bulk_create(
            [Reader(document=d, reader=d.holder, seq=1, status=Reader.Status.CURRENT, duty="act") for d in open_docs],
            batch_size=2000,
        )
        grants = [
            IncomingUserObjectPermission(user=clerk, permission=view, content_object=d) for d in docs if d.secret_level
        ]
        grants += [
            IncomingUserObjectPermission(user=d.holder, permission=view, content_object=d)
            for d in open_docs
            if d.secret_level
        ]
        IncomingUserObjectPermission.objects.bulk_create(grants, batch_size=2000, ignore_conflicts=True)
        print(f"  {min(n, chunk_start + 10_000):>8} rows", flush=True)
    for year, last in serials.items():
        SerialCounter.objects.update_or_create(scope="incoming", year=year, defaults={"last": last})
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"filled {n - have} rows in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    fill(args.n)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from documents.incoming.models import IncomingDocument, State

    User = get_user_model()
    clerk = Client()
    clerk.force_login(User.objects.get(username="shoufa"))
    leader = Client()
    leader.force_login(User.objects.get(username="fuxianzhang1"))
    sample = IncomingDocument.objects.filter(state=State.CIRCULATING, secret_level=0).order_by("-id").first()
    rows = [
        ("clerk registry, current year (50 rows + count)", measure(clerk, "/incoming/", args.repeat)),
        ("clerk registry, all years, page 1", measure(clerk, "/incoming/?year=", args.repeat)),
        ("clerk registry, overdue only", measure(clerk, "/incoming/?overdue=1", args.repeat)),
        ("search 草原 (title, current year)", measure(clerk, "/incoming/?q=草原", args.repeat)),
        ("search by sender number, all years", measure(clerk, "/incoming/?year=&q=杂政办", args.repeat)),
        ("leader: waiting for my instruction", measure(leader, "/incoming/waiting/", args.repeat)),
        ("leader: 我的待办 (home)", measure(leader, "/", args.repeat)),
        ("document detail", measure(clerk, f"/incoming/{sample.pk}/", args.repeat)),
        ("文件批阅单 PDF", measure(clerk, f"/incoming/{sample.pk}/sheet.pdf", max(5, args.repeat // 5))),
    ]
    print(f"\nincoming documents in the bench database: {IncomingDocument.objects.count():,}")
    report(rows)


if __name__ == "__main__":
    main()
