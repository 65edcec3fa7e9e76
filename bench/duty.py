"""Benchmark of duty (值班, 第七章 [41]–[43]) at scale: ten years of rosters and 1,000,000 duty-log entries.

    .venv/bin/python bench/duty.py                      # ten years, 1,000,000 log entries
    .venv/bin/python bench/duty.py --entries 100000 --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/duty.py --reuse              # measure the data of the last run again

It uses its own database (``zaduo_duty3_bench`` by default, created if missing and marked as the benchmark's; its
duty tables are emptied and refilled, so it refuses a database it did not create). The fill builds the demo
office, puts ``--people`` people on the 值班人员 rota, and writes ten years of monthly rosters up to a month ahead
(one shift per out-of-hours period of each day, as ``duty.calendar`` classes the day; on statutory holidays the
two 带班 leaders), a handover for every past shift (one in twenty never confirmed: a missed handover [42]),
a few hundred swaps, ~3,000 emergency reports with their 首报 and two agreements each, and ``--entries`` log
entries spread over the shifts — COPY for the log, with its indexes (the pg_trgm search ones included) dropped
during the load and built afterwards. Contents draw on a vocabulary in which one word is rare, so a search for it
finds a handful among 1,000,000.

Then it times, in-process, median and p95 with the query count, next to the anchors of ``common.py`` (a bare
signed-in page and a constant 50-row template): 今日值班, the log (first page, a common word, a rare word, a
date range), the statistics page (this year, a past year), the emergency report list and one report.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta

from common import (
    add_bench_options,
    copy_rows,
    empty_tables,
    install_reference_pages,
    office_and_staff,
    page_urls,
    print_rows,
    reset_sequences,
    setup_bench,
    time_pages,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_duty3_bench"
MARK = "zaduo-office bench/duty.py: created by the benchmark, emptied on every run"
BENCH_USER_PREFIX = "bench_duty_"
RARE_WORD = "冬虫夏草"  # in about one entry in 200,000
CALLERS = ["结多乡政府值班室", "县公安局指挥中心", "县应急管理局", "萨呼腾镇政府", "县气象局", "县卫健委",
           "州政府值班室", "阿多乡政府", "县交通运输局", "县消防救援大队", "苏鲁乡政府", "县自然资源局"]  # fmt: skip
TOPICS = ["道路结冰情况", "森林草原防火巡查", "降雪预警", "安全生产检查", "群众来电反映供暖", "牧区疫情防控",
          "河道水位", "交通管制", "停电抢修", "学校安全", "地质灾害隐患点巡查", "节日值守情况"]  # fmt: skip
ACTIONS = ["已登记，报带班领导", "已转有关部门办理", "已电话答复", "已通知有关乡镇", "已记录，继续关注", ""]
CATEGORIES = ["natural", "accident", "health", "social", "other"]


def fill(entries: int, people_count: int, seed: int, today: date) -> float:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from duty import calendar as duty_calendar
    from duty.defaults import ensure_default_kinds
    from duty.models import DayType, ShiftKind
    from org.roles import Role, sync_role_groups

    rng = random.Random(seed)
    started = time.perf_counter()
    User = get_user_model()
    staff = office_and_staff(people_count + 20, BENCH_USER_PREFIX)
    groups = sync_role_groups()
    rota = [u for u in staff if u.username.startswith(BENCH_USER_PREFIX)][:people_count]
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=u.pk, group_id=groups[Role.DUTY_OFFICER].pk) for u in rota], ignore_conflicts=True
    )
    rota.append(User.objects.get(username="zhiban"))
    county = list(User.objects.filter(username__in=["changwu", "fuxianzhang1", "fuxianzhang2", "xianzhang"]))
    office = list(User.objects.filter(username__in=["zhuren", "fuzhuren"]))
    maker = User.objects.get(username="zhuren")
    ensure_default_kinds()
    kinds = {dt: list(ShiftKind.objects.filter(day_type=dt, is_active=True)) for dt in DayType.values}

    empty_tables(["duty_logentry", "duty_agreement", "duty_instruction", "duty_leadernotice", "duty_followup",
                  "duty_emergencylog", "duty_emergencyreport", "duty_handoverlog", "duty_handover", "duty_swaplog",
                  "duty_swap", "duty_shift", "duty_rosterlog", "duty_roster"])  # fmt: skip
    now = timezone.now()
    first = date(today.year - 10, today.month, 1)
    last_month = date(today.year + (today.month // 12), today.month % 12 + 1, 1)
    cal = duty_calendar.WorkCalendar.load()

    # Rosters (one a month, published) and their shifts.
    roster_rows, shift_rows, shift_meta = [], [], []
    shift_id = 0
    month = first
    roster_id = 0
    person_i = 0
    while month <= last_month:
        roster_id += 1
        nxt = date(month.year + (month.month // 12), month.month % 12 + 1, 1)
        ends = nxt - timedelta(days=1)
        at = timezone.make_aware(datetime.combine(month - timedelta(days=10), datetime.min.time()))
        roster_rows.append(
            (roster_id, 1, at, at, f"{month.year}年{month.month}月值班表", "month", month, ends, maker.pk, "",
             at, maker.pk, None, "", "published")
        )  # fmt: skip
        day = month
        while day <= ends:
            info = duty_calendar.classify(day, cal)
            for kind in kinds[info.day_type]:
                starts, finishes = duty_calendar.shift_times(day, kind)
                shift_id += 1
                person = rota[person_i % len(rota)]
                person_i += 1
                holiday = info.day_type == DayType.HOLIDAY
                shift_rows.append(
                    (shift_id, roster_id, kind.pk, day, info.day_type, info.holiday_name, starts, finishes, person.pk,
                     rng.choice(county).pk if holiday else None, rng.choice(office).pk if holiday else None, 1, True)
                )  # fmt: skip
                shift_meta.append((shift_id, starts, finishes, person.pk))
            day += timedelta(days=1)
        month = nxt
    with connection.cursor() as cursor:
        copy_rows(cursor, "duty_roster", ["id", "version", "created_at", "updated_at", "title", "period", "starts_on",
              "ends_on", "made_by_id", "note", "published_at", "published_by_id", "cancelled_at", "cancel_reason",
              "state"], roster_rows)  # fmt: skip
        copy_rows(cursor, "duty_shift", ["id", "roster_id", "kind_id", "day", "day_type", "holiday_name", "starts_at",
              "ends_at", "person_id", "county_leader_id", "office_leader_id", "seat", "active"],
              shift_rows)  # fmt: skip
        # Handovers of the past shifts; one in twenty never confirmed (a missed handover [42]).
        handovers = []
        for i, (pk, _starts, finishes, person) in enumerate(shift_meta[:-1]):
            if finishes > now:
                break
            nxt = shift_meta[i + 1]
            confirmed = rng.random() >= 0.05
            at = finishes - timedelta(minutes=10)
            handovers.append(
                (i + 1, 1, at, at, pk, nxt[0], person, nxt[3], "无" if rng.random() < 0.7 else rng.choice(TOPICS),
                 at, nxt[3] if confirmed else None, max(nxt[1], finishes) + timedelta(minutes=5) if confirmed else None,
                 "", "confirmed" if confirmed else "written")
            )  # fmt: skip
        copy_rows(cursor, "duty_handover", ["id", "version", "created_at", "updated_at", "shift_id", "next_shift_id",
              "outgoing_person_id", "incoming_person_id", "open_matters", "written_at", "confirmed_by_id",
              "confirmed_at", "confirm_note", "state"], handovers)  # fmt: skip
        # Swaps: about one a week, most approved.
        swaps = []
        past = [m for m in shift_meta if m[2] < now]
        for i in range(1, len(past) // 12):
            a = rng.choice(past)
            other = rng.choice(rota)
            state = rng.choices(["approved", "declined", "refused", "withdrawn"], [80, 8, 4, 8])[0]
            at = a[1] - timedelta(days=3)
            swaps.append((i, 1, at, at, a[0], a[3], other.pk, None, "家中有事", at, maker.pk, at, "", state))
        copy_rows(cursor, "duty_swap", ["id", "version", "created_at", "updated_at", "shift_id", "requested_by_id",
              "other_person_id", "other_shift_id", "reason", "answered_at", "decided_by_id", "decided_at", "comment",
              "state"], swaps)  # fmt: skip
        # Emergency reports: ~300 a year, each with its 首报 and, for most, two agreements.
        reports, follows, agreements = [], [], []
        n_reports = 3000
        agreement_id = 0
        for i in range(1, n_reports + 1):
            s = past[int(len(past) * i / (n_reports + 1))]
            at = s[1] + timedelta(minutes=rng.randrange(60, 600))
            cat = rng.choice(CATEGORIES)
            sent = rng.random() < 0.6
            year = timezone.localtime(at).year
            state = "closed" if rng.random() < 0.7 else ("sent" if sent else "received")
            title = f"{rng.choice(CALLERS)}报告{rng.choice(TOPICS)}"
            reports.append(
                (i, 1, at, at, title, cat, "0", at, None, rng.choice(CALLERS), rng.choice(TOPICS) * 3, "暂无",
                 rng.choice(CALLERS), None, "", s[0], s[3], year, i if sent else None, at if sent else None,
                 s[3] if sent else None, "值班信息系统" if sent else "", "", at if state == "closed" else None, state)
            )  # fmt: skip
            follows.append((i, i, "first", at, title, "暂无", s[3]))
            if sent:
                for leader, level in ((rng.choice(county), "county"), (rng.choice(office), "office")):
                    agreement_id += 1
                    agreements.append((agreement_id, i, leader.pk, level, at, leader.pk, ""))
        copy_rows(cursor, "duty_emergencyreport", ["id", "version", "created_at", "updated_at", "title", "category",
              "level", "received_at", "occurred_at", "place", "description", "casualties", "source", "source_unit_id",
              "source_phone", "shift_id", "recorded_by_id", "year", "special_serial", "prefecture_sent_at",
              "prefecture_sent_by_id", "prefecture_method", "prefecture_receiver", "closed_at", "state"],
              reports)  # fmt: skip
        copy_rows(cursor, "duty_followup", ["id", "report_id", "stage", "at", "content", "casualties",
                  "recorded_by_id"], follows)  # fmt: skip
        copy_rows(cursor, "duty_agreement", ["id", "report_id", "leader_id", "level", "at", "recorded_by_id", "note"],
              agreements)  # fmt: skip
    print(f"  rosters {len(roster_rows):,}, shifts {len(shift_rows):,}, handovers {len(handovers):,}, swaps "
          f"{len(swaps):,}, reports {len(reports):,}  {time.perf_counter() - started:>5.0f} s", flush=True)  # fmt: skip

    # The log: COPY with its secondary indexes dropped, then rebuilt.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'duty_logentry' AND indexname NOT LIKE "
            "'%%pkey'"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        columns = ["id", "at", "shift_id", "caller", "phone", "content", "action_taken", "recorded_by_id",
                   "recorded_at", "corrects_id", "report_id"]  # fmt: skip
        batch = 100_000
        entry_id = 0
        rare_every = 200_000
        for offset in range(0, entries, batch):
            rows = []
            for i in range(offset, min(offset + batch, entries)):
                s = past[int(len(past) * i / entries)]
                span = (s[2] - s[1]).total_seconds()
                at = s[1] + timedelta(seconds=rng.random() * span)
                entry_id += 1
                topic = rng.choice(TOPICS)
                content = f"{rng.choice(CALLERS)}来电反映{topic}，{rng.choice(TOPICS)}"
                if i % rare_every == 7:
                    content += f"，涉及{RARE_WORD}采挖"
                rows.append((entry_id, at, s[0], rng.choice(CALLERS), f"0976-88{i % 100000:05d}", content,
                             rng.choice(ACTIONS), s[3], at, None, None))  # fmt: skip
            copy_rows(cursor, "duty_logentry", columns, rows)
            print(f"  {min(offset + batch, entries):>9,} log entries  {time.perf_counter() - started:>5.0f} s",
                  flush=True)  # fmt: skip
        for _name, definition in indexes:
            cursor.execute(definition)
        print(f"  log indexes rebuilt ({len(indexes)})  {time.perf_counter() - started:>5.0f} s", flush=True)
        reset_sequences(cursor, ["duty_roster", "duty_shift", "duty_handover", "duty_swap", "duty_emergencyreport",
                                 "duty_followup", "duty_agreement", "duty_logentry"])  # fmt: skip
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def duty_pages(person, leader, clerk, sample_report, today: date) -> list[tuple[object, str, str]]:
    """(user, label, url) for each duty page that exists (by URL name; pages missing are left out)."""
    month_ago = today - timedelta(days=30)
    candidates = [
        (person, "page 今日值班 (the person on duty)", "duty:today", {}, ""),
        (leader, "page 今日值班 (an office leader)", "duty:today", {}, ""),
        (person, "page log, newest first", "duty:log", {}, ""),
        (person, "page log search, a common word (道路结冰)", "duty:log", {}, "?q=道路结冰"),
        (person, f"page log search, a rare word ({RARE_WORD})", "duty:log", {}, f"?q={RARE_WORD}"),
        (person, "page log search, last 30 days", "duty:log", {}, f"?since={month_ago:%Y-%m-%d}"),
        (person, "page log search, two words in a month", "duty:log", {},
         f"?q=县气象局+降雪预警&since={month_ago:%Y-%m-%d}&until={today:%Y-%m-%d}"),
        (leader, "page statistics (this year)", "duty:statistics", {}, ""),
        (leader, "page statistics (five years ago)", "duty:statistics", {}, f"?year={today.year - 5}"),
        (clerk, "page emergency reports", "duty:reports", {}, ""),
        (clerk, "page emergency reports search (气象局)", "duty:reports", {}, "?q=气象局"),
        (leader, "page a report", "duty:report", {"pk": sample_report.pk}, ""),
        (leader, "page a report (leader's phone page)", "duty:report_leader", {"pk": sample_report.pk}, ""),
        (leader, "page rosters", "duty:rosters", {}, ""),
        (person, "page 我的值班", "duty:mine", {}, ""),
    ]  # fmt: skip
    return page_urls(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1_000_000, help="duty-log entries (default 1,000,000)")
    parser.add_argument("--people", type=int, default=24, help="people on the rota (default 24)")
    add_bench_options(
        parser, runs=30, seed=43, env="BENCH_DUTY_DATABASE_URL", url=DEFAULT_URL, reuse="keep the data of the last run"
    )
    args = parser.parse_args()
    setup_bench(args.database_url, MARK)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from duty.models import EmergencyReport, LogEntry, Roster, Shift

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    today = timezone.localdate()
    if args.reuse and LogEntry.objects.exists():
        print("reusing the last run's data")
    else:
        elapsed = fill(args.entries, args.people, args.seed, today)
        print(f"{'fill (COPY + indexes + ANALYZE)':<52} {elapsed:>8.0f} s")
    counts = {
        "rosters": Roster.objects.count(),
        "shifts": Shift.objects.count(),
        "log entries": LogEntry.objects.count(),
        "rare-word entries": LogEntry.objects.filter(content__contains=RARE_WORD).count(),
        "reports": EmergencyReport.objects.count(),
    }
    print("  ".join(f"{k} {v:,}" for k, v in counts.items()) + "\n")
    person = User.objects.get(username="zhiban")
    leader = User.objects.get(username="zhuren")
    clerk = User.objects.get(username="shoufa")
    sample = (
        EmergencyReport.objects.filter(state="sent").order_by("-received_at").first() or EmergencyReport.objects.first()
    )
    try:
        install_reference_pages()
    except ImportError as error:
        raise SystemExit(f"pages skipped: the site's URLs do not import ({error})") from error
    rows = time_pages(person, duty_pages(person, leader, clerk, sample, today), args.runs)
    print_rows(rows)


if __name__ == "__main__":
    main()
