"""Benchmark of petitions (信访, 第九章 [47]–[50]) at scale: registering with repeat detection (by ID number and by
phone, through the blind index), the look-up, the case list, search and statistics pages.

    .venv/bin/python bench/petitions.py                     # 100,000 cases over ten years
    .venv/bin/python bench/petitions.py --size 1000000 --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/petitions.py --reuse             # measure the cases of the last run again

It uses its own database (``zaduo_pet_bench`` by default, created if missing and marked as the benchmark's; its
petitions tables are emptied and refilled, so it refuses a database it did not create). The fill builds the demo
office and COPYs ten years of cases: about 45% of them from repeat petitioners (the same person — ID number and
phone — coming back, a few of them many times), 5% group visits (5–40 people, three representatives registered),
20% still open (most of this year's; some late, some answered and waiting to be closed). Personal data is
encrypted as the site stores it: each distinct
person is encrypted once and their tokens reused on each of their cases (a fresh IV per row would only cost time,
and changes nothing a query reads).

Then it times, in-process, median and p95 with the query count: ``find_repeats`` by ID number and by phone,
``register_case`` for a returning person (the whole step: checks, serial, repeat detection, writes), the look-up,
and the pages (by URL name; a page not there yet is said and skipped; the report's workbook and a month's 信访登记簿
among them) beside a bare page and a constant 50-row template (``bench/common.py``), so the figures read as
ratios.
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
    app_tables,
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
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_pet_bench"
MARK = "zaduo-office bench/petitions.py: created by the benchmark, emptied on every run"
BENCH_USER_PREFIX = "bench_pet_"
COUNTY_CODE = "632722"  # 杂多县
CHANNELS = {"visit": 40, "letter": 25, "phone": 15, "online": 15, "leader": 5}
TITLES = ["草场承包边界纠纷", "拖欠农民工工资", "低保评定不公", "征地补偿款未到位", "虫草采挖区域争议", "危房改造补助",
          "子女入学", "医疗报销", "易地搬迁安置房质量", "退耕还林补助", "道路硬化占地补偿", "饮水工程质量"]  # fmt: skip
SURNAMES = "才扎索尼多拉旦尕公巴格卓"
GIVEN = ["仁", "西", "南", "玛", "杰", "毛", "增", "松", "却", "布", "桑", "措"]


def id_number(n: int) -> str:
    from petitions.identity import id_check_character

    born = datetime(1950, 1, 1) + timedelta(days=(n * 7919) % 20000)
    first17 = f"{COUNTY_CODE}{born:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_character(first17)


def phone(n: int) -> str:
    return f"1{3 + n % 7}{(n * 104729) % 10**9:09d}"


class Person:
    """One distinct petitioner, encrypted once: the same tokens go on each of their cases."""

    __slots__ = ("address_token", "id_index", "id_token", "name", "phone_index", "phone_token", "township")

    def __init__(self, n: int, township: int) -> None:
        from petitions import crypto

        self.name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 12) % 12] + GIVEN[(n // 144) % 12]
        number, mobile = id_number(n), phone(n)
        self.id_token, self.id_index = crypto.encrypt(number), crypto.blind_index("id", number)
        self.phone_token, self.phone_index = crypto.encrypt(mobile), crypto.blind_index("phone", mobile)
        self.address_token = crypto.encrypt(f"杂多县某乡某村{n % 40}社{n % 97}号")
        self.township = township


class Filler:
    def __init__(self, n: int, units: list[int], townships: list[int], staff: list, rng: random.Random) -> None:
        from django.utils import timezone

        from petitions.models import Case, Petitioner

        self.n, self.units, self.townships, self.staff, self.rng = n, units, townships, staff, rng
        self.now = timezone.now()
        self.start = self.now - timedelta(days=3650)
        self.case_defaults = column_defaults(Case)
        self.case_columns = list(self.case_defaults)
        self.person_defaults = column_defaults(Petitioner)
        self.person_columns = list(self.person_defaults)
        self.people: list[Person] = []
        self.serials: dict[int, int] = {}
        self.person_id = 0
        self.counts = {"repeat": 0, "group": 0, "open": 0, "answered": 0, "late": 0}

    def person(self) -> tuple[Person, bool]:
        """A returning petitioner (45%, a few of them often) or a new one; and whether they return."""
        rng = self.rng
        if self.people and rng.random() < 0.45:
            if rng.random() < 0.2:
                return self.people[int(len(self.people) * rng.random() ** 6)], True  # the few who come back often
            return rng.choice(self.people), True
        person = Person(len(self.people) + 1, rng.choice(self.townships))
        self.people.append(person)
        return person, False

    def rows(self, i: int, received: datetime):
        from django.utils import timezone

        rng = self.rng
        local = timezone.localtime(received)
        year = local.year
        self.serials[year] = serial = self.serials.get(year, 0) + 1
        recent = i > self.n * 0.85
        is_open = rng.random() < (0.8 if recent else 0.08)
        is_group = rng.random() < 0.05
        clerk = rng.choice(self.staff)
        case = dict(self.case_defaults)
        case.update(
            id=i,
            year=year,
            serial=serial,
            number=f"杂信〔{year}〕{serial}号",
            created_at=received,
            updated_at=received,
            version=1,
            channel=rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0],
            received_at=received,
            received_by_id=clerk,
            category=rng.choice(
                [
                    "urban_rural",
                    "labour",
                    "agriculture",
                    "land",
                    "land",
                    "civil_affairs",
                    "education_health",
                    "law",
                    "other",
                ]
            ),
            township_id=rng.choice(self.townships),
            title=rng.choice(TITLES) + f"（{i % 1000}）",
            request="请求依法处理并答复。",
            content="来访人反映的情况，经初步了解属实。",
            is_group=is_group,
            head_count=rng.randint(5, 40) if is_group else 1,
            accept_due=(local + timedelta(days=15)).date(),
        )
        chosen = [self.person() for _ in range(3 if is_group else 1)]
        people = [p for p, _ in chosen]
        case["is_repeat"] = any(returning for _, returning in chosen)
        if case["is_repeat"]:
            self.counts["repeat"] += 1
        if is_group:
            self.counts["group"] += 1
        if is_open:
            self.counts["open"] += 1
            if rng.random() < 0.3:
                case["state"] = "registered"
                if case["accept_due"] < self.now.date():
                    self.counts["late"] += 1
            else:
                decided = received + timedelta(days=rng.randint(1, 14))
                unit = rng.choice(self.units) if rng.random() < 0.7 else None
                case.update(
                    state="handling",
                    decided_at=decided,
                    decided_by_id=clerk,
                    decided_on_time=True,
                    handling="transfer" if unit else "own",
                    unit_id=unit,
                    handler_id=None if unit else clerk,
                    handling_since=decided.date(),
                    handle_due=decided.date() + timedelta(days=60),
                )
                if rng.random() < 0.15:  # answered, waiting for the petitioner's evaluation to close [50]
                    answered = min(decided + timedelta(days=rng.randint(10, 55)), self.now)
                    case.update(
                        state="answered",
                        answer="经调查核实，已依法处理。",
                        answered_at=answered,
                        answered_by_id=clerk,
                        answered_on_time=answered.date() <= case["handle_due"],
                    )
                    self.counts["answered"] += 1
                elif case["handle_due"] < self.now.date():
                    self.counts["late"] += 1
        elif rng.random() < 0.06:
            decided = received + timedelta(days=rng.randint(1, 15))
            case.update(state="refused", decided_at=decided, decided_by_id=clerk, decided_on_time=True,
                        refusal_reason="不属于本机关职权范围，已告知向有权机关提出。")  # fmt: skip
        else:
            decided = received + timedelta(days=rng.randint(1, 16))
            answered = decided + timedelta(days=rng.randint(10, 75))
            unit = rng.choice(self.units) if rng.random() < 0.7 else None
            case.update(
                state="closed",
                decided_at=decided,
                decided_by_id=clerk,
                decided_on_time=decided <= received + timedelta(days=15),
                handling="transfer" if unit else "own",
                unit_id=unit,
                handler_id=None if unit else clerk,
                handling_since=decided.date(),
                handle_due=decided.date() + timedelta(days=60),
                answer="经调查核实，已依法处理。",
                answered_at=answered,
                answered_by_id=clerk,
                answered_on_time=answered <= decided + timedelta(days=60),
                satisfaction=rng.choice(["satisfied", "satisfied", "basically", "dissatisfied", ""]),
                closed_at=answered + timedelta(days=3),
                closed_by_id=clerk,
                outcome_settled=rng.random() < 0.3,
            )
        petitioners = []
        for position, p in enumerate(people, start=1):
            self.person_id += 1
            row = dict(self.person_defaults)
            row.update(
                id=self.person_id,
                case_id=i,
                position=position,
                name=p.name,
                id_number=p.id_token,
                id_index=p.id_index,
                phone=p.phone_token,
                phone_index=p.phone_index,
                address=p.address_token,
                township_id=p.township,
                is_representative=True,
            )
            petitioners.append(row)
        return case, petitioners

    def run(self, batch: int = 5000) -> None:
        from django.db import connection

        from core.models import SerialCounter

        span = (self.now - self.start).total_seconds()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for offset in range(0, self.n, batch):
                cases, people = io.StringIO(), io.StringIO()
                for i in range(offset + 1, min(offset + batch, self.n) + 1):
                    case, petitioners = self.rows(i, self.start + timedelta(seconds=span * i / self.n))
                    cases.write(copy_line(case[c] for c in self.case_columns))
                    for row in petitioners:
                        people.write(copy_line(row[c] for c in self.person_columns))
                copy_buffer(cursor, "petitions_case", self.case_columns, cases)
                copy_buffer(cursor, "petitions_petitioner", self.person_columns, people)
                done = min(offset + batch, self.n)
                if done % 50000 == 0 or done == self.n:
                    print(f"  {done:>9,} cases, {len(self.people):>9,} distinct people "
                          f"{time.perf_counter() - started:>5.0f} s", flush=True)  # fmt: skip
            reset_sequences(cursor, ["petitions_case", "petitions_petitioner"])
        for year, last in self.serials.items():
            SerialCounter.objects.update_or_create(scope="petitions.case", year=year, defaults={"last": last})


def fill(n: int, seed: int) -> tuple[float, dict, int]:
    from django.db import connection

    from org.models import Unit
    from org.roles import Role
    from org.selectors import users_with_role

    office_and_staff(60, BENCH_USER_PREFIX)
    staff = list(users_with_role(Role.PETITION_RECEPTIONIST).values_list("pk", flat=True))
    units = list(Unit.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    townships = units[: max(1, len(units) // 2)]
    started = time.perf_counter()
    empty_tables(app_tables("petitions"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_serialcounter WHERE scope = 'petitions.case'")
    print(f"filling {n:,} cases …")
    filler = Filler(n, units, townships, staff, random.Random(seed))
    filler.run()
    analyze()
    return time.perf_counter() - started, filler.counts, len(filler.people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="cases to create (default 100,000)")
    add_bench_options(
        parser,
        runs=30,
        seed=47,
        env="BENCH_PETITIONS_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the cases of the last run",
    )
    args = parser.parse_args()
    setup_bench(args.database_url, MARK)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from petitions import services
    from petitions.lookup import look_up_person
    from petitions.models import Case, Petitioner
    from petitions.todo import PetitionsWork

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    if args.reuse and Case.objects.exists():
        print(f"reusing {Case.objects.count():,} cases")
    else:
        elapsed, counts, distinct = fill(args.size, args.seed)
        print(f"{'fill (encrypt per person, COPY, ANALYZE)':<52} {elapsed:>8.0f} s")
        print("  ".join(f"{k} {v:,}" for k, v in {**counts, "distinct people": distinct}.items()))
    print(f"cases {Case.objects.count():,}, petitioners {Petitioner.objects.count():,}\n")

    from org.roles import Role
    from org.selectors import users_with_role

    desk = users_with_role(Role.PETITION_RECEPTIONIST).first()
    director = User.objects.get(username="zhuren")
    county_head = User.objects.get(username="xianzhang")
    returning = Petitioner.objects.filter(case__is_group=False).order_by("-id").first()
    known_id, known_phone = returning.id_number, returning.phone
    unknown_id = id_number(9_999_999)
    runs = args.runs
    township = returning.township

    def register():
        with transaction.atomic():
            services.register_case(
                actor=desk,
                data=services.CaseData(
                    channel="visit",
                    received_at=timezone.now(),
                    category="land",
                    title="草场承包边界纠纷（再次）",
                    request="请求重新勘界。",
                    township=township,
                    petitioners=(services.PetitionerData(name="才仁", id_number=known_id, phone=known_phone),),
                ),
            )
            transaction.set_rollback(True)  # measure the step, keep the table as it was

    rows = [
        (
            "find_repeats by ID number (a returning person)",
            timed(lambda: services.find_repeats(id_number=known_id), runs),
        ),
        ("find_repeats by phone (a returning person)", timed(lambda: services.find_repeats(phone=known_phone), runs)),
        (
            "find_repeats by ID number (a first-time person)",
            timed(lambda: services.find_repeats(id_number=unknown_id), runs),
        ),
        (
            "find_repeats by ID + phone + matter (the desk's call)",
            timed(
                lambda: services.find_repeats(
                    id_number=known_id, phone=known_phone, title="草场承包边界纠纷", township=township
                ),
                runs,
            ),
        ),
        ("register_case, returning person (whole step, rolled back)", timed(register, runs)),
        (
            "look_up_person by ID number (logged)",
            timed(lambda: look_up_person(desk, kind="id", value=known_id, reason="基准测试"), runs),
        ),
        # 我的待办's badge for the petition staff, uncached (what every page costs when the cache is cold) [48][50]
        ("我的待办 badge count, petition staff (uncached)", timed(lambda: PetitionsWork().count(desk), runs)),
        ("我的待办 items, petition staff (first 100)", timed(lambda: PetitionsWork().items(desk, 100), runs)),
    ]
    if not reference_pages_or_say():
        print_rows(rows)
        return
    sample = Case.objects.filter(state="handling").order_by("-id").first()
    # The register of a whole month (issue 13): last year's May, as many cases as the fill put in a month.
    last_year = timezone.localdate().year - 1
    may = Case.objects.filter(received_at__year=last_year, received_at__month=5).count()
    candidates = [
        (desk, "page case list, open (petition staff)", "petitions:list", {}, ""),
        (desk, "page case list, all states", "petitions:list", {}, "?state=all"),
        (desk, "page case list, search 草场 (2 characters)", "petitions:list", {}, "?q=草场"),
        (desk, "page case list, search 草场承包边界", "petitions:list", {}, "?q=草场承包边界"),
        (desk, "page case list, search by number", "petitions:list", {}, f"?q={sample.number}"),
        (director, "page case list (office director, masked)", "petitions:list", {}, ""),
        (desk, "page a case (petition staff)", "petitions:detail", {"pk": sample.pk}, ""),
        (county_head, "page statistics (county head)", "petitions:statistics", {}, ""),
        (director, "page statistics report.xlsx", "petitions:report_xlsx", {}, ""),
        (
            director,
            f"page register.xlsx, a month ({may:,} cases)",
            "petitions:register_xlsx",
            {},
            f"?year={last_year}&month=5",
        ),
        (director, "page lookup log", "petitions:lookup_log", {}, ""),
    ]
    rows += time_pages(desk, page_urls(candidates), runs, slow=lambda url: url.endswith(".xlsx"))
    print_rows(rows)


if __name__ == "__main__":
    main()
