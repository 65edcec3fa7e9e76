"""Benchmark of 政务公开 (第五章 [35], [36]) at scale: the findings list, a finding's page, an inspection's page, the
overview, the assessments and the statistics.

    .venv/bin/python bench/disclosure.py               # 100,000 findings over ten years, then the database dropped
    .venv/bin/python bench/disclosure.py --n 10000 --keep
    .venv/bin/python bench/disclosure.py --reuse --keep  # measure the findings of a kept run again

It uses its own database (``zaduo_discbench`` by default), created for the run, marked as the benchmark's, and
dropped at the end (``--keep`` keeps it); it refuses a database it did not create. The fill builds the demo office,
adds units up to ``--units`` (a 联络员 for the busiest), and COPYs ten years of quarterly inspections, each over a
quarter of the units, with their findings (older ones accepted, on time or late; this year's a mix of 待整改,
已报整改 and 已验收, some overdue) and two log rows each, and a yearly assessment of every unit on five criteria.

Then it times, in-process, median and p95 with the query count, each page through the test client beside a bare
page and a constant 50-row template (``bench/common.py``), so the figures read as ratios.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta

from common import (
    add_bench_options,
    analyze,
    column_defaults,
    copy_rows,
    empty_tables,
    install_reference_pages,
    office_and_staff,
    own_database,
    page_urls,
    print_rows,
    reset_sequences,
    time_pages,
    unit_contact,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_discbench"
MARK = "zaduo-office bench/disclosure.py: created by the benchmark, emptied on every run, dropped at its end"
CONTACT = "bench_disc_contact"
PROBLEMS = ["政府信息公开指南未更新", "惠农补贴公示停留在上一季度", "财政预决算未按时公开", "依申请公开台账不全",
            "公开栏内容陈旧", "政府网站栏目长期空白", "重大决策未公开征求意见", "公示名单未隐去个人信息"]  # fmt: skip
ASKS = ["十日内更新并报送照片", "补充公开并建立审核流程", "补全台账并报送", "重新公示并隐去敏感信息"]
GROUPS = 4  # inspections per quarter
CRITERIA = [("公开目录编制和更新", 20), ("主动公开及时准确", 30), ("依申请公开办理", 20),
            ("政务公开栏和网站建设", 15), ("检查问题整改", 15)]  # fmt: skip


def ensure_units(count: int) -> list[int]:
    from org.models import Unit, UnitKind

    have = Unit.objects.filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT]).count()
    Unit.objects.bulk_create(
        [
            Unit(
                name=f"基准公开单位{i:03d}", short_name=f"公开单位{i:03d}", kind=UnitKind.DEPARTMENT, sort_order=600 + i
            )
            for i in range(have, count)
        ],
        ignore_conflicts=True,
    )
    return list(
        Unit.objects.filter(is_active=True, kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def fill(n: int, unit_ids: list[int], officer, leader, seed: int) -> float:
    from django.db import connection
    from django.utils import timezone

    from disclosure.models import (
        Assessment,
        AssessmentScheme,
        Criterion,
        Finding,
        FindingLog,
        Inspection,
        InspectionLog,
        Score,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    empty_tables(["disclosure_score", "disclosure_assessmentlog", "disclosure_assessment", "disclosure_criterion",
                  "disclosure_assessmentscheme", "disclosure_findingattachment", "disclosure_findinglog",
                  "disclosure_finding", "disclosure_inspectionlog", "disclosure_inspection_units",
                  "disclosure_inspection"])  # fmt: skip
    now = timezone.now()
    today = timezone.localdate()
    first_year = today.year - 9
    quarters = [(y, q) for y in range(first_year, today.year + 1) for q in range(1, 5)]
    quarters = [(y, q) for y, q in quarters if datetime(y, 3 * q - 2, 1).date() <= today]
    # Each quarter the units are split into GROUPS, one inspection (and one day) per group.
    plans = [(y, q, g) for y, q in quarters for g in range(GROUPS)]
    per_inspection = max(1, n // len(plans))
    insp_d, find_d, flog_d, ilog_d = (column_defaults(m) for m in (Inspection, Finding, FindingLog, InspectionLog))
    tz = now.tzinfo
    inspections, members, ilogs, findings, flogs = [], [], [], [], []
    finding_id = member_id = 0
    for i, (year, quarter, group) in enumerate(plans, start=1):
        planned = datetime(year, 3 * quarter - 2, 10 + group, 9, tzinfo=tz)
        current = (year, quarter) == quarters[-1]
        if group == 0:
            shuffled = rng.sample(unit_ids, len(unit_ids))
        units = shuffled[group::GROUPS] or unit_ids[:1]
        row = dict(insp_d)
        row.update(
            id=i,
            version=3,
            created_at=planned - timedelta(days=10),
            updated_at=planned,
            title=f"{year}年第{quarter}季度政务公开检查（第{group + 1}组）",
            period=f"{year}年第{quarter}季度",
            year=year,
            planned_on=planned.date(),
            planned_by_id=officer.pk,
            leader_id=leader.pk,
            approved_at=planned - timedelta(days=5),
            started_at=planned,
            closed_at=None if current else planned + timedelta(days=80),
            state="in_progress" if current else "closed",
        )
        inspections.append(row)
        for unit in units:
            member_id += 1
            members.append({"id": member_id, "inspection_id": i, "unit_id": unit})
        for k, (action, label, frm, to, at) in enumerate(
            [
                ("plan", "拟定检查计划", "", "planned", planned - timedelta(days=10)),
                ("start", "开始检查", "planned", "in_progress", planned),
            ]
        ):
            log = dict(ilog_d)
            log.update(id=2 * i - 1 + k, document_id=i, actor_id=officer.pk, at=at, action=action, action_label=label,
                       from_state=frm, to_state=to, comment="")  # fmt: skip
            ilogs.append(log)
        for _ in range(per_inspection):
            finding_id += 1
            recorded = planned + timedelta(hours=rng.randint(0, 200))
            due = (recorded + timedelta(days=rng.choice([10, 15, 20, 30]))).date()
            state = rng.choice(["open", "open", "reported", "accepted"]) if current else "accepted"
            reported_at = accepted_at = None
            on_time = None
            if state in ("reported", "accepted"):
                reported_at = datetime.combine(
                    due + timedelta(days=rng.choice([-8, -3, -1, 0, 2, 9])), datetime.min.time(), tz
                )
                reported_at = min(reported_at, now)
            if state == "accepted":
                accepted_at = min(reported_at + timedelta(days=2), now)
                on_time = reported_at.date() <= due
            row = dict(find_d)
            row.update(
                id=finding_id,
                version=3,
                created_at=recorded,
                updated_at=accepted_at or reported_at or recorded,
                inspection_id=i,
                unit_id=rng.choice(units),
                problem=f"{rng.choice(PROBLEMS)}（第{finding_id}号）",
                rectification_asked=rng.choice(ASKS),
                due_on=due,
                recorded_by_id=officer.pk,
                rectification_report="已按要求整改" if reported_at else "",
                reported_by_id=officer.pk if reported_at else None,
                reported_at=reported_at,
                accepted_by_id=officer.pk if accepted_at else None,
                accepted_at=accepted_at,
                on_time=on_time,
                carried_over=False,
                state=state,
            )
            findings.append(row)
            for action, label, frm, to, at in [("record", "登记问题", "", "open", recorded)] + (
                [("report", "报送整改情况", "open", "reported", reported_at)] if reported_at else []
            ):
                log = dict(flog_d)
                log.update(id=len(flogs) + 1, document_id=finding_id, actor_id=officer.pk, at=at, action=action,
                           action_label=label, from_state=frm, to_state=to, comment="")  # fmt: skip
                flogs.append(log)
    with connection.cursor() as cursor:
        copy_rows(cursor, "disclosure_inspection", list(insp_d), inspections)
        copy_rows(cursor, "disclosure_inspection_units", ["id", "inspection_id", "unit_id"], members)
        copy_rows(cursor, "disclosure_inspectionlog", list(ilog_d), ilogs)
        for start in range(0, len(findings), 20000):
            copy_rows(cursor, "disclosure_finding", list(find_d), findings[start : start + 20000])
        for start in range(0, len(flogs), 40000):
            copy_rows(cursor, "disclosure_findinglog", list(flog_d), flogs[start : start + 40000])
        reset_sequences(cursor, ["disclosure_inspection", "disclosure_inspection_units", "disclosure_inspectionlog",
                                 "disclosure_finding", "disclosure_findinglog"])  # fmt: skip
    # A yearly assessment of every unit, confirmed, on five criteria [36] (ORM: a few thousand rows).
    for year in range(first_year, today.year):
        scheme = AssessmentScheme.objects.create(year=year, name=f"{year}年度政务公开考核细则", created_by=officer)
        criteria = Criterion.objects.bulk_create(
            [
                Criterion(scheme=scheme, name=name, max_points=points, order=k)
                for k, (name, points) in enumerate(CRITERIA)
            ]
        )
        assessments = Assessment.objects.bulk_create(
            [
                Assessment(
                    scheme=scheme,
                    unit_id=u,
                    state="confirmed",
                    confirmed_by=leader,
                    confirmed_at=now,
                    scored_by=officer,
                )
                for u in unit_ids
            ]
        )
        Score.objects.bulk_create(
            [
                Score(assessment=a, criterion=c, points=rng.randint(int(c.max_points * 0.6), int(c.max_points)))
                for a in assessments
                for c in criteria
            ]
        )
    analyze()
    print(f"filled {len(inspections):,} inspections, {len(findings):,} findings, {len(flogs):,} log rows")
    return time.perf_counter() - started


def pages(officer, leader, contact, finding, inspection, unit_id: int, year: int):
    candidates = [
        (officer, "page overview (the officer)", "disclosure:home", {}, ""),
        (contact, "page overview (a unit's 联络员)", "disclosure:home", {}, ""),
        (officer, "page findings, unsettled by deadline", "disclosure:findings", {}, ""),
        (officer, "page findings, all ten years", "disclosure:findings", {}, "?state=all"),
        (officer, "page findings, all, page 200", "disclosure:findings", {}, "?state=all&page=200"),
        (officer, "page findings of a unit, all", "disclosure:findings", {}, f"?state=all&unit={unit_id}"),
        (officer, "page findings, overdue", "disclosure:findings", {}, "?overdue=on"),
        (contact, "page findings (a unit's 联络员), all", "disclosure:findings", {}, "?state=all"),
        (contact, "page findings Excel (a unit's 联络员), all", "disclosure:findings_xlsx", {}, "?state=all"),
        (officer, "page a finding", "disclosure:finding", {"pk": finding.pk}, ""),
        (officer, "page inspections", "disclosure:inspections", {}, ""),
        (officer, "page an inspection (its findings)", "disclosure:inspection", {"pk": inspection.pk}, ""),
        (leader, "page statistics, this year", "disclosure:stats", {}, ""),
        (leader, "page statistics, last year", "disclosure:stats", {}, f"?year={year - 1}"),
        (contact, "page statistics (a unit's 联络员)", "disclosure:stats", {}, ""),
        (officer, "page assessments, last year", "disclosure:assessments", {}, f"?year={year - 1}"),
        (officer, "page assessment Excel, last year", "disclosure:assessment_xlsx", {"year": year - 1}, ""),
        (officer, "page catalogues", "disclosure:catalogues", {}, ""),
    ]
    return page_urls(candidates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="findings to create (default 100,000)")
    parser.add_argument("--units", type=int, default=80, help="townships and departments (default 80)")
    add_bench_options(
        parser,
        runs=30,
        seed=36,
        env="BENCH_DISCLOSURE_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the findings of the last (kept) run",
        keep="keep the database at the end",
    )
    args = parser.parse_args()
    with own_database(args.database_url, MARK, keep=args.keep):
        run(args)


def run(args) -> None:
    from django.conf import settings
    from django.db.models import Count
    from django.utils import timezone

    from disclosure.models import Finding, Inspection

    settings.ALLOWED_HOSTS = ["*"]
    users = {u.username: u for u in office_and_staff(40, "bench_disc_")}
    officer, leader = users["gongkai"], users["fuzhuren_wenmi"]
    unit_ids = ensure_units(args.units)
    if args.reuse and Finding.objects.exists():
        print(f"reusing {Finding.objects.count():,} findings")
    else:
        elapsed = fill(args.n, unit_ids, officer, leader, args.seed)
        print(f"{'fill (COPY + ANALYZE)':<52} {elapsed:>8.0f} s")
    today = timezone.localdate()
    busiest = (
        Finding.objects.filter(inspection__year=today.year)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    unit_id = busiest["unit_id"]
    contact = unit_contact(CONTACT, unit_id)  # sees their unit's findings only [36]
    finding = Finding.objects.filter(unit_id=unit_id, state="reported").first() or Finding.objects.first()
    inspection = Inspection.objects.order_by("-planned_on").first()
    print(
        f"{Finding.objects.count():,} findings, {Inspection.objects.count():,} inspections; "
        f"this year's inspection {inspection.findings.count():,} findings; the 联络员's unit "
        f"{Finding.objects.filter(unit_id=unit_id).count():,}"
    )
    install_reference_pages()
    rows = time_pages(officer, pages(officer, leader, contact, finding, inspection, unit_id, today.year), args.runs)
    print_rows(rows)


if __name__ == "__main__":
    main()
