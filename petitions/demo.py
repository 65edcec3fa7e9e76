"""演示信访件: a handful of realistic cases in each state — a group visit routed to a township and an incident
among them — made through the real services (``manage.py seed_demo``). Idempotent: nothing is added when the
office already has cases. The people and their numbers are invented (ID numbers with a right check character,
so the desk accepts them)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Unit

from . import services
from .identity import id_check_character
from .models import Case, Category, Channel, Handling


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


def _id(n: int, born: str) -> str:
    first17 = f"632722{born}{n:03d}"
    return first17 + id_check_character(first17)


def _person(n, name, born, township, *, rep=False):
    return services.PetitionerData(
        name=name,
        id_number=_id(n, born),
        phone=f"1389765{n:04d}",
        address=f"杂多县{township}{n % 7 + 1}村",
        township=_unit(township),
        is_representative=rep,
    )


@transaction.atomic
def build_demo_petitions(users) -> int:
    if Case.objects.exists():
        return 0
    now = timezone.now()
    staff, handler = users["xinfang"], users["guikou2"]

    def register(title, request, township, people, *, days_ago, category=Category.LAND, **extra):
        return services.register_case(
            actor=staff,
            data=services.CaseData(
                channel=extra.pop("channel", Channel.VISIT),
                received_at=now - timedelta(days=days_ago, hours=2),
                category=category,
                title=title,
                request=request,
                content=extra.pop("content", ""),
                township=_unit(township),
                place=extra.pop("place", township),
                petitioners=tuple(people),
                **extra,
            ),
        )

    made = 0
    # 已登记: a letter waiting for the decision to accept (15 days).
    register(
        "反映虫草采挖区划分不公",
        "请求乡政府重新公示本村虫草采挖区划分方案。",
        "阿多乡",
        [_person(11, "多杰才让", "19790312", "阿多乡")],
        days_ago=2,
        channel=Channel.LETTER,
        category=Category.AGRICULTURE,
    )
    made += 1
    # 不予受理: a court case under way — for the court, not the government's petition channel.
    refused = register(
        "不服县人民法院民事判决",
        "请求县政府撤销法院判决。",
        "萨呼腾镇",
        [_person(12, "索南达哇", "19820704", "萨呼腾镇")],
        days_ago=9,
        category=Category.LAW,
    )
    services.refuse_case(
        actor=staff,
        pk=refused.pk,
        reason="该事项已进入诉讼程序，依法应通过上诉、申请再审等法定途径解决，已告知信访人向州中级人民法院提出。",
    )
    made += 1
    # 办理中 by the office itself, with an extension waiting for the 办公室主任.
    own = register(
        "生态管护员岗位工资拖欠",
        "请求补发2026年第二、三季度生态管护员工资。",
        "结多乡",
        [_person(13, "尼玛扎西", "19880519", "结多乡")],
        days_ago=40,
        category=Category.LABOUR,
    )
    own = services.accept_case(actor=staff, pk=own.pk, handler=handler, opinion="由县政府办公室协调林草局核实。")
    services.request_extension(actor=handler, pk=own.pk, reason="需州林草局核对管护员考核台账，情况复杂。", days=20)
    made += 1
    # 集体访 of 8 herders, routed (交办) to 萨呼腾镇, its answer waiting; and the incident that day [49].
    group = register(
        "冬季草场边界纠纷",
        "请求重新勘定两村冬季草场边界，制止越界放牧。",
        "萨呼腾镇",
        [
            _person(21, "才仁多杰", "19700101", "萨呼腾镇", rep=True),
            _person(22, "扎西拉姆", "19751120", "萨呼腾镇", rep=True),
            _person(23, "久美", "19680815", "萨呼腾镇", rep=True),
        ],
        days_ago=6,
        is_group=True,
        head_count=8,
        is_skip_level=True,
        place="萨呼腾镇第三村与第五村交界冬季草场",
    )
    services.refer_case(
        actor=staff,
        pk=group.pk,
        unit=_unit("萨呼腾镇"),
        kind=Handling.ASSIGN,
        opinion="属地管理，请萨呼腾镇会同自然资源局现场勘界，于期限内报送办理结果。",
        handler=handler,
    )
    services.record_incident(
        actor=staff,
        data=services.IncidentData(
            occurred_at=now - timedelta(days=6, hours=1),
            place="县政府办公楼一楼大厅",
            people_count=8,
            what_happened="来访群众在大厅聚集，要求县长当面答复，堵住楼梯口约二十分钟。",
            called="县公安局城区派出所、萨呼腾镇党委副书记",
            measures="信访室工作人员引导至接待室，推选三名代表反映诉求，其余人员劝离；镇里派车接回。",
            case_id=group.pk,
            petitioner_ids=tuple(group.petitioners.values_list("pk", flat=True)),
        ),
    )
    made += 1
    # 已办结 with satisfaction and 息诉罢访; then the same man again (a repeat, linked by his ID number).
    done = register(
        "牧区道路损毁影响出行",
        "请求修复村道塌方路段。",
        "昂赛乡",
        [_person(31, "白玛", "19850923", "昂赛乡")],
        days_ago=70,
        category=Category.URBAN_RURAL,
    )
    services.refer_case(
        actor=staff, pk=done.pk, unit=_unit("昂赛乡"), kind=Handling.TRANSFER, opinion="请昂赛乡核实并组织修复。"
    )
    services.record_unit_answer(actor=staff, pk=done.pk, answer="已安排应急资金，塌方路段于十月底前修复。")
    services.answer_case(actor=staff, pk=done.pk, answer="塌方路段已由昂赛乡组织修复，道路恢复通行。")
    services.close_case(actor=staff, pk=done.pk, satisfaction="satisfied")
    services.record_settlement(
        actor=staff, pk=done.pk, settled_on=timezone.localdate(), note="信访人表示满意，承诺不再上访。"
    )
    made += 1
    register(
        "村道修复后排水沟未建",
        "请求在修复路段修建排水沟。",
        "昂赛乡",
        [_person(31, "白玛", "19850923", "昂赛乡")],
        days_ago=1,
        channel=Channel.PHONE,
        category=Category.URBAN_RURAL,
    )
    made += 1
    # 已答复, then 复查中: the petitioner asked for a review.
    answered = register(
        "低保资格被取消",
        "请求恢复家庭最低生活保障。",
        "扎青乡",
        [_person(41, "卓玛", "19920211", "扎青乡")],
        days_ago=50,
        category=Category.CIVIL_AFFAIRS,
        channel=Channel.ONLINE,
    )
    services.accept_case(actor=staff, pk=answered.pk, handler=handler)
    services.answer_case(actor=handler, pk=answered.pk, answer="经民政局入户核查，家庭收入超过标准，取消低保符合规定。")
    services.request_review(
        actor=staff,
        pk=answered.pk,
        kind="review",
        requested_on=timezone.localdate(),
        request="家中有病人，支出大，认为核查未计入医疗支出。",
    )
    made += 1
    # The extension waits for the 办公室主任 and the group visit's answer for 萨呼腾镇's 联络员: 我的待办 shows both.
    return made
