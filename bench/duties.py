"""Benchmark of the office's standing duties (issue 22, 综合事务): seals [7], normative documents and legal
cases [13], coordination [9][15], research and drafting [4][5], receptions [6] — ten years of a county office.

    .venv/bin/python bench/duties.py                    # 100,000 seal uses and the rest in proportion
    .venv/bin/python bench/duties.py --size 10000       # a tenth of that (a quick look)
    .venv/bin/python bench/duties.py --keep --reuse     # measure the last fill again

``--size`` is the number of seal uses (用印登记); the rest follow the shape of a county office over ten years:
3% as many normative documents (in force, expired, repealed, superseded, a few just registered), 5% legal
cases, 5% coordination matters (two or three units at the table, a talk or two), 10% research and drafting
tasks (one to four versions each, a team), 20% receptions (a fifth still open: submitted, with the county head,
approved, held not yet recorded, returned). Every use rests on its approved request (a handful of seals: the
government's, the office's, a special seal and some townships'); a twentieth of the requests are guikou1's, the
line staff member measured as the restricted reader; some requests still wait.

It uses its own database (``zaduo_bench22`` by default), created and marked as the benchmark's at the start and
DROPPED at the end unless ``--keep``; it refuses a database it did not create. The fill builds the demo office
and COPYs the rows (``bench/common.py``), then ANALYZE. Then it times in-process, median and p95 with the query
count, each chapter's list (first page, a filter, a search for a rare word), a detail page and an export, as the
person who sees most (收发秘书 / 主任 / 法制科) and as a restricted one (联络员 or line staff), beside a bare page
and a constant 50-row template, so the figures read as ratios. A page not there (yet) is said and skipped.

What it found (2026-12-01, 10,000 and 100,000 seal uses): a normative document's page for 法制科 made one query
per document in the register (78 at 60, 289 at 300, 2,652 at 3,000: 4.4 s) — the 替代 choice list loads them with
``.only()`` without ``state``, and ``WorkflowModel`` (django-fsm's ConcurrentTransitionMixin) reads ``state`` on
every instance; the 规范性文件登记簿 export grew quadratically (0.9 s at 300 rows, 48 s at 3,000) from
``sheet.max_row`` read per cell (supervision/exports.py ``_append`` is the fix). Every list stayed flat.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from decimal import Decimal

from common import (
    Tables,
    add_bench_options,
    analyze,
    app_tables,
    empty_tables,
    install_reference_pages,
    office_and_staff,
    own_database,
    page_urls,
    print_rows,
    time_pages,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zaduo_bench22"
MARK = "zaduo-office bench/duties.py: created by the benchmark, dropped at its end"
BENCH_USER_PREFIX = "bench_duty_"
RARE = "雪豹"  # one title in about a thousand carries it: the search for a rare word
TOPICS = ["草原生态保护", "虫草采挖管理", "防灾保畜", "控辍保学", "包虫病防治", "饮水安全", "易地搬迁",
          "生态管护员", "乡村振兴", "安全生产", "矛盾纠纷排查", "民族团结", "项目建设", "河湖长制",
          "森林草原防火", "营商环境"]  # fmt: skip
PLACES = ["萨呼腾镇", "昂赛乡", "结多乡", "阿多乡", "苏鲁乡", "查旦乡", "莫云乡", "扎青乡"]
SURNAMES, GIVEN = "王李张刘陈杨赵黄周吴马孙", ["才让", "卓玛", "扎西", "拉毛", "多杰", "央金", "建华", "秀英"]


class Filler:
    def __init__(self, size: int, seed: int) -> None:
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from org.models import Unit, UnitKind

        User = get_user_model()
        self.rng = random.Random(seed)
        self.size = size
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.start = self.now - timedelta(days=3650)
        self.u = {u.username: u.pk for u in User.objects.filter(is_active=True)}
        self.staff = [pk for name, pk in self.u.items() if name.startswith(BENCH_USER_PREFIX)] or [self.u["guikou2"]]
        self.leaders = [self.u[n] for n in ("xianzhang", "changwu", "fuxianzhang1", "fuxianzhang2")]
        self.office_leaders = [self.u[n] for n in ("zhuren", "fuzhuren_wenmi", "fuzhuren")]
        units = Unit.objects.filter(is_active=True)
        self.townships = list(units.filter(kind=UnitKind.TOWNSHIP).values_list("pk", flat=True))
        self.departments = list(
            units.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT]).values_list("pk", flat=True)
        )
        contact = User.objects.select_related("profile").get(username="lianluo")
        self.contact_unit = getattr(contact.profile, "unit_id", None) or self.townships[0]
        self.local_units = self.townships + self.departments
        self.counts: dict[str, int] = {}

    # --- helpers ---------------------------------------------------------------------------------------------
    def moment(self, i: int, n: int) -> datetime:
        """The i-th of n moments spread over ten years, in office hours."""
        at = self.start + timedelta(seconds=(self.now - self.start).total_seconds() * i / max(n, 1))
        at = at.replace(hour=1 + self.rng.randint(0, 8), minute=self.rng.randint(0, 59))  # 09:00–17:59 +08
        return min(at, self.now - timedelta(minutes=5))

    def title(self, i: int, tail: str) -> str:
        rng = self.rng
        rare = RARE + "监测" if i % 997 == 0 else rng.choice(TOPICS)
        return f"关于{rng.choice(PLACES)}{rare}{tail}"

    def person(self, i: int) -> str:
        return f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}"

    def log(self, t: Tables, model, doc: int, actor: int, at: datetime, action: str, label: str, fr: str, to: str):
        t.add(model, document_id=doc, actor_id=actor, at=at, action=action, action_label=label,
              from_state=fr, to_state=to, comment="")  # fmt: skip

    def recent(self, at: datetime, days: int) -> bool:
        return at > self.now - timedelta(days=days)

    # --- 印信 [7] ----------------------------------------------------------------------------------------------
    def seals(self) -> None:
        from seals.models import Seal, SealLog, SealRequest, SealRequestLog, SealUse

        rng, n = self.rng, self.size
        t = Tables(Seal, SealLog, SealRequest, SealRequestLog, SealUse)
        clerk, director = self.u["shoufa"], self.u["zhuren"]
        year0 = self.start.year
        specs = [
            ("杂多县人民政府", "official", None, "county", clerk),
            ("杂多县人民政府办公室", "official", None, "office", clerk),
            ("杂多县人民政府办公室合同专用章", "special", None, "", clerk),
            ("杂多县人民政府办公室（钢印）", "embossed", None, "", clerk),
            ("萨呼腾镇人民政府", "official", self.contact_unit, "", None),
        ]
        specs += [
            (f"{p}人民政府", "official", u, "", None) for p, u in zip(PLACES[1:4], self.townships[1:4], strict=False)
        ]
        seals = []
        for serial, (name, kind, unit, serves, keeper) in enumerate(specs, start=1):
            pk = t.add(Seal, version=1, created_at=self.start, updated_at=self.start, number=f"印{year0}-{serial:03d}",
                       year=year0, serial=serial, name=name, kind=kind, unit_id=unit, serves=serves, keeper_id=keeper,
                       keeper_name="" if keeper else "办公室主任", made_on=self.start.date(), registered_by_id=clerk,
                       state="in_use")  # fmt: skip
            self.log(t, SealLog, pk, clerk, self.start, "register", "登记", "", "in_use")
            seals.append(pk)
        stampable = seals[:4]  # the office's own seals are the ones stamped at its desk
        applicants = [*self.staff, self.u["guikou1"]] * max(1, len(self.staff) // 19)
        serials: dict[int, int] = {}
        purposes = ["letter", "certificate", "contract", "material", "other"]
        waiting = 0
        requests = n + n // 20  # every use's request, and a twentieth more: waiting, returned, withdrawn
        for i in range(1, requests + 1):
            at = self.moment(i, requests)
            year = at.year
            serials[year] = serials.get(year, 0) + 1
            state = "used" if i % 21 else rng.choice(["returned", "withdrawn", "approved"])
            if self.recent(at, 3) and rng.random() < 0.5:
                state = "submitted"
            applicant = rng.choice(applicants)
            decided = state not in ("submitted", "withdrawn")
            subject = self.title(i, rng.choice(["的函", "的证明", "的请示", "的合同", "的报送材料"]))
            pk = t.add(SealRequest, version=2, created_at=at, updated_at=at, number=f"用印{year}-{serials[year]:05d}",
                       year=year, serial=serials[year], seal_id=rng.choice(stampable), applicant_id=applicant,
                       subject=subject, purpose=rng.choice(purposes), copies=rng.randint(1, 5),
                       reason="按规定报送", submitted_at=at, decided_by_id=director if decided else None,
                       decided_at=at + timedelta(hours=2) if decided else None, state=state)  # fmt: skip
            waiting += state == "submitted"
            self.log(t, SealRequestLog, pk, applicant, at, "submit", "提交", "", "submitted")
            if decided:
                self.log(t, SealRequestLog, pk, director, at + timedelta(hours=2), "approve", "批准", "submitted",
                         "approved" if state != "returned" else "returned")  # fmt: skip
            if state == "used":
                used_at = at + timedelta(hours=3)
                voided = rng.random() < 0.005
                t.add(SealUse, seal_id=t.rows["seals_sealrequest"][-1]["seal_id"], used_at=used_at, request_id=pk,
                      subject=subject, purpose=t.rows["seals_sealrequest"][-1]["purpose"], copies=1,
                      approved_by_id=director, stamped_by_id=clerk, voided_at=used_at if voided else None,
                      voided_by_id=clerk if voided else None, void_reason="登记有误" if voided else "")  # fmt: skip
            if i % 5000 == 0:
                t.flush()
        t.finish()
        self.counts["seal uses"] = t.written["seals_sealuse"]
        self.counts["seal requests"] = t.written["seals_sealrequest"]
        self.counts["requests waiting"] = waiting

    # --- 规范性文件 [13] -----------------------------------------------------------------------------------------
    def normative(self) -> None:
        from normative.models import NormativeDocument, NormativeLog

        rng, n = self.rng, max(30, self.size * 3 // 100)
        t = Tables(NormativeDocument, NormativeLog)
        legal, clerk = self.u["fazhi"], self.u["kezhang"]
        serials: dict[int, int] = {}
        published_ids: list[int] = []
        for i in range(1, n + 1):
            at = self.moment(i, n)
            year = at.year
            serials[year] = serials.get(year, 0) + 1
            day = at.date()
            authority = "government" if rng.random() < 0.6 else "office"
            prefix = "杂政" if authority == "government" else "杂政办"
            effective = day + timedelta(days=30)
            valid = effective + timedelta(days=365 * rng.choice([2, 3, 5, 5, 5]))
            registered = self.recent(at, 40) and rng.random() < 0.5
            row = dict(  # noqa: C408 (keyword rows read like the model)
               version=2, created_at=at, updated_at=at, register_year=year, register_serial=serials[year],
                       register_number=f"杂规{year}-{serials[year]:03d}",
                       title=self.title(i, rng.choice(["管理办法", "实施细则", "暂行规定", "实施意见"])),
                       doc_number=f"{prefix}〔{year}〕{serials[year]}号", authority=authority,
                       drafting_unit="县" + rng.choice(["农牧", "教育", "卫健", "财政", "住建"]) + "局",
                       effective_on=effective, valid_until=valid, registered_by_id=clerk)  # fmt: skip
            if registered:
                row["state"] = "registered"
            else:
                filed = day + timedelta(days=rng.randint(5, 40))
                row.update(legal_opinion="经审查，符合法律法规规定。", legal_reviewed_by_id=legal,
                           legal_reviewed_on=day - timedelta(days=5), signed_on=day,
                           published_on=day + timedelta(days=2),
                           published_in="portal", filing_due=day + timedelta(days=30),
                           filed_on=filed if filed <= self.today and rng.random() < 0.95 else None,
                           state="published")  # fmt: skip
                roll = rng.random()
                if roll < 0.08 and effective < self.today:
                    row.update(state="repealed", state_on=min(self.today, effective + timedelta(days=400)),
                               state_reason="经清理予以废止")  # fmt: skip
                elif roll < 0.13 and published_ids:
                    row.update(state="superseded", state_on=min(self.today, effective + timedelta(days=300)))
            pk = t.add(NormativeDocument, **row)
            if row["state"] == "published":
                published_ids.append(pk)
            self.log(t, NormativeLog, pk, clerk, at, "register", "登记", "", "registered")
        # superseded ones point at a later one (any published row will do for the page)
        for row in t.rows["normative_normativedocument"]:
            if row["state"] == "superseded":
                row["replaced_by_id"] = rng.choice(published_ids)
        t.finish()
        self.counts["normative documents"] = n

    # --- 行政复议与应诉 [13] -------------------------------------------------------------------------------------
    def legal(self) -> None:
        from legal.models import Case, CaseLog

        rng, n = self.rng, max(30, self.size * 5 // 100)
        t = Tables(Case, CaseLog)
        legal = self.u["fazhi"]
        outcomes = ["upheld", "revoked", "changed", "dismissed", "mediated", "judgment"]
        serials: dict[int, int] = {}
        for i in range(1, n + 1):
            at = self.moment(i, n)
            day, year = at.date(), at.year
            serials[year] = serials.get(year, 0) + 1
            kind = "reconsideration" if rng.random() < 0.6 else "litigation"
            number = (f"玉政复〔{year}〕{serials[year]}号" if kind == "reconsideration"
                      else f"（{year}）青2722行初{serials[year]}号")  # fmt: skip
            unit = self.contact_unit if rng.random() < 0.05 else rng.choice(self.local_units)
            row = dict(  # noqa: C408 (keyword rows read like the model)
               version=2, created_at=at, updated_at=at, kind=kind, number=number,
                       organ="玉树州人民政府" if kind == "reconsideration" else "杂多县人民法院",
                       party_kind="person", party_name=self.person(i) + str(i % 89),
                       party_id_number=f"6327221980{i % 10000:04d}{i % 1000:03d}X", party_phone=f"139{i:08d}"[-11:],
                       act=self.title(i, rng.choice(["行政处罚决定", "不予登记决定", "征收补偿决定"])), unit_id=unit,
                       received_on=day, reply_due_on=day + timedelta(days=10), handler_id=legal,
                       registered_by_id=legal)  # fmt: skip
            if self.recent(at, 60):
                row["state"] = rng.choice(["received", "replying", "replied", "heard"])
                if row["state"] != "received":
                    row["materials_received_on"] = day + timedelta(days=3)
                if row["state"] in ("replied", "heard"):
                    row["replied_on"] = day + timedelta(days=8)
            elif rng.random() < 0.05:
                row.update(state="withdrawn", withdrawn_reason="申请人撤回申请", closed_on=day + timedelta(days=20))
            else:
                row.update(state="closed", materials_received_on=day + timedelta(days=3),
                           replied_on=day + timedelta(days=8), outcome=rng.choice(outcomes),
                           outcome_note="维持原行政行为", closed_on=day + timedelta(days=60))  # fmt: skip
            pk = t.add(Case, **row)
            self.log(t, CaseLog, pk, legal, at, "register", "登记", "", "received")
        t.finish()
        self.counts["legal cases"] = n

    # --- 协调事项 [9][15] ----------------------------------------------------------------------------------------
    def coordination(self) -> None:
        from coordination.models import Matter, MatterLog, Party, Talk

        rng, n = self.rng, max(30, self.size * 5 // 100)
        t = Tables(Matter, Party, Talk, MatterLog)
        clerk = self.u["kezhang"]
        serials: dict[int, int] = {}
        for i in range(1, n + 1):
            at = self.moment(i, n)
            year = at.year
            serials[year] = serials.get(year, 0) + 1
            handler = rng.choice([*self.staff, self.u["guikou1"]])
            leader = rng.choice(self.leaders)
            row = dict(  # noqa: C408 (keyword rows read like the model)
               version=3, created_at=at, updated_at=at, year=year, serial=serials[year],
                       title=self.title(i, "协调事项"), matter="涉及多个部门，职责交叉，需办公室协调。",
                       origin="instruction", instructed_by_id=leader, instruction="请办公室牵头协调。",
                       lead_id=rng.choice(self.office_leaders), handler_id=handler, registered_by_id=clerk,
                       due_on=at.date() + timedelta(days=15))  # fmt: skip
            if self.recent(at, 45):
                row["state"] = rng.choice(["registered", "coordinating", "proposed", "decided"])
            elif rng.random() < 0.03:
                row.update(state="withdrawn", withdrawn_at=at + timedelta(days=3), withdraw_reason="领导另有安排")
            else:
                row.update(state="closed", proposal="建议由牵头部门负责，其他部门配合。", leader_id=leader,
                           proposed_at=at + timedelta(days=5), proposed_by_id=handler, decision="同意。",
                           decided_at=at + timedelta(days=6), decided_by_id=leader, follow_up="done",
                           result="已办结", closed_at=at + timedelta(days=12), closed_by_id=clerk)  # fmt: skip
            pk = t.add(Matter, **row)
            units = rng.sample(self.local_units, 3)
            if rng.random() < 0.05:
                units[0] = self.contact_unit
            for unit in dict.fromkeys(units[: rng.randint(2, 3)]):
                t.add(Party, matter_id=pk, unit_id=unit)
            for k in range(rng.randint(0, 2)):
                t.add(Talk, matter_id=pk, held_on=at.date() + timedelta(days=k + 1), kind="meeting",
                      attendees="各相关单位分管负责人", content="各方陈述意见，形成初步方案。",
                      recorded_by_id=handler, recorded_at=at + timedelta(days=k + 1))  # fmt: skip
            self.log(t, MatterLog, pk, clerk, at, "register", "登记", "", "registered")
            if i % 5000 == 0:
                t.flush()
        t.finish()
        self.counts["coordination matters"] = n

    # --- 调研与文字综合 [4][5] -----------------------------------------------------------------------------------
    def research(self) -> None:
        from research.models import Member, Task, TaskLog, Version

        rng, n = self.rng, max(30, self.size * 10 // 100)
        t = Tables(Task, Member, Version, TaskLog)
        clerk = self.u["kezhang"]
        for i in range(1, n + 1):
            at = self.moment(i, n)
            kind = "research" if rng.random() < 0.4 else "drafting"
            lead = rng.choice([*self.staff, self.u["guikou1"]])
            leader = rng.choice(self.leaders)
            versions = rng.randint(1, 4)
            recent = self.recent(at, 40)
            if kind == "research":
                state = rng.choice(["assigned", "researching", "reported", "instructed"]) if recent else "closed"
                genre = ""
                tail = "情况的调研报告"
            else:
                state = rng.choice(["commissioned", "drafting", "reviewing", "approving"]) if recent else "final"
                genre = rng.choice(["work_report", "speech", "briefing", "other"])
                tail = rng.choice(["工作汇报", "讲话稿", "情况简报"])
            if not recent and rng.random() < 0.03:
                state = "cancelled"
            row = dict(  # noqa: C408 (keyword rows read like the model)
               version=versions + 2, created_at=at, updated_at=at, kind=kind, genre=genre,
                       title=self.title(i, tail), aim="摸清底数，提出对策建议。", leader_id=leader, lead_id=lead,
                       due_on=at.date() + timedelta(days=20), year=at.year, created_by_id=clerk,
                       version_count=versions, waiting_since=at, state=state,
                       cancel_reason="领导另有安排" if state == "cancelled" else "",
                       reviewer_now_id=self.u["zhuren"] if state == "reviewing" else None,
                       ended_at=at + timedelta(days=25) if state in ("closed", "final", "cancelled") else None,
                       approved_at=at + timedelta(days=22) if state == "final" else None)  # fmt: skip
            pk = t.add(Task, **row)
            for member in dict.fromkeys([lead, rng.choice(self.staff)]):
                t.add(Member, task_id=pk, user_id=member)
            for number in range(1, versions + 1):
                body = f"{row['title']}（第{number}稿）\n一、基本情况\n二、存在的问题\n三、对策建议\n" * 3
                t.add(Version, task_id=pk, number=number, body=body, made_by_id=lead,
                      made_at=at + timedelta(days=number * 3), note="修改稿" if number > 1 else "初稿")  # fmt: skip
            self.log(t, TaskLog, pk, clerk, at, "assign", "交办", "", "assigned")
            if i % 5000 == 0:
                t.flush()
        t.finish()
        self.counts["research tasks"] = n
        self.counts["versions"] = t.written["research_version"]

    # --- 公务接待 [6] ---------------------------------------------------------------------------------------------
    def reception(self) -> None:
        from reception.models import MealLine, Reception, ReceptionLog, ReceptionRecord

        rng, n = self.rng, max(50, self.size * 20 // 100)
        t = Tables(Reception, ReceptionRecord, MealLine, ReceptionLog)
        director, head = self.u["zhuren"], self.u["xianzhang"]
        open_count = 0
        visitors_from = ["玉树州发展改革委", "青海省农业农村厅", "玉树州生态环境局", "治多县人民政府", "囊谦县人民政府"]
        for i in range(1, n + 1):
            at = self.moment(i, n)
            arrive = at.date() + timedelta(days=rng.randint(1, 5))
            leave = arrive + timedelta(days=rng.randint(0, 2))
            handler = rng.choice([*self.staff, self.u["guikou1"]])
            count = rng.randint(2, 12)
            needs_head = count > 8
            # A fifth still open: the newest fifth mostly, and a trickle of older ones held but never recorded.
            if i > n * 0.82 or rng.random() < 0.02:
                state = rng.choice(["submitted", "head_review" if needs_head else "submitted", "approved",
                                    "held", "returned"])  # fmt: skip
                open_count += 1
            else:
                state = rng.choice(["recorded"] * 17 + ["cancelled", "rejected"])
            approved = state in ("approved", "held", "recorded")
            row = dict(  # noqa: C408 (keyword rows read like the model)
               version=3, created_at=at, updated_at=at, kind="reception" if rng.random() < 0.9 else "activity",
                       title=f"{rng.choice(visitors_from)}来杂调研{rng.choice(TOPICS) if i % 997 else RARE + '监测'}",
                       visiting_unit=rng.choice(visitors_from), letter_number=f"公函〔{at.year}〕{i % 300 + 1}号",
                       visitors=f"{self.person(i)}等{count}人", visitor_count=count, purpose="调研指导工作",
                       arrive_on=arrive, leave_on=leave, place=rng.choice(PLACES),
                       receiving_leader_id=rng.choice(self.leaders), leaders_attending="分管副县长",
                       accompany_count=rng.randint(1, 3), meal_standard=Decimal("60.00"), lodging=leave > arrive,
                       estimated_cost=Decimal(60 * count * 2), handler_id=handler, registered_at=at,
                       needs_head=needs_head, waiting_for_id=(head if state == "head_review" else
                                                              director if state == "submitted" else None),
                       approval_due_at=at + timedelta(days=1), approved_by_id=director if approved else None,
                       approved_at=at + timedelta(hours=3) if approved else None,
                       head_approved_by_id=head if approved and needs_head else None,
                       head_approved_at=at + timedelta(hours=5) if approved and needs_head else None,
                       held_at=datetime.combine(leave, at.timetz()) if state in ("held", "recorded") else None,
                       record_due_at=(datetime.combine(leave, at.timetz()) + timedelta(days=5)
                                      if state in ("held", "recorded") else None),
                       cancelled_at=at + timedelta(days=1) if state == "cancelled" else None,
                       cancel_reason="来访取消" if state == "cancelled" else "", state=state)  # fmt: skip
            pk = t.add(Reception, **row)
            if state == "recorded":
                total = Decimal(0)
                record = t.add(ReceptionRecord, reception_id=pk, actual_visitors=row["visitors"],
                               actual_visitor_count=count, actual_accompany_count=row["accompany_count"],
                               total=Decimal(0), signed_by_id=handler,
                               signed_at=row["held_at"] + timedelta(days=1))  # fmt: skip
                for day_offset in range((leave - arrive).days + 1):
                    cost = Decimal(55 * (count + row["accompany_count"]))
                    total += cost
                    t.add(MealLine, record_id=record, served_on=arrive + timedelta(days=day_offset), meal="lunch",
                          diners=count + row["accompany_count"], cost=cost)  # fmt: skip
                t.rows["reception_receptionrecord"][-1]["total"] = total
            self.log(t, ReceptionLog, pk, handler, at, "submit", "登记", "", "submitted")
            if i % 5000 == 0:
                t.flush()
        t.finish()
        self.counts["receptions"] = n
        self.counts["receptions open"] = open_count


APPS = ["seals", "normative", "legal", "coordination", "research", "reception"]


def fill(size: int, seed: int) -> float:
    office_and_staff(60, BENCH_USER_PREFIX)
    started = time.perf_counter()
    empty_tables(app_tables(*APPS))
    filler = Filler(size, seed)
    for app in APPS:
        began = time.perf_counter()
        getattr(filler, app)()
        print(f"  {app:<14} {time.perf_counter() - began:>6.0f} s", flush=True)
    analyze()
    print("  ".join(f"{k} {v:,}" for k, v in filler.counts.items()))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="seal uses to create (default 100,000)")
    add_bench_options(
        parser,
        runs=15,
        seed=22,
        env="BENCH_DUTIES_DATABASE_URL",
        url=DEFAULT_URL,
        reuse="keep the rows of the last run (with --keep)",
        keep="do not drop the database at the end",
    )
    args = parser.parse_args()
    with own_database(args.database_url, MARK, keep=args.keep):
        measure(args)


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("-pk").values_list("pk", flat=True).first()


def measure(args) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from coordination.models import Matter, Party
    from legal.models import Case
    from normative.models import NormativeDocument
    from reception.models import Reception
    from research.models import Task
    from seals.models import Seal, SealRequest, SealUse

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    if args.reuse and SealUse.objects.exists():
        print(f"reusing {SealUse.objects.count():,} seal uses")
    else:
        print(f"filling {args.size:,} seal uses and the rest in proportion …", flush=True)
        elapsed = fill(args.size, args.seed)
        print(f"{'fill (COPY, ANALYZE)':<52} {elapsed:>8.0f} s\n")
    install_reference_pages()
    people = {u.username: u for u in User.objects.filter(username__in=[
        "shoufa", "zhuren", "fazhi", "kezhang", "lianluo", "guikou1"])}  # fmt: skip
    clerk, director, legal = people["shoufa"], people["zhuren"], people["fazhi"]
    contact, staff = people["lianluo"], people["guikou1"]
    today = timezone.localdate()
    month = f"{today.year - 1}-05"
    contact_unit = contact.profile.unit_id
    some_seal = Seal.objects.filter(serves="office").values_list("pk", flat=True).first()
    ids = {
        "request": _first(SealRequest, state="used"),
        "own_request": _first(SealRequest, applicant=staff),
        "seal": some_seal,
        "normative": _first(NormativeDocument, state="published"),
        "case": _first(Case, state="closed"),
        "contact_case": _first(Case, unit_id=contact_unit),
        "matter": _first(Matter, state="closed"),
        "contact_matter": Party.objects.filter(unit_id=contact_unit)
        .order_by("-matter_id")
        .values_list("matter_id", flat=True)
        .first(),
        "task": _first(Task),
        "own_task": _first(Task, lead=staff),
        "reception": _first(Reception, state="recorded"),
        "own_reception": _first(Reception, handler=staff),
    }
    c = [  # (user, label, url name, pk or None, query)
        (clerk, "seals uses (收发秘书)", "seals:uses", None, ""),
        (clerk, "seals uses, one seal, a month", "seals:uses", None, f"?seal={some_seal}&month={month}"),
        (clerk, "seals uses, purpose 合同", "seals:uses", None, "?purpose=contract"),
        (staff, "seals uses (line staff: own requests)", "seals:uses", None, ""),
        (director, "seals requests (主任)", "seals:requests", None, ""),
        (director, "seals requests, waiting", "seals:requests", None, "?state=submitted"),
        (staff, "seals requests (line staff)", "seals:requests", None, ""),
        (clerk, "seals register, search 印文", "seals:home", None, "?q=" + "萨呼腾"),
        (contact, "seals register (联络员)", "seals:home", None, ""),
        (director, "seals request detail", "seals:request", ids["request"], ""),
        (staff, "seals request detail (own)", "seals:request", ids["own_request"], ""),
        (clerk, "seals seal detail", "seals:seal", ids["seal"], ""),
        (clerk, "seals uses.xlsx, a month", "seals:uses_xlsx", None, f"?month={month}"),
        (clerk, "seals request PDF", "seals:request_pdf", ids["request"], ""),
        (legal, "normative register (法制科)", "normative:home", None, ""),
        (legal, "normative register, state repealed", "normative:home", None, "?state=repealed"),
        (legal, "normative register, search " + RARE, "normative:home", None, "?q=" + RARE),
        (legal, "normative register, filing overdue", "normative:home", None, "?filing_overdue=on"),
        (staff, "normative in force (line staff)", "normative:in_force", None, ""),
        (staff, "normative in force, search " + RARE, "normative:in_force", None, "?q=" + RARE),
        (legal, "normative document detail", "normative:document", ids["normative"], ""),
        (staff, "normative document detail (line staff)", "normative:document", ids["normative"], ""),
        (legal, "normative register.xlsx", "normative:register_xlsx", None, ""),
        (staff, "normative in-force.xlsx", "normative:in_force_xlsx", None, ""),
        (legal, "legal cases (法制科, open)", "legal:home", None, ""),
        (legal, "legal cases, all", "legal:home", None, "?state=all"),
        (legal, "legal cases, all, search " + RARE, "legal:home", None, "?state=all&q=" + RARE),
        (legal, "legal cases, a year", "legal:home", None, f"?state=all&year={today.year - 3}"),
        (contact, "legal cases (联络员: own unit)", "legal:home", None, "?state=all"),
        (legal, "legal case detail", "legal:case", ids["case"], ""),
        (contact, "legal case detail (联络员)", "legal:case", ids["contact_case"], ""),
        (legal, "legal cases.xlsx", "legal:cases_xlsx", None, f"?state=all&year={today.year - 1}"),
        (legal, "legal case PDF", "legal:case_pdf", ids["case"], ""),
        (director, "coordination list (主任)", "coordination:list", None, ""),
        (director, "coordination list, closed", "coordination:list", None, "?state=closed"),
        (director, "coordination list, search " + RARE, "coordination:list", None, "?q=" + RARE),
        (director, "coordination list, a unit", "coordination:list", None, f"?unit={contact_unit}"),
        (contact, "coordination list (联络员: EXISTS party)", "coordination:list", None, ""),
        (staff, "coordination list (line staff: EXISTS log)", "coordination:list", None, ""),
        (director, "coordination detail", "coordination:detail", ids["matter"], ""),
        (contact, "coordination detail (联络员)", "coordination:detail", ids["contact_matter"], ""),
        (director, "coordination register.xlsx", "coordination:export", None, f"?year={today.year - 1}"),
        (director, "research list (主任)", "research:list", None, ""),
        (director, "research list, drafting", "research:list", None, "?kind=drafting"),
        (director, "research list, search " + RARE, "research:list", None, "?q=" + RARE),
        (staff, "research list (line staff: EXISTS member)", "research:list", None, ""),
        (director, "research detail", "research:detail", ids["task"], ""),
        (staff, "research detail (own)", "research:detail", ids["own_task"], ""),
        (director, "research export", "research:export", None, f"?year={today.year - 1}"),
        (director, "reception list (主任)", "reception:list", None, ""),
        (director, "reception list, waiting", "reception:list", None, "?state=submitted"),
        (director, "reception list, search " + RARE, "reception:list", None, "?q=" + RARE),
        (staff, "reception list (line staff: own)", "reception:list", None, ""),
        (director, "reception detail", "reception:detail", ids["reception"], ""),
        (staff, "reception detail (own)", "reception:detail", ids["own_reception"], ""),
        (director, "reception ledger.xlsx, a month", "reception:export", None, f"?month={month}"),
        (director, "reception record PDF", "reception:record_pdf", ids["reception"], ""),
    ]
    pages = page_urls(
        [(user, label, name, [pk] if pk is not None else [], query) for user, label, name, pk, query in c],
        missing="no page {name} (or no row for it) yet",
    )
    rows = time_pages(clerk, pages, args.runs, slow=lambda url: ".xlsx" in url or ".pdf" in url)
    print_rows(rows)
    print(f"\n(seal uses {SealUse.objects.count():,}; measured {date.today().isoformat()}, {args.runs} runs)")


if __name__ == "__main__":
    main()
