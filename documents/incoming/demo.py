"""Demo incoming documents, made through the real services so they are ones the app could make.

Idempotent: nothing is added when the demo office already has incoming documents.
"""

from __future__ import annotations

from django.db import transaction

from documents.types import DocumentType

from . import services
from .models import Category, IncomingDocument, Intake, Reader, Urgency
from .services import ReaderSpec, Registration


@transaction.atomic
def build_demo_incoming(users) -> int:
    from org.models import Unit

    if IncomingDocument.objects.exists():
        return 0
    clerk = users["shoufa"]
    unit = {u.short_name: u for u in Unit.objects.all()}

    def reg(title, source, **extra):
        return services.incoming_register(
            actor=clerk, data=Registration(source_unit=unit[source], title=title, **extra)
        )

    # Waiting for the secretarial deputy's opinion [26(1)].
    reg(
        "关于做好2026年冬春季草原防火工作的通知",
        "州政府办",
        doc_type=DocumentType.NOTICE,
        sender_number="玉政办〔2026〕88号",
        urgency=Urgency.URGENT,
    )
    reg(
        "关于召开全州安全生产工作会议的通知",
        "州政府办",
        doc_type=DocumentType.NOTICE,
        sender_number="玉政办〔2026〕91号",
        is_meeting_notice=True,
        urgency=Urgency.EXTRA_URGENT,
    )
    # A 批阅件 on its way round the leaders [26(6)2].
    doc = reg(
        "青海省人民政府关于进一步优化营商环境的意见",
        "省政府",
        doc_type=DocumentType.OPINION,
        sender_number="青政〔2026〕21号",
    )
    services.incoming_distribute(
        actor=users["fuzhuren_wenmi"],
        pk=doc.pk,
        category=Category.READ,
        opinion="请县长、常务副县长阅知。",
        readers=[ReaderSpec(users["xianzhang"]), ReaderSpec(users["changwu"]), ReaderSpec(users["guikou1"])],
    )
    # A 批办件 with the deputy head to instruct, then line staff to handle [26(3)].
    doc = reg(
        "关于下达2026年草原生态保护补助奖励资金的通知",
        "省财政厅",
        doc_type=DocumentType.NOTICE,
        sender_number="青财农字〔2026〕512号",
        secret_level=1,
        secrecy_period="1年",
    )
    services.incoming_distribute(
        actor=users["fuzhuren_wenmi"],
        pk=doc.pk,
        category=Category.HANDLE,
        opinion="拟请尼玛扎西副县长阅示，农牧归口承办。",
        readers=[ReaderSpec(users["fuxianzhang1"], duty=Reader.Duty.ACT)],
        lead_handler=users["guikou2"],
    )
    # A funding request from a township: first to the secretarial deputy [28(1)].
    reg(
        "关于申请昂赛乡牧民定居点饮水工程配套资金的请示",
        "昂赛乡",
        doc_type=DocumentType.REQUEST,
        sender_number="昂政〔2026〕7号",
        intake=Intake.REQUEST,
        is_funding_request=True,
    )
    # An ordinary request the clerk distributes herself [28(1)].
    reg(
        "关于调整结多乡中心学校布局的请示",
        "结多乡",
        doc_type=DocumentType.REQUEST,
        sender_number="结政〔2026〕12号",
        intake=Intake.REQUEST,
    )
    return IncomingDocument.objects.count()
