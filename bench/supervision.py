"""Benchmark of supervision (督查, 第六章 with [11], [12]) at scale: the item list, a unit's list, the item page and the
statistics page.

    .venv/bin/python bench/supervision.py               # 100,000 items, 1,000,000 feedback rows, ten years
    .venv/bin/python bench/supervision.py --n 10000 --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/supervision.py --reuse       # measure the items of the last run again

It uses its own database (``zaduo_sup3_bench`` by default, created if missing and marked as the benchmark's; its
supervision tables are emptied and refilled, so it refuses a database it did not create). The fill builds the demo
office, adds staff up to ``--people`` and units up to ``--units``, and COPYs ten years of items — work-report
tasks, meeting decisions, leaders' 批示, proposals — each with its assisting unit, feedback (ten on average: a
million rows; late ones with a reason), log entries and, for the 2% classified, the grants visibility reads. Most
older items are done (on time or late), a few cancelled; this year's are a third still tracked, some overdue.

Then it times, in-process, median and p95 with the query count: the statistics selector, and the pages (by URL
name; a page not there yet is said and skipped) through the test client, beside a bare page and a constant 50-row
template (``bench/common.py``), so the figures read as ratios.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from datetime import datetime, timedelta

from common import (
    add_bench_options,
    analyze,
    column_defaults,
    copy_buffer,
    copy_line,
    empty_tables,
    office_and_staff,
    page_urls,
    print_rows,
    reference_pages_or_say,
    reset_sequences,
    setup_bench,
    time_pages,
    timed,
    unit_contact,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_sup3_bench"
MARK = "zaduo-office bench/supervision.py: created by the benchmark, emptied on every run"
BENCH_USER_PREFIX = "bench_sup_"
CONTACT = "bench_sup_contact"
SOURCES = {"work_report": 30, "meeting": 30, "county_leader": 20, "superior_leader": 8, "deputy_proposal": 6,
           "cppcc_proposal": 4, "other": 2}  # fmt: skip
WORDS = ["草原生态保护", "乡村道路硬化", "牧区寄宿制学校", "安全生产", "森林草原防火", "城区供暖", "饮水安全",
         "易地搬迁", "虫草采挖管理", "民生实事", "招商引资", "财政预算执行"]  # fmt: skip
SATISFACTION = ["satisfied", "satisfied", "basically", "dissatisfied"]
REASONS = ["上级资金未按期到位", "施工季节短，冬季停工", "涉及多部门协调，方案尚在论证", "项目用地手续未办结"]


def ensure_units(count: int) -> list[int]:
    from org.models import Unit, UnitKind

    have = Unit.objects.count()
    Unit.objects.bulk_create(
        [
            Unit(
                name=f"基准测试单位{i:03d}", short_name=f"基准单位{i:03d}", kind=UnitKind.DEPARTMENT, sort_order=500 + i
            )
            for i in range(have, count)
        ],
        ignore_conflicts=True,
    )
    return list(Unit.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))


class Filler:
    """Rows for COPY, one item at a time, registered in order over ten years."""

    def __init__(self, n: int, feedback: int, people: list, units: list[int], rng: random.Random) -> None:
        from django.contrib.auth.models import Permission
        from django.utils import timezone

        from org.models import Section
        from org.roles import Role, has_role
        from supervision.models import Feedback, Item, ItemLog

        self.rng = rng
        self.n = n
        self.feedback_per_item = feedback / n
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start = self.now - timedelta(days=3650)
        self.units = units
        self.sections = list(Section.objects.values_list("pk", flat=True))

        def having(*roles):
            return [u.pk for u in people if has_role(u, *roles)]

        self.leaders = having(Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR) or [people[0].pk]
        self.deputies = having(Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD) or [people[0].pk]
        self.handlers = having(Role.LINE_STAFF, Role.SECTION_CHIEF, Role.REGISTRY_CLERK) or [people[0].pk]
        self.view_perm = Permission.objects.get(content_type__app_label="supervision", codename="view_item").pk
        self.item_defaults, self.feedback_defaults, self.log_defaults = (
            column_defaults(Item),
            column_defaults(Feedback),
            column_defaults(ItemLog),
        )
        self.item_columns = list(self.item_defaults)
        self.feedback_columns = list(self.feedback_defaults)
        self.log_columns = list(self.log_defaults)
        self.serials: dict[int, int] = {}
        self.proposal_numbers: dict[tuple[int, str], int] = {}
        self.ids = {"feedback": 0, "log": 0, "grant": 0, "assist": 0}
        self.sources = list(SOURCES)
        self.weights = [SOURCES[s] for s in self.sources]

    def rows(self, i: int, created: datetime):
        rng = self.rng
        year = created.year
        serial = self.serials[year] = self.serials.get(year, 0) + 1
        source = rng.choices(self.sources, self.weights)[0]
        proposal = source in ("deputy_proposal", "cppcc_proposal")
        words = rng.sample(WORDS, 2)
        deadline = (created + timedelta(days=rng.choice([30, 60, 90, 90, 180, 365]))).date()
        recent = created > self.now - timedelta(days=365)
        r = rng.random()
        if recent and r < 0.35:
            state = rng.choice(["tracking", "tracking", "tracking", "pending_close"])
        elif r < 0.03:
            state = "cancelled"
        elif r < 0.04:
            state = "not_approved"
        elif deadline > self.today and recent and r < 0.4:
            state = "registered"
        else:
            state = "done"
        major = rng.random() < 0.08
        if state == "registered" and major:
            state = "pending_approval"
        level = 1 if rng.random() < 0.02 else 0
        leader, handler = rng.choice(self.leaders), rng.choice(self.handlers)
        deputy = rng.choice(self.deputies) if major or rng.random() < 0.5 else None
        tracked = state in ("tracking", "pending_close", "done")
        done_on = None
        if state == "done":
            done_on = deadline + timedelta(days=rng.choice([-20, -10, -3, 0, 0, 5, 15]))
            done_on = min(done_on, self.today)
        done_at = datetime.combine(done_on, datetime.min.time(), tzinfo=created.tzinfo) if done_on else None
        item = dict(self.item_defaults)
        item.update(
            id=i, version=4, created_at=created, updated_at=done_at or created, year=year, serial=serial,
            source=source, title=f"督促落实{words[0]}和{words[1]}工作（第{i}项）",
            text=f"按照要求抓好{words[0]}工作，同步推进{words[1]}，按时报送进展。", secret_level=level,
            first_responsible_id=leader, deputy_head_id=deputy, handler_id=handler,
            lead_unit_id=rng.choice(self.units), registered_by_id=handler, deadline=deadline,
            is_major=major, approved_by_id=deputy if major and tracked else None,
            approved_at=created + timedelta(days=2) if major and tracked else None,
            refusal_reason="不属重大事项" if state == "not_approved" else "",
            tracking_since=created + timedelta(days=2) if tracked else None, handling_round=1,
            submitted_at=done_at if state in ("done", "pending_close") else None,
            result="已办结" if state == "done" else "", done_at=done_at, done_by_id=leader if done_at else None,
            on_time=(done_on <= deadline) if done_on else None,
            cancelled_at=created + timedelta(days=10) if state == "cancelled" else None,
            cancel_reason="并入其他事项" if state == "cancelled" else "", state=state,
            superior_mode="supervise" if source == "superior_leader" else "",
            superior_leader="州政府领导" if source == "superior_leader" else "",
        )  # fmt: skip
        if major and not deputy:
            item["deputy_head_id"] = rng.choice(self.deputies)
        if proposal:
            kind = "建议" if source == "deputy_proposal" else "提案"
            number = self.proposal_numbers[(year, kind)] = self.proposal_numbers.get((year, kind), 0) + 1
            item.update(
                proposal_number=f"{kind}第{number}号", proposer=f"代表{number % 90}", session="县第十八届人大三次会议",
                assigned_on=created.date(), answer_due=deadline,
                satisfaction=rng.choice(SATISFACTION) if state == "done" else "",
            )  # fmt: skip
        assisting = []
        if rng.random() < 0.6:
            other = rng.choice(self.units)
            if other != item["lead_unit_id"]:
                self.ids["assist"] += 1
                assisting.append((self.ids["assist"], i, other))
        feedback = []
        if tracked:
            count = max(0, int(rng.gauss(self.feedback_per_item * 1.15, 3)))
            last = (done_at or self.now) - timedelta(days=1)
            begin = created + timedelta(days=3)
            for k in range(count):
                self.ids["feedback"] += 1
                at = begin + (last - begin) * (k + 1) / (count + 1)
                late = at.date() > deadline
                row = dict(self.feedback_defaults)
                row.update(
                    id=self.ids["feedback"], item_id=i, unit_id=item["lead_unit_id"],
                    text=f"第{k + 1}次反馈：{words[0]}工作按计划推进。",
                    late_reason=rng.choice(REASONS) if late else "",
                    is_late=late, received_via=rng.choice(["paper", "phone", "letter"]), received_on=at.date(),
                    reporter="", recorded_by_id=handler, recorded_at=at,
                )  # fmt: skip
                feedback.append(row)
            if feedback:
                item["last_feedback_at"] = feedback[-1]["recorded_at"]
                if any(f["is_late"] for f in feedback):
                    item["late_explained_for"] = deadline
        logs = []
        steps = [("create", "登记", created, "", "registered")]
        if tracked:
            steps.append(("start", "开始督办", created + timedelta(days=2), "registered", "tracking"))
        if state == "done":
            steps.append(("close", "办结", done_at, "pending_close", "done"))
        for action, label, at, frm, to in steps:
            self.ids["log"] += 1
            row = dict(self.log_defaults)
            row.update(id=self.ids["log"], document_id=i, actor_id=handler, at=at, action=action, action_label=label,
                       from_state=frm, to_state=to, comment="")  # fmt: skip
            logs.append(row)
        grants = []
        if level:
            for person in {leader, handler}:
                self.ids["grant"] += 1
                grants.append((self.ids["grant"], person, self.view_perm, i))
        return item, assisting, feedback, logs, grants

    def run(self, batch: int = 5000) -> None:
        from django.db import connection

        span = (self.now - self.start).total_seconds()
        started = time.perf_counter()
        targets = {  # what each buffer is COPYed into: the table and its columns
            "item": ("supervision_item", self.item_columns),
            "assist": ("supervision_assistingunit", ["id", "item_id", "unit_id"]),
            "feedback": ("supervision_feedback", self.feedback_columns),
            "log": ("supervision_itemlog", self.log_columns),
            "grant": ("supervision_itemuserobjectpermission", ["id", "user_id", "permission_id", "content_object_id"]),
        }
        with connection.cursor() as cursor:
            for offset in range(0, self.n, batch):
                buffers = {key: io.StringIO() for key in targets}
                for i in range(offset + 1, min(offset + batch, self.n) + 1):
                    created = self.start + timedelta(seconds=span * i / self.n)
                    item, assisting, feedback, logs, grants = self.rows(i, created)
                    buffers["item"].write(copy_line(item[c] for c in self.item_columns))
                    for row in assisting:
                        buffers["assist"].write(copy_line(row))
                    for row in feedback:
                        buffers["feedback"].write(copy_line(row[c] for c in self.feedback_columns))
                    for row in logs:
                        buffers["log"].write(copy_line(row[c] for c in self.log_columns))
                    for row in grants:
                        buffers["grant"].write(copy_line(row))
                for key, buffer in buffers.items():
                    copy_buffer(cursor, *targets[key], buffer)
                done = min(offset + batch, self.n)
                if done % 20000 == 0 or done == self.n:
                    print(f"  {done:>9,} items, {self.ids['feedback']:>10,} feedback rows "
                          f"{time.perf_counter() - started:>5.0f} s", flush=True)  # fmt: skip
            reset_sequences(cursor, [table for table, _ in targets.values()])
            from core.models import SerialCounter

            for year, last_serial in self.serials.items():
                SerialCounter.objects.update_or_create(
                    scope="supervision.item", year=year, defaults={"last": last_serial}
                )


def fill(n: int, feedback: int, people_count: int, unit_count: int, seed: int) -> float:
    people = office_and_staff(people_count, BENCH_USER_PREFIX)
    units = ensure_units(unit_count)
    started = time.perf_counter()
    empty_tables(["supervision_feedbackattachment", "supervision_feedback", "supervision_extension",
                  "supervision_proposalanswer", "supervision_itemlog", "supervision_itemuserobjectpermission",
                  "supervision_assistingunit", "supervision_bulletin", "supervision_item"])  # fmt: skip
    print(f"filling {n:,} items ({feedback:,} feedback rows) for {len(people)} people, {len(units)} units …")
    Filler(n, feedback, people, units, random.Random(seed)).run()
    analyze()
    return time.perf_counter() - started


def supervision_pages(director, clerk, county_head, contact, sample, unit_id, year: int):
    """(user, label, url) for each supervision page that exists (by URL name; pages missing are left out)."""
    candidates = [
        (clerk, "page item list, open by deadline (the office)", "supervision:list", {}, ""),
        (clerk, "page item list, all years", "supervision:list", {}, "?state=all"),
        (clerk, "page a unit's list (the office, ?unit=)", "supervision:list", {}, f"?unit={unit_id}"),
        (contact, "page a unit's list (the unit's 联络员)", "supervision:list", {}, ""),
        (clerk, "page an item (10-ish feedback rows, log)", "supervision:detail", {"pk": sample.pk}, ""),
        (county_head, "page statistics, this year (county head)", "supervision:statistics", {}, ""),
        (county_head, "page statistics, last year", "supervision:statistics", {}, f"?year={year - 1}"),
        (contact, "page statistics (a unit's 联络员)", "supervision:statistics", {}, ""),
        (director, "page statistics Excel, this year", "supervision:statistics_xlsx", {}, ""),
        (clerk, "page work-report tasks, this year", "supervision:work_report", {}, ""),
        (director, "page work-report Excel, last year", "supervision:work_report_xlsx", {}, f"?year={year - 1}"),
        (clerk, "page proposals, this year", "supervision:proposals", {}, ""),
        (director, "page proposals summary per unit", "supervision:proposal_summary", {}, ""),
        (clerk, "page 我的待办 (home, the 经办人)", "core:home", {}, ""),
    ]
    return page_urls(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="items to create (default 100,000)")
    parser.add_argument("--feedback", type=int, default=None, help="feedback rows (default ten per item)")
    parser.add_argument("--people", type=int, default=120, help="people in the office and its leaders (default 120)")
    parser.add_argument("--units", type=int, default=80, help="units (departments, townships …), default 80")
    add_bench_options(
        parser,
        runs=30,
        seed=37,
        env="BENCH_SUPERVISION_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the items of the last run",
    )
    args = parser.parse_args()
    setup_bench(args.database_url, MARK)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from supervision import statistics
    from supervision.models import Feedback, Item

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    if args.reuse and Item.objects.exists():
        print(f"reusing {Item.objects.count():,} items")
    else:
        elapsed = fill(args.n, args.feedback or args.n * 10, args.people, args.units, args.seed)
        print(f"{'fill (COPY + ANALYZE)':<52} {elapsed:>8.0f} s")
    today = timezone.localdate()
    director = User.objects.get(username="zhuren")
    clerk = User.objects.get(username="shoufa")
    county_head = User.objects.get(username="xianzhang")
    busiest = Item.objects.filter(year=today.year).values("lead_unit_id").annotate(n=Count("id")).order_by("-n").first()
    unit_id = busiest["lead_unit_id"]
    contact = unit_contact(CONTACT, unit_id)  # sees their unit's items only [40]
    sample = (
        Item.objects.filter(state="tracking", secret_level=0).annotate(n=Count("feedback")).filter(n__gte=8).first()
    )
    counts = {
        "items": Item.objects.count(),
        "feedback rows": Feedback.objects.count(),
        "this year": Item.objects.filter(year=today.year).count(),
        "open": Item.objects.exclude(state__in=["done", "cancelled"]).count(),
        "overdue": Item.objects.filter(state__in=["tracking", "pending_close"], deadline__lt=today).count(),
        "the unit's items": Item.objects.filter(lead_unit_id=unit_id).count(),
        "sample's feedback": sample.feedback.count(),
    }
    print("  ".join(f"{k} {v:,}" for k, v in counts.items()) + "\n")
    runs = args.runs
    rows = [
        ("selector year_statistics (county head, this year)",
         timed(lambda: statistics.year_statistics(county_head, year=today.year), runs)),
        ("selector year_statistics (a unit's 联络员)",
         timed(lambda: statistics.year_statistics(contact, year=today.year), runs)),
        ("selector proposal_summary (this year)",
         timed(lambda: statistics.proposal_summary(director, year=today.year), runs)),
    ]  # fmt: skip
    if not reference_pages_or_say():
        print_rows(rows)
        return
    pages = supervision_pages(director, clerk, county_head, contact, sample, unit_id, today.year)
    rows += time_pages(clerk, pages, runs, slow=lambda url: "statistics" in url or "summary" in url or ".xlsx" in url)
    print_rows(rows)


if __name__ == "__main__":
    main()
