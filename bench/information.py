"""Benchmark of government information (政务信息, 第八章 [44]–[46]) at scale: the week page against the quota, the
scores and the ranking (通报), the list and the statistics.

    .venv/bin/python bench/information.py                    # 500,000 items over ten years
    .venv/bin/python bench/information.py --size 100000
    .venv/bin/python bench/information.py --keep             # leave the database for another look (--reuse)

It uses its own database (``zaduo_infobench`` by default), created (and marked as the benchmark's) at the start
and DROPPED at the end unless ``--keep``; it refuses a database it did not create. The fill builds the demo
office and COPYs ten years of items from the townships, departments and the office itself: each with its first
revision; about 70% sent (to the prefecture nearly always, to the province often, to the county leaders
sometimes), a third of the sendings adopted at their level, a tenth of the adoptions with a leader's 批示; 10%
not used, 2% withdrawn, the recent ones still in the queue; the scoring table changed three times over the
years, so the ranking reads the rule of each adoption's date.

Then it times, in-process, median and p95 with the query count, the pages (by URL name; a page not there yet is
said and skipped) beside a bare page and a constant 50-row template (``bench/common.py``).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta

from common import (
    Tables,
    add_bench_options,
    analyze,
    app_tables,
    empty_tables,
    office_and_staff,
    own_database,
    page_urls,
    print_rows,
    reference_pages_or_say,
    time_pages,
    timed,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_infobench"
MARK = "zaduo-office bench/information.py: created by the benchmark, dropped at its end"
BENCH_USER_PREFIX = "bench_info_"
TOPICS = ["草原生态保护", "虫草采挖管理", "防灾保畜", "控辍保学", "包虫病防治", "饮水安全", "易地搬迁", "生态管护员",
          "乡村振兴", "安全生产", "矛盾纠纷排查", "民族团结", "项目建设", "河湖长制", "森林草原防火"]  # fmt: skip
ACTIONS = ["扎实推进", "全面完成", "创新开展", "多措并举抓好", "认真部署", "深入开展"]
KINDS = {"dynamic": 60, "experience": 15, "problem": 10, "suggestion": 10, "urgent": 5}
AUTHORS = "扎西才让索南尼玛多杰拉毛卓玛旦增桑周更尕"


class Filler:
    def __init__(self, n: int, units: list[int], staff: list[int], leaders: list[int], contacts: dict, rng) -> None:
        from django.utils import timezone

        from information.models import Adoption, InformationItem, Revision, Sending

        self.models = {"item": InformationItem, "revision": Revision, "sending": Sending, "adoption": Adoption}
        self.n, self.units, self.staff, self.leaders, self.contacts, self.rng = n, units, staff, leaders, contacts, rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start = self.now - timedelta(days=3650)
        self.tables = Tables(InformationItem, Revision, Sending, Adoption)  # in this order: items before their rows
        self.counts = {"sent": 0, "sendings": 0, "adoptions": 0, "instructions": 0, "queue": 0}

    def add(self, i: int, submitted: datetime) -> None:
        """Item ``i`` (its id) and its rows."""
        from django.utils import timezone

        rng, t, m = self.rng, self.tables, self.models
        unit = rng.choice(self.units) if rng.random() < 0.9 else None
        clerk = rng.choice(self.staff)
        by = self.contacts.get(unit, clerk) if unit and rng.random() < 0.6 else clerk
        kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        title = f"{rng.choice(['萨呼腾镇', '昂赛乡', '结多乡', '县农牧局', '县教育局', '县卫健局'])}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}工作（{i}）"  # noqa: E501
        recent = submitted > self.now - timedelta(days=10)
        item = {
            "created_at": submitted,
            "updated_at": submitted,
            "version": 3,
            "title": title,
            "body": f"{title}。今年以来，各级认真落实县委、县政府部署，取得阶段性成效。\n下一步将继续抓好落实。",
            "kind": kind,
            "unit_id": unit,
            "author": AUTHORS[i % 8] + AUTHORS[(i // 8) % 8 + 1],
            "submitted_by_id": by,
            "submitted_at": submitted,
            "waiting_since": submitted,
            "revision_count": 1,
        }
        roll = rng.random()
        if recent and roll < 0.5:
            state = rng.choice(["submitted", "editing", "reviewing", "approved"])
            item["state"] = state
            self.counts["queue"] += 1
        elif roll < 0.02:
            item.update(state="withdrawn", withdrawn_at=submitted + timedelta(hours=2))
        elif roll < 0.12:
            item.update(state="not_used", screened_by_id=clerk, screened_at=submitted + timedelta(hours=3),
                        screen_reason="一般性会议报道，不具报送价值。")  # fmt: skip
        else:
            reviewed = submitted + timedelta(hours=rng.randint(3, 30))
            item.update(screened_by_id=clerk, screened_at=submitted + timedelta(hours=2),
                        reviewed_by_id=rng.choice(self.leaders), reviewed_at=reviewed)  # fmt: skip
            sent_on = timezone.localtime(reviewed).date() + timedelta(days=rng.randint(0, 2))
            if sent_on > self.today:
                sent_on = self.today
            targets = [t for t, p in (("prefecture", 0.9), ("province", 0.6), ("county", 0.3)) if rng.random() < p]
            targets = targets or ["prefecture"]
            adopted_first = None
            for target in targets:
                channel = "network" if rng.random() < 0.85 else "fax"
                sending = {"item_id": i, "target": target, "sent_on": sent_on, "channel": channel}
                t.add(m["sending"], **sending, sent_by_id=clerk, recorded_at=reviewed)
                if rng.random() < {"province": 0.15, "prefecture": 0.3, "county": 0.5}[target]:
                    adopted_on = min(self.today, sent_on + timedelta(days=rng.randint(1, 10)))
                    instruction = "请认真研究，抓好落实。" if rng.random() < 0.1 else ""
                    adoption = {
                        "item_id": i,
                        "level": target,
                        "adopted_on": adopted_on,
                        "publication": "《青海政务信息》" if target == "province" else "",
                        "instruction": instruction,
                        "instructed_by": "县长" if instruction else "",
                    }
                    t.add(m["adoption"], **adoption, recorded_by_id=clerk, recorded_at=reviewed)
                    adopted_first = min(adopted_first or adopted_on, adopted_on)
                    self.counts["adoptions"] += 1
                    self.counts["instructions"] += bool(instruction)
            self.counts["sent"] += 1
            self.counts["sendings"] += len(targets)
            item.update(first_sent_on=sent_on, adopted_on=adopted_first)
            if recent:
                item["state"] = "adopted" if adopted_first else "sent"
            else:
                item.update(state="archived", archived_at=reviewed + timedelta(days=30))
        t.add(m["item"], **item)  # its id is i: one item a call, in order
        revision = {"item_id": i, "number": 1, "title": title, "body": item["body"], "note": "来稿"}
        t.add(m["revision"], **revision, edited_by_id=by, edited_at=submitted)

    def run(self, batch: int = 5000) -> None:
        span = (self.now - self.start).total_seconds()
        started = time.perf_counter()
        for offset in range(0, self.n, batch):
            for i in range(offset + 1, min(offset + batch, self.n) + 1):
                self.add(i, self.start + timedelta(seconds=span * i / self.n))
            self.tables.flush()
            done = min(offset + batch, self.n)
            if done % 100000 == 0 or done == self.n:
                print(f"  {done:>9,} items {time.perf_counter() - started:>5.0f} s", flush=True)
        self.tables.finish()


def fill(n: int, seed: int) -> tuple[float, dict]:
    from information.models import ScoringKey, ScoringRule
    from org.models import Profile, Unit, UnitKind
    from org.roles import OFFICE_LEADERS, Role
    from org.selectors import users_with_role

    office_and_staff(60, BENCH_USER_PREFIX)
    staff = list(users_with_role(Role.INFORMATION_OFFICER).values_list("pk", flat=True))
    leaders = [u.pk for role in OFFICE_LEADERS for u in users_with_role(role)]
    units = list(
        Unit.objects.filter(is_active=True, kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    contacts = dict(Profile.objects.filter(unit__isnull=False).values_list("unit_id", "user_id").distinct())
    started = time.perf_counter()
    empty_tables(app_tables("information"))
    # The scoring table and its changes over the years [46].
    director = users_with_role(Role.OFFICE_DIRECTOR).first()
    this_year = date.today().year
    rules = []
    for years_ago, (province, prefecture, county, instruction) in ((10, (8, 4, 1, 2)), (6, (10, 5, 2, 3)),
                                                                   (3, (10, 6, 2, 5)), (0, (12, 6, 2, 5))):  # fmt: skip
        since = date(this_year - years_ago, 1, 1)
        for key, points in zip(ScoringKey.values, (province, prefecture, county, instruction), strict=True):
            rules.append(ScoringRule(key=key, points=points, effective_from=since, changed_by=director))
    ScoringRule.objects.bulk_create(rules)
    print(f"filling {n:,} items …")
    filler = Filler(n, units, staff, leaders or staff, contacts, random.Random(seed))
    filler.run()
    analyze()
    return time.perf_counter() - started, filler.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=500_000, help="items to create (default 500,000)")
    add_bench_options(
        parser,
        runs=20,
        seed=44,
        env="BENCH_INFORMATION_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the items of the last run (with --keep)",
        keep="do not drop the database at the end",
    )
    args = parser.parse_args()
    with own_database(args.database_url, MARK, keep=args.keep):
        measure(args)


def measure(args) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from information import scoring, statistics
    from information.models import Adoption, InformationItem, Sending

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    if args.reuse and InformationItem.objects.exists():
        print(f"reusing {InformationItem.objects.count():,} items")
    else:
        elapsed, counts = fill(args.size, args.seed)
        print(f"{'fill (COPY, ANALYZE)':<52} {elapsed:>8.0f} s")
        print("  ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(
        f"items {InformationItem.objects.count():,}, sendings {Sending.objects.count():,}, "
        f"adoptions {Adoption.objects.count():,}\n"
    )
    staff = User.objects.get(username="xinxi")
    director = User.objects.get(username="zhuren")
    county_head = User.objects.get(username="xianzhang")
    contact = User.objects.get(username="lianluo")
    today = timezone.localdate()
    runs = args.runs
    rows = [
        (
            f"scoring.ranking {today.year} (table + 3 GROUP BYs)",
            timed(lambda: scoring.ranking(staff, scoring.Period(today.year), list_zero_units=True), runs),
        ),
        (
            f"scoring.ranking {today.year - 5} (a past year, old rules)",
            timed(lambda: scoring.ranking(staff, scoring.Period(today.year - 5), list_zero_units=True), runs),
        ),
        (
            f"statistics.period_statistics {today.year}",
            timed(lambda: statistics.period_statistics(staff, scoring.Period(today.year)), runs),
        ),
    ]
    if not reference_pages_or_say():
        print_rows(rows)
        return
    last_year = today.year - 1
    candidates = [
        (staff, "page week (this week)", "information:week", {}, ""),
        (staff, "page week (a week five years ago)", "information:week", {}, f"?week={today.year - 5}-W20"),
        (staff, "page scores, this year", "information:scores", {}, ""),
        (staff, "page scores, last year's May", "information:scores", {}, f"?year={last_year}&month=5"),
        (contact, "page scores, a unit contact", "information:scores", {}, ""),
        (staff, "page ranking PDF (通报), last year", "information:ranking_pdf", {}, f"?year={last_year}"),
        (staff, "page list (information staff)", "information:list", {}, ""),
        (staff, "page list, search 草原", "information:list", {}, "?q=草原"),
        (staff, "page list, sent to the province", "information:list", {}, "?target=province"),
        (contact, "page list (a unit contact)", "information:list", {}, ""),
        (county_head, "page list (county head)", "information:list", {}, ""),
        (director, "page statistics, this year", "information:stats", {}, ""),
        (director, "page statistics, last year's May", "information:stats", {}, f"?year={last_year}&month=5"),
        (staff, "page register.xlsx, last year's May", "information:export", {}, f"?year={last_year}&month=5"),
    ]
    rows += time_pages(
        staff, page_urls(candidates), runs, slow=lambda url: url.endswith((".xlsx", ".pdf")) or ".pdf?" in url
    )
    print_rows(rows)


if __name__ == "__main__":
    main()
