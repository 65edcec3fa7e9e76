"""Benchmark of meetings (会议, 第三章 and 第六条) at scale: the calendar, a person's meetings, the decisions.

    .venv/bin/python bench/meetings.py                  # 100,000 meetings, 1,000,000 attendance rows, ten years
    .venv/bin/python bench/meetings.py --n 10000 --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/meetings.py --reuse          # measure the meetings of the last run again

It uses its own database (``zaduo_bench_meetings`` by default, created if missing and marked as the benchmark's;
its meeting tables are emptied and refilled, so it refuses a database it did not create). The fill builds the
demo office, adds staff up to ``--people``, and COPYs ten years of meetings of the seven kinds (主任办公会议 and
室务会议 most often, a county 全体会议 a few times a year), each with its attendees (~10 on average: a 全体会议
has everyone, a 专题会议 four or five), the grants visibility reads, agenda topics, log entries, minutes and
decisions with responsible units and sections. 5% are classified; 3% cancelled; the last weeks' meetings are
held without minutes yet and a fifth of the last year's decisions are still open, some overdue; the next month
is announced or in preparation. Titles draw on a vocabulary in which some words are rare, so a search for a
rare word finds a handful among 100,000.

Then it times, in-process, median and p95 with the query count: the selectors (a person's week, the office's
week and month, the open decisions, the conflict check) and every meeting page that exists (by URL name)
through the test client, next to a bare page and a constant 50-row template, so the figures read as ratios.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from datetime import date, datetime, timedelta

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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_bench_meetings"
MARK = "zaduo-office bench/meetings.py: created by the benchmark, emptied on every run"
BENCH_USER_PREFIX = "bench_mtg_"
RARE_WORD = "冬虫夏草"  # in about one title in 20,000
COMMON = ["草原生态保护", "脱贫攻坚成果巩固", "安全生产", "森林草原防火", "城区供暖保障", "项目建设推进",
          "干部作风建设", "年终总结", "民生实事", "牧区教育", "乡村振兴", "财政预算执行"]  # fmt: skip
# kind: (weight, attendees' range, hours)
KINDS = {
    "director_office": (30, (3, 5), 2),
    "office_affairs": (25, (8, 12), 2),
    "office_plenary": (6, (40, 60), 2),
    "county_plenary": (2, (20, 30), 3),
    "county_executive": (12, (10, 16), 3),
    "county_head": (10, (5, 9), 2),
    "county_topic": (12, (4, 6), 2),
    "external": (3, (1, 3), 4),
}
CATEGORIES = {
    "director_office": ["18-1", "18-2", "18-3", "18-4", "18-5", "18-6"],
    "office_affairs": ["24-1", "24-2", "24-3", "24-4"],
    "office_plenary": ["25-1", "25-2", "25-3"],
    "county_plenary": ["6p-1", "6p-2", "6p-3"],
    "county_executive": ["6e-1", "6e-2", "6e-3", "6e-4"],
    "county_head": ["6h-1", "6h-2", "6h-3"],
    "county_topic": ["6t-1", "6t-2"],
}


class Filler:
    """Rows for COPY, one meeting at a time, in start order over ten years to a month ahead."""

    def __init__(self, n: int, people: list, rng: random.Random) -> None:
        from django.contrib.auth.models import Permission
        from django.utils import timezone

        from meetings.models import Room
        from org.models import Section, Unit
        from org.roles import Role, has_role

        self.rng = rng
        self.n = n
        self.now = timezone.now()
        self.start = self.now - timedelta(days=3650)
        self.end = self.now + timedelta(days=30)
        self.people = [u.pk for u in people]
        self.leaders = [u.pk for u in people if has_role(u, Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD,
                                                          Role.DEPUTY_HEAD)] or self.people[:3]  # fmt: skip
        self.director = next((u.pk for u in people if has_role(u, Role.OFFICE_DIRECTOR)), self.people[0])
        self.head = next((u.pk for u in people if has_role(u, Role.COUNTY_HEAD)), self.people[0])
        self.clerk = next((u.pk for u in people if has_role(u, Role.REGISTRY_CLERK)), self.people[0])
        rooms = [Room.objects.get_or_create(name=f"会议室{i}")[0] for i in range(1, 6)]
        self.rooms = [r.pk for r in rooms]
        self.units = list(Unit.objects.values_list("pk", flat=True)) or [None]
        self.sections = list(Section.objects.values_list("pk", flat=True))
        self.view_perm = Permission.objects.get(content_type__app_label="meetings", codename="view_meeting").pk
        self.kinds = list(KINDS)
        self.weights = [KINDS[k][0] for k in self.kinds]
        self.serials: dict[tuple[str, int], int] = {}
        self.minute_serials: dict[tuple[str, int], int] = {}
        self.ids = {"attendee": 0, "grant": 0, "topic": 0, "log": 0, "minutes": 0, "decision": 0, "mlog": 0}

    def title(self, i: int) -> str:
        words = self.rng.sample(COMMON, 2)
        rare = RARE_WORD if self.rng.random() < 1 / 20000 else ""
        return f"研究{words[0]}和{words[1]}{rare}工作（第{i}次）"

    def state(self, starts: datetime) -> str:
        r = self.rng.random()
        if starts > self.now:
            return "notified" if r < 0.7 else ("planning" if r < 0.97 else "cancelled")
        if r < 0.03:
            return "cancelled"
        if starts > self.now - timedelta(days=21):
            return "ended"  # the last weeks: minutes not yet issued
        return "minutes_issued" if r < 0.97 else "ended"

    def rows(self, i: int, starts: datetime):
        """One meeting and all that hangs on it."""
        rng = self.rng
        kind = rng.choices(self.kinds, self.weights)[0]
        _, (low, high), hours = KINDS[kind]
        ends = starts + timedelta(hours=hours)
        state = self.state(starts)
        year = starts.year
        held = state in ("ended", "minutes_issued")
        serial = None
        if held:
            serial = self.serials[(kind, year)] = self.serials.get((kind, year), 0) + 1
        chair = self.head if kind.startswith("county") else self.director
        level = 1 if rng.random() < 0.05 else 0
        meeting = {
            "id": i, "version": 3, "created_at": starts - timedelta(days=3), "updated_at": ends,
            "kind": kind, "title": self.title(i), "year": year, "serial": serial, "chair_id": chair,
            "entrusted_by_id": None, "entrustment": "", "starts_at": starts, "ends_at": ends,
            "room_id": rng.choice(self.rooms) if kind != "external" else None,
            "place": "州政府会议室" if kind == "external" else "", "to_bring": "", "secret_level": level,
            "organiser_id": self.clerk, "from_incoming_id": None,
            "notified_at": starts - timedelta(days=2) if state != "planning" else None,
            "opened_at": starts if held else None, "closed_at": ends if held else None,
            "cancelled_at": starts - timedelta(days=1) if state == "cancelled" else None,
            "cancel_reason": "主持人另有公务" if state == "cancelled" else "", "reschedules": 0, "state": state,
        }  # fmt: skip
        size = min(len(self.people), rng.randint(low, high))
        people = [chair] + [p for p in rng.sample(self.people, size) if p != chair]
        attendees, grants = [], []
        for order, person in enumerate(people):
            self.ids["attendee"] += 1
            self.ids["grant"] += 1
            status = "expected"
            if held:
                status = rng.choices(["present", "leave", "absent", "substituted"], [90, 6, 3, 1])[0]
            attendees.append(
                (self.ids["attendee"], i, person, None, "", "member", status, None, "", starts if status == "present"
                 else None, self.clerk if held else None, starts, ends, state != "cancelled", order)
            )  # fmt: skip
            grants.append((self.ids["grant"], person, self.view_perm, i))
        topics, logs, minutes, decisions, units, sections = [], [], [], [], [], []
        categories = CATEGORIES.get(kind)
        topic_ids = []
        if categories:
            for position in range(1, rng.choice([1, 1, 2, 2, 3]) + 1):
                self.ids["topic"] += 1
                topic_ids.append(self.ids["topic"])
                topic_state = "discussed" if held else ("proposed" if state == "cancelled" else "accepted")
                topics.append(
                    (self.ids["topic"], 2, starts - timedelta(days=5), starts, kind, rng.choice(categories),
                     f"议题{i}-{position}", "", rng.choice(self.people), None if state == "cancelled" else i,
                     position, self.director, starts - timedelta(days=3), "", topic_state)
                )  # fmt: skip
        for action, label, at, frm, to in (
            ("create", "筹备会议", starts - timedelta(days=3), "", "planning"),
            ("notice", "发出会议通知", starts - timedelta(days=2), "planning", "notified"),
            ("open", "开会", starts, "notified", "in_progress"),
        ):
            if action == "open" and not held:
                break
            self.ids["log"] += 1
            logs.append((self.ids["log"], i, self.clerk, at, action, label, frm, to, ""))
        if held and categories:
            self.ids["minutes"] += 1
            issued = state == "minutes_issued"
            mserial = None
            if issued:
                mserial = self.minute_serials[(kind, year)] = self.minute_serials.get((kind, year), 0) + 1
            minutes.append(
                (self.ids["minutes"], 4, ends, ends + timedelta(days=3), i, "会议研究了有关事项。", self.clerk,
                 chair if issued else None, ends + timedelta(days=2) if issued else None,
                 ends + timedelta(days=3) if issued else None, mserial, "issued" if issued else "drafting")
            )  # fmt: skip
            for position, topic_id in enumerate(topic_ids, start=1):
                self.ids["decision"] += 1
                due = (starts + timedelta(days=rng.choice([7, 14, 30, 60, 90]))).date()
                recent = starts > self.now - timedelta(days=365)
                if recent and rng.random() < 0.2:
                    dstate, done = rng.choice(["open", "tracked"]), None
                else:
                    dstate = "done"
                    done = datetime.combine(due, datetime.min.time(), tzinfo=starts.tzinfo) + timedelta(
                        days=rng.choice([-5, -2, 0, 0, 3])
                    )
                decisions.append(
                    (self.ids["decision"], 2, ends, ends, i, topic_id, position, f"落实议题{i}-{position}的决定",
                     rng.choice(self.leaders), due, ends if dstate == "tracked" else None,
                     self.clerk if dstate == "tracked" else None, done, "已落实" if done else "", "", dstate)
                )  # fmt: skip
                units.append((self.ids["decision"], rng.choice(self.units)))
                sections.append((self.ids["decision"], rng.choice(self.sections)))
        return meeting, attendees, grants, topics, logs, minutes, decisions, units, sections

    def run(self, batch: int = 5000) -> None:
        from django.db import connection

        from meetings.models import Meeting

        columns = [f.column for f in Meeting._meta.concrete_fields]
        tables = {
            "attendee": ("meetings_attendee", "id, meeting_id, person_id, unit_id, representative, part, status, "
                         "substitute_id, note, signed_at, signed_by_id, starts_at, ends_at, active, sort_order"),
            "grant": ("meetings_meetinguserobjectpermission", "id, user_id, permission_id, content_object_id"),
            "topic": ("meetings_topic", "id, version, created_at, updated_at, kind, category, title, description, "
                      "proposer_id, meeting_id, position, decided_by_id, decided_at, reason, state"),
            "log": ("meetings_transitionlog", "id, document_id, actor_id, at, action, action_label, from_state, "
                    "to_state, comment"),
            "minutes": ("meetings_minutes", "id, version, created_at, updated_at, meeting_id, body, drafted_by_id, "
                        "approved_by_id, approved_at, issued_at, serial, state"),
            "decision": ("meetings_decision", "id, version, created_at, updated_at, meeting_id, topic_id, position, "
                         "text, leader_id, due_date, tracked_at, tracked_by_id, done_at, result, void_reason, state"),
            "units": ("meetings_decision_units", "decision_id, unit_id"),
            "sections": ("meetings_decision_sections", "decision_id, section_id"),
        }  # fmt: skip
        span = (self.end - self.start).total_seconds()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for offset in range(0, self.n, batch):
                buffers = {key: io.StringIO() for key in ("meeting", *tables)}
                for i in range(offset + 1, min(offset + batch, self.n) + 1):
                    moment = self.start + timedelta(seconds=span * i / self.n)
                    day = moment.date()
                    if day.weekday() >= 5:  # meetings on working days
                        day += timedelta(days=7 - day.weekday())
                    starts = moment.replace(year=day.year, month=day.month, day=day.day, hour=self.rng.choice(
                        [8, 9, 10, 14, 15, 16]), minute=self.rng.choice([0, 30]), second=0, microsecond=0)  # fmt: skip
                    meeting, *rest = self.rows(i, starts)
                    buffers["meeting"].write(copy_line(meeting[c] for c in columns))
                    for key, rows in zip(tables, rest, strict=True):
                        for row in rows:
                            buffers[key].write(copy_line(row))
                for key, buffer in buffers.items():
                    if key == "meeting":
                        copy_buffer(cursor, "meetings_meeting", columns, buffer)
                    else:
                        table, names = tables[key]
                        copy_buffer(cursor, table, names.split(", "), buffer)
                done = min(offset + batch, self.n)
                if done % 20000 == 0 or done == self.n:
                    print(f"  {done:>9,} meetings, {self.ids['attendee']:>10,} attendance rows "
                          f"{time.perf_counter() - started:>5.0f} s", flush=True)  # fmt: skip
            reset_sequences(cursor, ["meetings_meeting", *(t for t, _ in tables.values() if "_units" not in t and
                                                           "_sections" not in t)])  # fmt: skip


def fill(n: int, people_count: int, seed: int) -> float:
    people = office_and_staff(people_count, BENCH_USER_PREFIX)
    started = time.perf_counter()
    empty_tables(["meetings_decision_units", "meetings_decision_sections", "meetings_decisionlog", "meetings_decision",
                  "meetings_minuteslog", "meetings_minutes", "meetings_topiclog", "meetings_topic_units",
                  "meetings_topic", "meetings_material", "meetings_attendee", "meetings_meetinguserobjectpermission",
                  "meetings_transitionlog", "meetings_meeting"])  # fmt: skip
    print(f"filling {n:,} meetings for {len(people)} people …", flush=True)
    Filler(n, people, random.Random(seed)).run()
    analyze()
    return time.perf_counter() - started


def meeting_pages(person, director, clerk, leader, sample, today: date) -> list[tuple[object, str, str]]:
    """(user, label, url) for each meeting page that exists (by URL name; pages missing are left out)."""
    month = f"?view=month&date={today:%Y-%m-%d}"
    candidates = [
        (person, "page calendar week (a person)", "meetings:calendar", {}, ""),
        (clerk, "page calendar week (the office)", "meetings:calendar", {}, "?scope=office"),
        (clerk, "page calendar month (the office)", "meetings:calendar", {}, month + "&scope=office"),
        (person, "page 我的会议 month (a person)", "meetings:calendar", {}, month + "&scope=mine"),
        (clerk, "page meetings list, all years", "meetings:list", {}, ""),
        (clerk, f"page meetings search, a rare word ({RARE_WORD})", "meetings:list", {}, f"?q={RARE_WORD}"),
        (clerk, "page meetings search, a common word (安全生产)", "meetings:list", {}, "?q=安全生产"),
        (person, "page a meeting", "meetings:detail", {"pk": sample.pk}, ""),
        (clerk, "page decisions, open", "meetings:decisions", {}, ""),
        (clerk, "page decisions, overdue", "meetings:decisions", {}, "?overdue=1"),
        (leader, "page decisions (a responsible leader)", "meetings:decisions", {}, ""),
        (director, "page topics", "meetings:topics", {}, ""),
        (clerk, "page statistics", "meetings:statistics", {}, ""),
        (person, "page 我的待办 (home)", "core:home", {}, ""),
        (leader, "page 我的待办 (home, a county leader)", "core:home", {}, ""),
    ]
    return page_urls(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="meetings to create (default 100,000)")
    parser.add_argument("--people", type=int, default=120, help="people in the office and its leaders (default 120)")
    add_bench_options(
        parser,
        runs=30,
        seed=17,
        env="BENCH_MEETINGS_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the meetings of the last run",
    )
    args = parser.parse_args()
    setup_bench(args.database_url, MARK)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core import workqueue
    from meetings import selectors, services
    from meetings.models import Attendee, Decision, Meeting

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    if args.reuse and Meeting.objects.exists():
        print(f"reusing {Meeting.objects.count():,} meetings")
    else:
        elapsed = fill(args.n, args.people, args.seed)
        print(f"{'fill (COPY + ANALYZE)':<52} {elapsed:>8.0f} s")

    today = timezone.localdate()
    person = User.objects.get(username="kezhang")
    director = User.objects.get(username="zhuren")
    clerk = User.objects.get(username="shoufa")
    leader = User.objects.get(username="fuxianzhang1")
    sample = selectors.my_meetings(person).filter(state="minutes_issued").order_by("-starts_at").first()
    week = selectors.week_bounds(today)
    month = selectors.month_bounds(today.year, today.month)
    counts = {
        "meetings": Meeting.objects.count(),
        "attendance rows": Attendee.objects.count(),
        "decisions": Decision.objects.count(),
        "open decisions": Decision.objects.filter(state__in=["open", "tracked"]).count(),
        f"{person.username}'s meetings": Attendee.objects.filter(person=person).count(),
        "this week": selectors.in_window(Meeting.objects.all(), *week).count(),
        "rare-word titles": Meeting.objects.filter(title__contains=RARE_WORD).count(),
    }
    print("  ".join(f"{k} {v:,}" for k, v in counts.items()) + "\n")
    people10 = list(User.objects.filter(is_active=True).order_by("pk")[:10])
    runs = args.runs
    rows = [
        ("selector my_meetings(person, this week)", timed(lambda: list(selectors.my_meetings(person, start=week[0],
                                                                                             end=week[1])), runs)),
        ("selector office week (clerk)", timed(lambda: list(selectors.list_rows(selectors.in_window(
            selectors.meetings_visible_to(clerk), *week))), runs)),
        ("selector office month (clerk)", timed(lambda: list(selectors.list_rows(selectors.in_window(
            selectors.meetings_visible_to(clerk), *month))), runs)),
        ("selector my_seats(person) next 50", timed(lambda: list(selectors.my_seats(person).filter(
            ends_at__gt=timezone.now()).order_by("starts_at")[:50]), runs)),
        ("selector open decisions (clerk) first 50", timed(lambda: list(selectors.decision_rows(
            selectors.decisions_visible_to(clerk).filter(state__in=["open", "tracked"]).order_by(
                "due_date", "id"))[:50]), runs)),
        ("selector decisions of a leader, first 50", timed(lambda: list(selectors.decision_rows(
            selectors.decisions_visible_to(leader).filter(leader=leader)).order_by("-due_date")[:50]), runs)),
        ("service schedule_check (room + 10 people)", timed(lambda: services.schedule_check(
            starts_at=week[0] + timedelta(days=1, hours=9), ends_at=week[0] + timedelta(days=1, hours=11),
            room=Meeting.objects.exclude(room=None).first().room, people=people10), runs)),
        ("我的待办 meetings provider count (director)", timed(lambda: workqueue.count_for(director), runs)),
    ]  # fmt: skip

    if not reference_pages_or_say():
        print_rows(rows)
        return
    pages = meeting_pages(person, director, clerk, leader, sample, today)
    rows += time_pages(clerk, pages, runs, slow=lambda url: "statistics" in url)
    print_rows(rows)


if __name__ == "__main__":
    main()
