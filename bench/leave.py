"""Benchmark of leave and trips (请销假, 第五十一条、第五十四条) at scale: the reads the pages are built on.

    .venv/bin/python bench/leave.py                    # 1,000,000 requests, 300 people, ten years
    .venv/bin/python bench/leave.py --n 100000 --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/leave.py --reuse            # measure the requests of the last run again

It uses its own database (``zaduo_bench_leave`` by default, created if missing and marked as the benchmark's;
its leave requests and absences are emptied and refilled, so it refuses a database it did not create). The
fill builds the demo office, adds staff up to ``--people``, and COPYs the requests and the ``org.Absence`` of
every approved one — kinds weighted (mostly 事假, 年休假, 出差, 病假), half-day starts and ends, 续假,
rejections, withdrawals, 事后补办 病假.

At 1,000,000 requests for 300 people each person holds ~330 requests a year — more than their working days,
so the bulk of history overlaps (the no-overlap rule is the service's, not the table's). The last 60 days and
the next 14 are filled at a believable density instead (~15 requests a person a year, none overlapping), so
today's board and this month's calendar look like a real office's; a fifth of the rest of the last year is
left open (pending, approved, away and not 销假), which keeps the active indexes under load. A dense month of
the past is measured too: the calendar's worst case.

Then it times, in-process, median and p95 with the query count: the selectors (board, my_requests,
awaiting_decision, month_calendar, person_year) and every leave page that exists (by URL name) through the
test client, next to a bare page and a constant 50-row template, so the figures read as ratios of what the
machine can do; and prints EXPLAIN (ANALYZE, BUFFERS) of the board's and the calendar's queries.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from common import (
    add_bench_options,
    analyze,
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
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_bench_leave"
# Written on the database this script creates: it empties only a database carrying it.
MARK = "zaduo-office bench/leave.py: created by the benchmark, emptied on every run"
BENCH_USER_PREFIX = "bench_staff_"

# name: (weight, durations in half-days) — 事假、年休假、出差、病假 are most of it.
KINDS = {
    "事假": (30, [1, 1, 1, 2, 2, 3]),
    "年休假": (20, [2, 2, 4, 6, 10]),
    "出差": (22, [2, 2, 3, 4, 6, 8]),
    "病假": (15, [1, 2, 2, 3, 4]),
    "学习培训": (6, [4, 6, 10]),
    "探亲假": (2, [6, 10, 20]),
    "其他": (2, [1, 2]),
    "丧假": (1, [4, 6]),
    "婚假": (1, [6, 10]),
    "陪产假": (0.6, [10, 20]),
    "产假": (0.4, [20, 40]),
}
DESTINATIONS = ["西宁市", "玉树市", "囊谦县", "治多县", "北京市", "成都市", "格尔木市", "萨呼腾镇"]
REASONS = {
    "事假": "家中有事需本人处理",
    "年休假": "休年休假",
    "出差": "赴州政府汇报草原生态保护工作",
    "病假": "感冒发烧，遵医嘱休息",
    "学习培训": "参加州委党校干部培训班",
    "探亲假": "探望父母",
    "其他": "办理个人事务",
    "丧假": "直系亲属丧事",
    "婚假": "本人结婚",
    "陪产假": "配偶生育",
    "产假": "生育",
}


# --- the office ---------------------------------------------------------------------------------------------------


def build_people(count: int) -> list:
    """The demo office, and line staff up to ``count`` people who use the leave chapter."""
    from leave import rules

    return office_and_staff(count, BENCH_USER_PREFIX, keep=rules.can_request)


def approvers_for(people: list) -> dict[int, tuple]:
    """(approver for ≤ 1 day, approver for more, article) per person, as ``leave.rules.approval_rule`` says."""
    from leave import rules

    out = {}
    for person in people:
        short = rules.approval_rule(person, Decimal("0.5"))
        long = rules.approval_rule(person, Decimal("2"))
        out[person.pk] = (short, long)
    return out


# --- the requests -------------------------------------------------------------------------------------------------


class Filler:
    """Generates the requests in id order and writes them with COPY, with an absence for each taken one."""

    def __init__(self, n: int, people: list, rng: random.Random) -> None:
        from django.utils import timezone

        from deadlines.calendar import WorkCalendar
        from leave.models import LeaveKind, LeaveRequest
        from org.models import Absence

        self.n, self.people, self.rng = n, people, rng
        self.approvers = approvers_for(people)
        self.kinds = {k.name: k for k in LeaveKind.objects.all()}
        names = [name for name in KINDS if name in self.kinds]
        self.kind_names, self.kind_weights = names, [KINDS[name][0] for name in names]
        self.calendar = WorkCalendar.load()
        self.working: dict[date, bool] = {}
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.request_fields = list(LeaveRequest._meta.concrete_fields)
        self.absence_fields = list(Absence._meta.concrete_fields)
        self.request_table, self.absence_table = LeaveRequest._meta.db_table, Absence._meta.db_table
        self.last_of: dict[int, dict] = {}  # each person's latest taken request (for 续假)
        self.busy_until: dict[int, int] = {}  # realistic window: each person's last half-day slot taken
        self.absence_id = 0

    # half-day slots: day.toordinal() * 2 (+1 for the afternoon)
    @staticmethod
    def slot(day: date, half: str) -> int:
        return day.toordinal() * 2 + (1 if half == "pm" else 0)

    @staticmethod
    def unslot(slot: int) -> tuple[date, str]:
        return date.fromordinal(slot // 2), ("pm" if slot % 2 else "am")

    def is_working(self, day: date) -> bool:
        w = self.working.get(day)
        if w is None:
            w = self.working[day] = self.calendar.is_working_day(day)
        return w

    def working_days(self, start: int, end: int) -> Decimal:
        halves = sum(1 for s in range(start, end + 1) if self.is_working(date.fromordinal(s // 2)))
        return Decimal(halves) / 2

    def moment(self, slot: int) -> datetime:
        day, half = self.unslot(slot)
        return datetime(day.year, day.month, day.day, 12 if half == "pm" else 0, tzinfo=self.tz)

    def plan(self) -> list[tuple[int, int, int, str, bool]]:
        """(person index, start slot, end slot, kind, realistic) for every request, in creation order."""
        rng = self.rng
        today_slot = self.slot(self.today, "am")
        recent_from, horizon = today_slot - 120, today_slot + 28  # the last 60 days and the next 14
        first = today_slot - 3650 * 2
        # Realistic near today: ~15 requests a person a year, none overlapping one another.
        recent = []
        per_day = len(self.people) * 15 / 365
        for slot in range(recent_from, horizon, 2):
            for _ in range(int(per_day) + (1 if rng.random() < per_day % 1 else 0)):
                p = rng.randrange(len(self.people))
                kind = rng.choices(self.kind_names, self.kind_weights)[0]
                start = slot + (1 if rng.random() < 0.25 else 0)
                length = rng.choice(KINDS[kind][1])
                if self.busy_until.get(p, 0) >= start:
                    continue
                self.busy_until[p] = start + length - 1
                recent.append((p, start, start + length - 1, kind, True))
        bulk_n = max(0, self.n - len(recent))
        bulk = []
        span = recent_from - first
        for i in range(bulk_n):
            start = first + int(i * span / bulk_n) + rng.randrange(0, 2)
            start = min(start, recent_from - 1)
            kind = rng.choices(self.kind_names, self.kind_weights)[0]
            length = rng.choice(KINDS[kind][1])
            bulk.append((rng.randrange(len(self.people)), start, start + length - 1, kind, False))
        return bulk + recent

    def state_of(self, start: int, end: int, realistic: bool, kind: str) -> tuple[str, bool]:
        """(state, retroactive)."""
        rng = self.rng
        today_slot = self.slot(self.today, "am") + (1 if self.now.astimezone(self.tz).hour >= 12 else 0)
        retro = kind == "病假" and rng.random() < 0.3
        r = rng.random()
        if start > today_slot:
            state = "pending" if r < 0.4 else "approved" if r < 0.9 else "withdrawn" if r < 0.95 else "rejected"
            return state, False
        if r < 0.04:
            return "rejected", retro
        if r < 0.09:
            return "withdrawn", False
        if end >= today_slot:
            return ("away" if realistic or rng.random() < 0.5 else "returned"), retro
        if realistic:
            return ("away" if rng.random() < 0.1 else "returned"), retro
        if start > today_slot - 730 and rng.random() < 0.2:  # a fifth of the last year still open
            r = rng.random()
            return ("away" if r < 0.7 else "approved" if r < 0.8 else "pending"), retro
        return "returned", retro

    def rows(self, index: int, p: int, start: int, end: int, kind_name: str, realistic: bool):
        rng = self.rng
        person = self.people[p]
        kind = self.kinds[kind_name]
        state, retro = self.state_of(start, end, realistic, kind_name)
        days = self.working_days(start, end)
        if days == 0:
            days = Decimal("0.5")
        previous = self.last_of.get(person.pk)
        extends = None
        chain = days
        if (
            not realistic
            and previous
            and state in ("pending", "approved", "away", "returned")
            and rng.random() < 0.015
            and previous["end"] < start
        ):
            extends, chain = previous["id"], previous["chain"] + days
        short, long = self.approvers[person.pk]
        rule = short if chain <= 1 else long
        starts_at, ends_at = self.moment(start), self.moment(end + 1)
        submitted = (
            None
            if state == "withdrawn" and rng.random() < 0.3
            else (
                starts_at + timedelta(days=1, hours=rng.randint(1, 8))
                if retro
                else starts_at - timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 8))
            )
        )
        created = (submitted or starts_at - timedelta(days=2)) - timedelta(minutes=rng.randint(3, 90))
        decided = (
            submitted + timedelta(hours=rng.randint(1, 20))
            if submitted and state not in ("pending", "withdrawn")
            else None
        )
        taken = state in ("approved", "away", "returned")
        absence_id = None
        absence_row = None
        end_day, end_half = self.unslot(end)
        returned_on = returned_half = returned_at = returned_by = actual = None
        if state == "returned":
            back = end + 1
            if rng.random() < 0.03 and end > start:  # 提前返回
                back = rng.randrange(start + 1, end + 1)
                ends_at = self.moment(back)
                actual = self.working_days(start, back - 1)
            else:
                actual = days
            returned_on, returned_half = self.unslot(back)
            returned_at = self.moment(back) + timedelta(hours=rng.randint(1, 30))
            returned_by = person.pk
        if taken:
            self.absence_id += 1
            absence_id = self.absence_id
            category = kind.category
            reason = {"trip": "trip", "study": "training"}.get(category, "leave")
            destination = rng.choice(DESTINATIONS) if kind.needs_destination else ""
            absence_row = (
                absence_id,
                person.pk,
                starts_at,
                ends_at,
                reason,
                f"{kind.name}{'：' + destination if destination else ''}",
                "leave",
                decided or created,
            )
        else:
            destination = rng.choice(DESTINATIONS) if kind.needs_destination else ""
        start_day, start_half = self.unslot(start)
        values = {
            "id": index,
            "version": {"draft": 0, "pending": 1, "rejected": 2, "withdrawn": 2, "approved": 2, "away": 3}.get(
                state, 4
            ),
            "created_at": created,
            "updated_at": returned_at or decided or submitted or created,
            "person_id": person.pk,
            "kind_id": kind.pk,
            "start_date": start_day,
            "start_half": start_half,
            "end_date": end_day,
            "end_half": end_half,
            "working_days": days,
            "destination": destination,
            "leaves_county": bool(destination) and destination != "萨呼腾镇",
            "reason": REASONS[kind_name],
            "cover_id": self.people[(p + 1) % len(self.people)].pk,
            "attachment": "",
            "attachment_name": "",
            "attachment_type": "",
            "extends_id": extends,
            "submitted_at": submitted,
            "retroactive": retro and submitted is not None,
            "chain_days": chain,
            "approver_id": rule.approver.pk if submitted and rule.approver else None,
            "approval_rule": rule.text if submitted else "",
            "approval_article": rule.article if submitted else "",
            "decision_due_at": submitted + timedelta(days=1) if submitted else None,
            "decided_at": decided,
            "decision_comment": "不同意：近期工作任务重" if state == "rejected" else ("同意" if decided else ""),
            "absence_id": absence_id,
            "departed_at": starts_at if state in ("away", "returned") else None,
            "return_due_at": self.moment(end + 3) if state in ("approved", "away") else None,
            "returned_on": returned_on,
            "returned_half": returned_half or "",
            "returned_at": returned_at,
            "returned_by_id": returned_by,
            "actual_days": actual,
            "state": state,
        }
        if taken:
            self.last_of[person.pk] = {"id": index, "end": end, "chain": chain}
        return values, absence_row

    def run(self, batch: int = 50_000) -> None:
        from django.db import connection

        plan = self.plan()
        self.n = len(plan)
        columns = [f.column for f in self.request_fields]
        absence_columns = ["id", "person_id", "starts_at", "ends_at", "reason", "note", "source", "created_at"]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for offset in range(0, self.n, batch):
                requests, absences = io.StringIO(), io.StringIO()
                for i in range(offset, min(offset + batch, self.n)):
                    values, absence = self.rows(i + 1, *plan[i])
                    requests.write(copy_line(values[c] for c in columns))
                    if absence:
                        absences.write(copy_line(absence))
                copy_buffer(cursor, self.absence_table, absence_columns, absences)
                copy_buffer(cursor, self.request_table, columns, requests)
                print(
                    f"  {min(offset + batch, self.n):>9,} requests, {self.absence_id:>9,} absences  "
                    f"{time.perf_counter() - started:>5.0f} s",
                    flush=True,
                )
            reset_sequences(cursor, [self.request_table, self.absence_table])


def fill(n: int, people_count: int, seed: int) -> float:
    from leave.models import LeaveRequest, TransitionLog
    from org.models import Absence

    people = build_people(people_count)
    started = time.perf_counter()
    empty_tables([TransitionLog._meta.db_table, LeaveRequest._meta.db_table, Absence._meta.db_table])
    print(f"filling {n:,} requests for {len(people)} people …", flush=True)
    Filler(n, people, random.Random(seed)).run()
    analyze()
    return time.perf_counter() - started


# --- measuring ------------------------------------------------------------------------------------------------------


def leave_pages(person, director, clerk, sample, today: date, dense: date) -> list[tuple[object, str, str]]:
    """(user, label, url) for each leave page that exists (by URL name; pages missing are left out)."""
    dense_month = f"?year={dense.year}&month={dense.month}"
    candidates = [
        (person, "page 我的请假 (a person with many)", "leave:list", {}, ""),
        (director, "page 我的请假 + 待我审批 (director)", "leave:list", {}, ""),
        (clerk, "page 在岗/外出 board (today)", "leave:board", {}, ""),
        (clerk, f"page month calendar {today:%Y-%m}, all sections", "leave:month", {}, ""),
        (clerk, f"page month calendar {dense:%Y-%m} (dense past)", "leave:month", {}, dense_month),
        (clerk, f"page 考勤汇总 Excel {today:%Y-%m}", "leave:attendance_xlsx", {}, ""),
        (clerk, f"page a person's year {today.year}", "leave:person_year", {"user_id": person.pk}, ""),
        (person, "page a request", "leave:detail", {"pk": sample.pk}, ""),
        (person, "page 请假审批单 PDF", "leave:form_pdf", {"pk": sample.pk}, ""),
        (clerk, f"page statistics {today.year}", "leave:stats", {}, ""),
    ]
    return page_urls(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="leave requests to create (default 1,000,000)")
    parser.add_argument("--people", type=int, default=300, help="people asking for leave (default 300)")
    add_bench_options(
        parser,
        runs=30,
        seed=54,
        env="BENCH_LEAVE_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the requests of the last run",
    )
    args = parser.parse_args()
    setup_bench(args.database_url, MARK)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from leave import selectors
    from leave.models import LeaveRequest, State

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    if args.reuse and LeaveRequest.objects.exists():
        print(f"reusing {LeaveRequest.objects.count():,} requests")
    else:
        elapsed = fill(args.n, args.people, args.seed)
        print(f"{'fill (COPY + ANALYZE)':<52} {elapsed:>8.0f} s")

    today = timezone.localdate()
    person = User.objects.get(username="guikou2")
    director = User.objects.get(username="zhuren")
    clerk = User.objects.get(username="shoufa")
    dense = today.replace(day=1) - timedelta(days=365 * 3)
    sample = LeaveRequest.objects.filter(person=person, state=State.RETURNED).order_by("-id").first()
    counts = {
        "requests": LeaveRequest.objects.count(),
        "open (approved/away)": LeaveRequest.objects.filter(state__in=["approved", "away"]).count(),
        "pending": LeaveRequest.objects.filter(state="pending").count(),
        f"{person.username}'s requests": LeaveRequest.objects.filter(person=person).count(),
        "waiting for the director": LeaveRequest.objects.filter(approver=director, state="pending").count(),
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM org_absence")
        counts["absences"] = cursor.fetchone()[0]
    print("  ".join(f"{k} {v:,}" for k, v in counts.items()))
    board_rows = len(selectors.board(clerk, day=today))
    cal = selectors.month_calendar(clerk, year=today.year, month=today.month)
    dense_cal = selectors.month_calendar(clerk, year=dense.year, month=dense.month)
    print(
        f"board today: {board_rows} people away; calendar {today:%Y-%m}: "
        f"{sum(len(s.rows) for s in cal.sections)} people; dense month {dense:%Y-%m}: "
        f"{sum(len(s.rows) for s in dense_cal.sections)} people\n"
    )

    runs = args.runs
    rows = [
        ("selector board(clerk, today)", timed(lambda: selectors.board(clerk, day=today), runs)),
        ("selector my_requests(person)[:50] + count", timed(lambda: _page_of(selectors.my_requests(person)), runs)),
        (
            "selector awaiting_decision(director)[:50] + count",
            timed(lambda: _page_of(selectors.awaiting_decision(director)), runs),
        ),
        (
            f"selector month_calendar(clerk, {today:%Y-%m}, all sections)",
            timed(lambda: selectors.month_calendar(clerk, year=today.year, month=today.month), runs),
        ),
        (
            f"selector month_calendar(clerk, {dense:%Y-%m}: dense past)",
            timed(lambda: selectors.month_calendar(clerk, year=dense.year, month=dense.month), max(5, runs // 3)),
        ),
        (
            f"selector person_year(clerk, {person.username}, {today.year})",
            timed(lambda: selectors.person_year(clerk, person=person, year=today.year), runs),
        ),
        (
            f"selector person_year(clerk, {person.username}, {dense.year}: dense)",
            timed(lambda: selectors.person_year(clerk, person=person, year=dense.year), runs),
        ),
    ]

    if not reference_pages_or_say():  # the pages are being built: time what imports
        print_rows(rows)
        _explain(clerk, person, director, today, dense)
        return
    pages = leave_pages(person, director, clerk, sample, today, dense)
    rows += time_pages(
        clerk, pages, runs, slow=lambda url: url.endswith((".pdf", ".xlsx")) or "stats" in url or "year=" in url
    )

    print_rows(rows)
    _explain(clerk, person, director, today, dense)


def _explain(clerk, person, director, today, dense) -> None:
    from leave import selectors

    print("\nEXPLAIN (ANALYZE, BUFFERS) — the board's requests (clerk, today):")
    _plan(_board_qs(clerk, today))
    print(f"\n— the month calendar's requests ({today:%Y-%m}, all sections):")
    _plan(_calendar_qs(clerk, today.year, today.month))
    print(f"\n— the month calendar's requests ({dense:%Y-%m}, dense past):")
    _plan(_calendar_qs(clerk, dense.year, dense.month))
    print("\n— the board's hand-recorded absences (today):")
    _plan(_absence_qs(today))
    print("\n— my_requests, page 1:")
    _plan(selectors.my_requests(person)[:50])
    print("\n— awaiting_decision (director), page 1:")
    _plan(selectors.awaiting_decision(director)[:50])


def _plan(qs) -> None:
    """The plan's scans, conditions and timing (FULL_PLANS=1 prints every line)."""
    plan = qs.explain(analyze=True, buffers=True)
    keep = ("Scan", "Index Cond", "Filter", "Rows Removed", "Recheck", "Execution Time")
    for line in plan.splitlines():
        if os.environ.get("FULL_PLANS") or any(word in line for word in keep):
            print(line)


def _page_of(qs) -> int:
    rows = list(qs[:50])
    return len(rows) + qs.count()


def _board_qs(user, day):
    from leave import selectors
    from leave.models import ACTIVE_STATES

    return (
        selectors.list_rows(selectors.leave_visible_to(user))
        .filter(state__in=ACTIVE_STATES, end_date__gte=day, start_date__lte=day)
        .order_by("start_date", "id")
    )


def _calendar_qs(user, year, month):
    from calendar import monthrange

    from leave import selectors
    from leave.models import TAKEN_STATES
    from leave.periods import MAX_SPAN_DAYS

    first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    return (
        selectors.list_rows(selectors.leave_visible_to(user))
        .filter(
            state__in=TAKEN_STATES,
            start_date__lte=last,
            start_date__gte=first - timedelta(days=MAX_SPAN_DAYS),
            end_date__gte=first,
        )
        .order_by("start_date", "id")
    )


def _absence_qs(day):
    from deadlines.calendar import start_of_day
    from leave.models import ABSENCE_SOURCE
    from org.models import Absence

    begin, end = start_of_day(day), start_of_day(day + timedelta(days=1))
    return Absence.objects.filter(ends_at__gt=begin, starts_at__lt=end).exclude(source=ABSENCE_SOURCE)


if __name__ == "__main__":
    main()
