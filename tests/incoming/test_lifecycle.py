"""The incoming-document lifecycle, one test per rule of 第二十六至二十九条."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from documents.incoming import services
from documents.incoming.models import Category, Intake, Reader, ReturnGround, State, Urgency
from org.models import UnitKind
from org.selectors import display_name
from org.services import absence_record
from tests.factories import key_of

from .factories import act, distribute, read, register, request_from_township

pytestmark = pytest.mark.django_db


def _readers(doc):
    return [(key_of(r.reader), r.status) for r in doc.readers.select_related("reader").order_by("seq")]


def test_registration_numbers_per_year_and_sends_to_the_secretarial_deputy(office):
    """[26(1)] 登记、编收文流水号，当日送办公室分管文秘副主任阅批。"""
    first = register(office)
    second = register(office, title="第二件")
    assert (first.serial, second.serial) == (1, 2)
    assert first.serial_label == f"{timezone.localtime().year}-1"
    assert first.state == State.REGISTERED
    assert first.holder == office["fuzhuren_wenmi"]
    assert Notification.objects.filter(recipient=office["fuzhuren_wenmi"], title__contains="待分办").exists()
    assert list(first.log.values_list("action", flat=True)) == ["register"]


def test_only_the_clerk_registers(office):
    """[26(1)] 上级来文由收发秘书人员拆封、登记。"""
    with pytest.raises(ActionRefused):
        services.incoming_register(
            actor=office["guikou1"],
            data=services.Registration(source_unit=office_unit(), title="x", doc_type="notice"),
        )


def office_unit():
    from .factories import unit

    return unit()


def test_county_organs_and_peers_follow_the_superior_route(office):
    """[27] 县委、县人大、县政协来文和不相隶属的同级机关来文，比照上级来文办理。"""
    assert register(office, kind=UnitKind.COUNTY_ORGAN).intake == Intake.SUPERIOR
    assert register(office, kind=UnitKind.PEER).intake == Intake.SUPERIOR


def test_lower_unit_documents_must_say_request_or_general(office):
    """[28] 下级来文按请示件和一般工作公文两类分别办理。"""
    with pytest.raises(ValidationError):
        register(office, kind=UnitKind.TOWNSHIP)
    assert register(office, kind=UnitKind.TOWNSHIP, intake=Intake.GENERAL).intake == Intake.GENERAL


def test_ordinary_request_is_distributed_by_the_clerk(office):
    """[28(1)] 请示件由收发秘书登记、编号、分办，一般请示件直接呈县政府领导。"""
    doc = request_from_township(office)
    assert doc.holder == office["shoufa"]
    doc, _ = distribute(
        office,
        doc,
        readers=[act(office, "fuxianzhang1")],
        category=Category.HANDLE,
        actor="shoufa",
        opinion="",
        lead_handler=office["guikou2"],
    )
    assert _readers(doc) == [("fuxianzhang1", Reader.Status.CURRENT)]


def test_funding_request_goes_first_to_secretarial_deputy(office):
    """[28(1)] 申请经费的请示件一律先送办公室分管文秘副主任阅批 — whatever the clerk picks."""
    doc = request_from_township(office, is_funding_request=True)
    assert doc.holder == office["fuzhuren_wenmi"]
    doc, notes = distribute(
        office,
        doc,
        readers=[act(office, "fuxianzhang1"), act(office, "changwu")],
        category=Category.HANDLE,
        actor="shoufa",
        lead_handler=office["guikou1"],
    )
    assert _readers(doc)[0] == ("fuzhuren_wenmi", Reader.Status.CURRENT)
    assert [u for u, _ in _readers(doc)] == ["fuzhuren_wenmi", "fuxianzhang1", "changwu"]
    assert any("申请经费" in n for n in notes)


def test_acting_readers_go_before_readers_and_lead_before_assist(office):
    """[26(6)2] 先阅办后阅知、先主办后协办, [26(3)] the leader who instructs before the line staff; the system
    reorders and says so (tests/incoming/test_circulation_rules.py has the cases one by one)."""
    doc = register(office)
    doc, notes = distribute(
        office,
        doc,
        category=Category.HANDLE,
        lead_handler=office["guikou1"],
        readers=[
            read(office, "zhuren"),
            act(office, "guikou2", part=Reader.Part.ASSIST),
            act(office, "fuxianzhang1"),
            act(office, "guikou1", part=Reader.Part.LEAD),
        ],
    )
    assert [u for u, _ in _readers(doc)] == ["fuxianzhang1", "zhuren", "guikou1", "guikou2"]
    assert notes  # the broken order was flagged


def test_send_first_reader_goes_first(office):
    """[26(6)3] 除分办人标注“先送”者外，一般应按顺序传递。"""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "changwu", send_first=True)])
    assert [u for u, _ in _readers(doc)] == ["changwu", "fuxianzhang1"]


def test_away_leader_is_passed_over_and_picked_up_on_return(office):
    """[26(6)3] 如遇领导外出，可超顺序传递."""
    now = timezone.now()
    absence = absence_record(
        actor=office["shoufa"],
        person=office["fuxianzhang1"],
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
    )
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuxianzhang2")])
    assert _readers(doc) == [("fuxianzhang1", Reader.Status.PASSED_OVER), ("fuxianzhang2", Reader.Status.CURRENT)]
    assert doc.holder == office["fuxianzhang2"]
    # Back from the trip: the passed-over leader is next.
    absence.ends_at = now - timedelta(minutes=1)
    absence.starts_at = now - timedelta(hours=2)
    absence.save()
    doc = services.incoming_sign(actor=office["fuxianzhang2"], pk=doc.pk, comment="已阅")
    assert _readers(doc) == [("fuxianzhang1", Reader.Status.CURRENT), ("fuxianzhang2", Reader.Status.SIGNED)]


def test_a_reader_cannot_sign_out_of_turn(office):
    """[26(6)3] 一般应按顺序传递."""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuxianzhang2")])
    with pytest.raises(ActionRefused, match=f"现在轮到{display_name(office['fuxianzhang1'])}阅批"):
        services.incoming_sign(actor=office["fuxianzhang2"], pk=doc.pk, comment="同意")


def test_clerk_passes_over_a_reader_with_a_reason(office):
    """[26(6)3] the clerk may pass someone over; they read last."""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuxianzhang2")])
    with pytest.raises(ValidationError):
        services.incoming_pass_over(actor=office["shoufa"], pk=doc.pk, reason=" ")
    doc = services.incoming_pass_over(actor=office["shoufa"], pk=doc.pk, reason="在州里开会")
    assert _readers(doc) == [("fuxianzhang2", Reader.Status.CURRENT), ("fuxianzhang1", Reader.Status.PASSED_OVER)]


def test_read_document_finishes_circulating_and_goes_back_to_the_clerk(office):
    """[26(6)5] 阅文人签署姓名和日期; [26(6)6] 其他传阅件由收发秘书负责送收."""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[read(office, "fuxianzhang1"), read(office, "guikou1")])
    due = doc.due_at
    assert due - doc.distributed_at == timedelta(days=7)  # [26(6)7] 传阅件一周内传阅完毕
    doc = services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment="已阅")
    doc = services.incoming_sign(actor=office["guikou1"], pk=doc.pk)
    assert doc.state == State.DONE and doc.holder == office["shoufa"]
    signed = doc.readers.get(reader=office["fuxianzhang1"])
    assert signed.comment == "已阅" and signed.signed_at is not None
    doc = services.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)
    assert doc.state == State.RETURNED and doc.original_returned_at is not None


def test_handling_document_goes_to_the_handler_then_result_is_reported_to_leaders(office):
    """[26(3)] 呈县政府领导签署意见，再归口承办; [26(4)] 办理结果及时向有关领导报告、反馈."""
    doc = register(office)
    doc, _ = distribute(
        office,
        doc,
        category=Category.HANDLE,
        lead_handler=office["guikou2"],
        readers=[act(office, "fuxianzhang1")],
    )
    assert doc.due_at - doc.distributed_at == timedelta(days=14)  # [26(6)7] 办理件二周内办结
    doc = services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment="请农牧局抓紧落实。")
    assert doc.state == State.HANDLING and doc.holder == office["guikou2"]
    with pytest.raises(ValidationError):
        services.incoming_complete(actor=office["guikou2"], pk=doc.pk, result="")
    doc = services.incoming_complete(actor=office["guikou2"], pk=doc.pk, result="已转农牧局落实，防火物资到位。")
    assert doc.state == State.DONE
    assert Notification.objects.filter(recipient=office["fuxianzhang1"], title__startswith="办理结果反馈").exists()
    assert Notification.objects.filter(recipient=office["fuzhuren_wenmi"], title__startswith="办理结果反馈").exists()


def test_request_needs_an_answer_to_the_requesting_unit(office):
    """[28(1)] 办公室有关归口人员承办并答复."""
    doc = request_from_township(office)
    doc, _ = distribute(
        office,
        doc,
        readers=[act(office, "fuxianzhang1")],
        category=Category.HANDLE,
        actor="shoufa",
        opinion="",
        lead_handler=office["guikou2"],
    )
    services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment="同意")
    with pytest.raises(ValidationError, match="答复"):
        services.incoming_complete(actor=office["guikou2"], pk=doc.pk, result="同意拨付")
    doc = services.incoming_complete(actor=office["guikou2"], pk=doc.pk, result="同意拨付", reply_to_unit="已函复")
    assert doc.reply_to_unit == "已函复"


def test_transfer_and_chase_are_recorded(office):
    """[26(3)] 转办; [26(4)] 催办、查办，直至办结."""
    doc = register(office)
    doc, _ = distribute(
        office, doc, category=Category.HANDLE, lead_handler=office["guikou2"], readers=[act(office, "fuxianzhang1")]
    )
    leader = display_name(office["fuxianzhang1"])
    services.incoming_chase(actor=office["shoufa"], pk=doc.pk, target=leader, method="电话", note="请尽快阅批")
    services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment="转农牧局办理")
    department = office_unit_of(UnitKind.DEPARTMENT)
    doc = services.incoming_transfer(
        actor=office["shoufa"], pk=doc.pk, unit=department, note=f"按{leader}副县长批示办理"
    )
    assert doc.transferred_to == department
    services.incoming_chase(actor=office["shoufa"], pk=doc.pk, target=str(department), method="电话", note="催报结果")
    assert doc.chases.count() == 2
    actions = list(doc.log.values_list("action", flat=True))
    assert actions.count("chase") == 2 and "transfer" in actions


def office_unit_of(kind):
    from .factories import unit

    return unit(kind)


def test_nothing_is_handled_before_registration(office):
    """[29(1)] 未经签收、登记的来文……有关归口人员不予办理; a handed-out reading copy cannot be distributed."""
    doc = services.incoming_hand_out(
        actor=office["shoufa"],
        data=services.Registration(
            source_unit=office_unit_of(UnitKind.TOWNSHIP), title="工作简报", doc_type="circular", intake=Intake.GENERAL
        ),
        recipients=[office["guikou1"]],
    )
    assert doc.state == State.HANDED_OUT and doc.serial is None
    with pytest.raises(ActionRefused):
        distribute(office, doc, readers=[act(office, "fuxianzhang1")])
    doc = services.incoming_register_late(actor=office["shoufa"], pk=doc.pk)
    assert doc.state == State.REGISTERED and doc.late_registration and doc.serial == 1


def test_classified_document_cannot_be_handed_out_unregistered(office):
    """[28(2)1] only a reading copy may skip registration; classified papers never do [31]."""
    with pytest.raises(ValidationError):
        services.incoming_hand_out(
            actor=office["shoufa"],
            data=services.Registration(
                source_unit=office_unit_of(UnitKind.TOWNSHIP),
                title="x",
                doc_type="notice",
                intake=Intake.GENERAL,
                secret_level=1,
            ),
            recipients=[office["guikou1"]],
        )


def test_document_a_leader_already_signed_is_registered_afterwards_and_marked(office):
    """[29(1)] 因特殊原因领导已签署意见的，承办人员应及时补办签收、登记手续."""
    doc = register(office, signed_before_by=office["fuxianzhang1"], signed_before_opinion="请办公室阅处")
    assert doc.late_registration and doc.signed_before_by == office["fuxianzhang1"]
    assert doc.log.filter(action="late_registration", comment__contains="请办公室阅处").exists()


def test_document_sent_straight_to_a_leader_is_recorded_and_office_leaders_told(office):
    """[29(2)] 越级直送县政府领导批示的，应及时将情况告知办公室领导."""
    doc = register(office, kind=UnitKind.TOWNSHIP, intake=Intake.GENERAL, sent_directly_to=office["xianzhang"])
    assert doc.skipped_level
    for leader in ["zhuren", "fuzhuren", "fuzhuren_wenmi"]:
        assert Notification.objects.filter(recipient=office[leader], title__startswith="越级来文").exists()


def test_return_needs_a_ground_and_an_office_leader(office):
    """[29(3)] 退文由经办人提出退文意见，经办公室领导批准方可退文；填写退文单并陈述理由."""
    doc = request_from_township(office)
    with pytest.raises(ValidationError):
        services.incoming_propose_return(actor=office["shoufa"], pk=doc.pk, ground=ReturnGround.OTHER, explanation="")
    proposal = services.incoming_propose_return(actor=office["shoufa"], pk=doc.pk, ground=ReturnGround.OWN_POWERS)
    with pytest.raises(ActionRefused):
        services.incoming_decide_return(actor=office["guikou1"], proposal_id=proposal.pk, approve=True)
    with pytest.raises(ActionRefused):
        services.incoming_decide_return(actor=office["xianzhang"], proposal_id=proposal.pk, approve=True)
    services.incoming_decide_return(actor=office["zhuren"], proposal_id=proposal.pk, approve=True, comment="同意退回")
    doc.refresh_from_db()
    assert doc.state == State.SENT_BACK


def test_superior_documents_cannot_be_returned(office):
    """[29(3)] 退文 concerns 不予受理的下级来文 only."""
    doc = register(office)
    with pytest.raises(ActionRefused):
        services.incoming_propose_return(actor=office["shoufa"], pk=doc.pk, ground=ReturnGround.UNCLEAR)


def test_rejected_return_keeps_the_document_in_hand(office):
    doc = request_from_township(office)
    proposal = services.incoming_propose_return(actor=office["shoufa"], pk=doc.pk, ground=ReturnGround.UNCLEAR)
    services.incoming_decide_return(
        actor=office["fuzhuren"], proposal_id=proposal.pk, approve=False, comment="先电话核实"
    )
    doc.refresh_from_db()
    assert doc.state == State.REGISTERED


def test_two_people_acting_at_once_one_wins_the_other_is_told(office):
    """Both load version N; the first to act wins, the second is told plainly in Chinese."""
    doc = register(office)
    seen = doc.version
    distribute(office, doc, readers=[act(office, "fuxianzhang1")], seen_version=seen)
    with pytest.raises(StaleAction, match=f"已被{display_name(office['fuzhuren_wenmi'])}于"):
        distribute(office, doc, readers=[act(office, "fuxianzhang2")], actor="shoufa", seen_version=seen)


def test_urgent_flag_and_meeting_notice_are_kept(office):
    """[26(6)4] 特急、急件印记; 会议通知印记."""
    doc = register(office, urgency=Urgency.EXTRA_URGENT, is_meeting_notice=True)
    assert doc.is_urgent and doc.get_urgency_display() == "特急" and doc.is_meeting_notice


def test_reader_should_sign_the_same_day(office):
    """[26(6)5] 阅文人原则上应当天阅批: the reader's due moment is the end of the day it reached them."""
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1")])
    current = doc.readers.get(status=Reader.Status.CURRENT)
    assert timezone.localtime(current.due_at).date() == timezone.localtime(current.reached_at).date()
    assert timezone.localtime(current.due_at).hour == 23


def test_classified_document_goes_only_to_cleared_readers(office):
    """[31], [32] a classified document reaches only people whose clearance covers it."""
    doc = register(office, secret_level=2)  # 机密
    with pytest.raises(ValidationError, match=display_name(office["guikou3"])):
        distribute(office, doc, readers=[act(office, "fuxianzhang1"), read(office, "guikou3")])
