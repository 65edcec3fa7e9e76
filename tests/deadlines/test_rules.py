"""Each reminder rule, on a frozen clock: when it fires, and who is told.

Recipients: whoever must act (the holder, the reader), the 收发秘书, and once overdue the 分管 office
leader — the line's 分管副主任 (the ``agriculture`` line's is ``fuzhuren``), else the 分管文秘副主任
(``fuzhuren_wenmi``).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from deadlines import registry
from deadlines.models import CalendarOverride, Reminder, Stage
from deadlines.registry import Deadline, DeadlineSource
from documents.incoming.models import Category, IncomingDocument
from documents.incoming.services import incoming_sign
from documents.records.deadline_sources import CUSTODY_RULE_KEY
from documents.types import SecretLevel

from .conftest import local, told

pytestmark = pytest.mark.django_db

HANDLING = "incoming.handling"
CIRCULATION = "incoming.circulation"
READING = "incoming.reading"
DISTRIBUTION = "incoming.distribution"
ARCHIVE = "incoming.archive"


# --- 传阅件一周、办理件二周 [26(6)7] ------------------------------------------------------------------------


def test_handling_document_warned_one_working_day_before_its_two_weeks(clock, docs, scan):
    """[26(6)7] 办理件一般在二周内办结: due 14 days after distribution; warned the working day before."""
    clock(local(2026, 11, 3, 10, 0))  # Tuesday
    doc = docs.distributed(category=Category.HANDLE)
    assert doc.due_at == local(2026, 11, 17, 10, 0)

    scan(clock(local(2026, 11, 16, 9, 59)))
    assert told(rule=HANDLING) == {}
    scan(clock(local(2026, 11, 16, 10, 0)))
    assert told(rule=HANDLING) == {"shoufa": [f"{HANDLING}:warning"], "xianzhang": [f"{HANDLING}:warning"]}


def test_overdue_handling_document_reaches_holder_clerk_and_the_lines_deputy_director(clock, docs, scan):
    """[26(6)7] Overdue: the holder, the 收发秘书 and the line's 分管副主任 are told."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE, line="agriculture")
    scan(clock(local(2026, 11, 17, 10, 5)))
    assert told(rule=HANDLING, stage=Stage.OVERDUE) == {
        "fuzhuren": [f"{HANDLING}:overdue"],
        "shoufa": [f"{HANDLING}:overdue"],
        "xianzhang": [f"{HANDLING}:overdue"],
    }


def test_overdue_without_a_line_goes_to_the_secretarial_deputy(clock, docs, scan):
    """[26(6)7] No business line: the 分管文秘副主任 is the office leader in charge."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.READ, line=None)
    scan(clock(local(2026, 11, 10, 10, 5)))
    assert set(told(rule=CIRCULATION, stage=Stage.OVERDUE)) == {"xianzhang", "shoufa", "fuzhuren_wenmi"}


def test_circulation_document_due_in_a_week_is_warned_on_friday_for_monday(clock, docs, scan):
    """[26(6)7] 传阅件一般在一周内传阅完毕: distributed Monday, due next Monday, warned on Friday."""
    clock(local(2026, 11, 2, 10, 0))
    doc = docs.distributed(category=Category.READ)
    assert doc.due_at == local(2026, 11, 9, 10, 0)
    scan(clock(local(2026, 11, 6, 10, 0)))
    assert told(rule=CIRCULATION, stage=Stage.WARNING) == {
        "shoufa": [f"{CIRCULATION}:warning"],
        "xianzhang": [f"{CIRCULATION}:warning"],
    }


def test_warning_before_national_day_for_a_deadline_after_it(clock, docs, scan):
    """[26(6)7] Due 8 October 10:00, the first working day after 国庆: warned on 30 September, before the
    holiday; with 30 September declared a local holiday (override), on 29 September."""
    clock(local(2026, 9, 24, 10, 0))
    doc = docs.distributed(category=Category.HANDLE)
    assert doc.due_at == local(2026, 10, 8, 10, 0)
    CalendarOverride.objects.create(day=date(2026, 9, 30), kind=CalendarOverride.Kind.HOLIDAY)
    scan(clock(local(2026, 9, 29, 9, 59)))
    assert told(rule=HANDLING) == {}
    scan(clock(local(2026, 9, 29, 10, 0)))
    assert set(told(rule=HANDLING, stage=Stage.WARNING)) == {"xianzhang", "shoufa"}


def test_finished_document_is_not_chased(clock, docs, scan, office):
    """[26(6)7] A 传阅件 whose readers all signed is done: no reminder."""
    clock(local(2026, 11, 2, 10, 0))
    doc = docs.distributed(category=Category.READ)
    incoming_sign(actor=office["xianzhang"], pk=doc.pk, comment="已阅")
    scan(clock(local(2026, 11, 9, 10, 5)))
    assert told() == {}


# --- 当天阅批 [26(6)5] --------------------------------------------------------------------------------------


def test_reader_who_has_not_signed_is_reminded_at_the_end_of_the_working_day(clock, docs, scan):
    """[26(6)5] 阅文人原则上应当天阅批: at 17:30 the reader (and the clerk) hear it is still unsigned."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(readers=("xianzhang",))
    scan(clock(local(2026, 11, 3, 17, 29)))
    assert told(rule=READING) == {}
    scan(clock(local(2026, 11, 3, 17, 30)))
    assert told(rule=READING) == {"shoufa": [f"{READING}:warning"], "xianzhang": [f"{READING}:warning"]}


def test_reader_who_has_not_signed_by_the_end_of_the_day_is_overdue(clock, docs, scan):
    """[26(6)5] Past the end of the day it reached them: reader, clerk and the 分管 office leader."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(readers=("xianzhang",), line="agriculture")
    scan(clock(local(2026, 11, 4, 0, 1)))
    assert told(rule=READING, stage=Stage.OVERDUE) == {
        "fuzhuren": [f"{READING}:overdue"],
        "shoufa": [f"{READING}:overdue"],
        "xianzhang": [f"{READING}:overdue"],
    }


def test_reader_who_signed_the_same_day_hears_nothing_and_the_next_reader_gets_their_own_day(clock, docs, scan, office):
    """[26(6)5] Each sign-off has its own day: the first signed in time, the second did not."""
    clock(local(2026, 11, 3, 10, 0))
    doc = docs.distributed(readers=("xianzhang", "changwu"))
    clock(local(2026, 11, 3, 16, 0))
    incoming_sign(actor=office["xianzhang"], pk=doc.pk, comment="同意")
    scan(clock(local(2026, 11, 4, 0, 1)))
    assert set(told(rule=READING)) == {"changwu", "shoufa", "fuzhuren"}


def test_document_reaching_a_reader_after_office_hours_gets_no_end_of_day_warning(clock, docs, scan):
    """[26(6)5] Arrived at 19:00: no 17:30 warning for that day; overdue after midnight all the same."""
    clock(local(2026, 11, 3, 19, 0))
    docs.distributed(readers=("xianzhang",))
    scan(clock(local(2026, 11, 3, 23, 0)))
    assert told(rule=READING) == {}
    scan(clock(local(2026, 11, 4, 0, 1)))
    assert set(told(rule=READING, stage=Stage.OVERDUE)) == {"xianzhang", "shoufa", "fuzhuren"}


# --- 当日登记、当日分办 [26(1)], [28(1)] ------------------------------------------------------------------------


def test_registered_document_not_distributed_by_the_end_of_the_day(clock, docs, scan):
    """[26(1)] 当日送办公室分管文秘副主任阅批: still 已登记待分办 at 17:30 — a warning to the deputy who holds
    it and the clerk; after midnight overdue."""
    clock(local(2026, 11, 3, 9, 0))
    docs.register()
    scan(clock(local(2026, 11, 3, 17, 30)))
    assert told(rule=DISTRIBUTION) == {
        "fuzhuren_wenmi": [f"{DISTRIBUTION}:warning"],
        "shoufa": [f"{DISTRIBUTION}:warning"],
    }
    scan(clock(local(2026, 11, 4, 0, 1)))
    assert told(rule=DISTRIBUTION, stage=Stage.OVERDUE) == {
        "fuzhuren_wenmi": [f"{DISTRIBUTION}:overdue"],
        "shoufa": [f"{DISTRIBUTION}:overdue"],
    }


def test_request_from_a_township_not_distributed_the_same_day_is_the_clerks(clock, scan, office):
    """[28(1)] 收发秘书应在收文的当日完成登记、编号、分办、呈送: the clerk holds an ordinary 请示件."""
    from documents.incoming.models import Intake
    from documents.incoming.services import Registration, incoming_register
    from documents.types import DocumentType

    clock(local(2026, 11, 3, 9, 0))
    incoming_register(
        actor=office["shoufa"],
        data=Registration(
            source_unit=office.units["township"],
            title="关于修缮乡卫生院的请示",
            doc_type=DocumentType.REQUEST,
            intake=Intake.REQUEST,
        ),
    )
    scan(clock(local(2026, 11, 4, 0, 1)))
    assert set(told(rule=DISTRIBUTION, stage=Stage.OVERDUE)) == {"shoufa", "fuzhuren_wenmi"}


def test_document_distributed_the_same_day_is_not_chased(clock, docs, scan):
    """[26(1)], [28(2)2] 当日的文件，当日分办: done, so nothing."""
    clock(local(2026, 11, 3, 9, 0))
    doc = docs.register()
    clock(local(2026, 11, 3, 15, 0))
    docs.distribute(doc)
    scan(clock(local(2026, 11, 4, 0, 1)))
    assert told(rule=DISTRIBUTION) == {}


# --- 秘密文件当天入柜 [31]: the records chapter's source, through the interface --------------------------------


class CustodyStub(DeadlineSource):
    """What the records chapter will register: classified documents out of the safe, due at the end of
    the working day. Here the 'custody log' is a list."""

    key = CUSTODY_RULE_KEY
    label = "涉密文件当日入柜"
    article = "[31]"
    rule_text = "秘密文件当天送不出的要放在保险柜中"
    item_type = "records.custody"

    def __init__(self, out_of_safe):
        self.out_of_safe = out_of_safe  # [(item_id, day, holder_id)]

    def deadlines(self, ctx, *, due_from, due_before, limit=None):
        for item_id, day, holder_id in self.out_of_safe:
            due = ctx.end_of_workday(day)
            if (due_from is None or due >= due_from) and due < due_before:
                yield Deadline(item_id=item_id, due_at=due, title=f"涉密文件（机密）{item_id}", actor_ids=(holder_id,))

    def still_open(self, ctx, item_ids):
        return {i: ctx.end_of_workday(d) for i, d, _ in self.out_of_safe if i in item_ids}


def test_classified_document_out_of_the_safe_at_the_end_of_the_day(clock, scan, office):
    """[31] 当天送不出的要放在保险柜中: at the end of the working day, whoever holds it, the clerk and the
    分管文秘副主任 are told."""
    stub = CustodyStub([(7, date(2026, 11, 3), office["jiyao"].pk)])
    with registry.registered(stub):
        scan(clock(local(2026, 11, 3, 17, 29)))
        assert told(rule=CUSTODY_RULE_KEY) == {}
        scan(clock(local(2026, 11, 3, 17, 31)))
    assert set(told(rule=CUSTODY_RULE_KEY, stage=Stage.OVERDUE)) == {"jiyao", "shoufa", "fuzhuren_wenmi"}


def test_a_reminder_for_an_item_gone_before_delivery_is_skipped(clock, office, django_capture_on_commit_callbacks):
    """Tasks tolerate a finished or deleted item: the recorded reminder is marked skipped, not sent."""
    from deadlines.services import deadlines_scan, reminders_deliver

    stub = CustodyStub([(8, date(2026, 11, 3), office["jiyao"].pk)])
    with registry.registered(stub):
        with django_capture_on_commit_callbacks(execute=False):  # recorded; the deliver task never ran
            deadlines_scan(now=clock(local(2026, 11, 3, 18, 0)), deliver="queue")
        ids = list(Reminder.objects.values_list("pk", flat=True))
        assert ids and set(Reminder.objects.values_list("status", flat=True)) == {"pending"}
        stub.out_of_safe.clear()  # put back in the safe before the worker got to it
        assert reminders_deliver(reminder_ids=ids) == 0
    assert set(Reminder.objects.values_list("status", flat=True)) == {"skipped"}
    assert not mail.outbox


# --- 上年度公文 6月30日前归档移交 [33] -------------------------------------------------------------------------


@pytest.fixture
def last_years_documents(clock, docs):
    clock(local(2025, 12, 10, 10, 0))
    return [docs.register(title=f"2025年来文{i}") for i in range(3)]


def test_archive_hand_over_is_not_reminded_before_the_first_of_may(clock, scan, last_years_documents):
    """[33] Reminders start on 1 May."""
    scan(clock(local(2026, 4, 30, 9, 0)))
    assert told(rule=ARCHIVE) == {}


def test_archive_hand_over_reminded_from_may_weekly_then_overdue_after_june_30(
    clock, scan, last_years_documents, office
):
    """[33] 每年6月30日以前将上年度的公文立卷归档后转交县档案局: from the first working day of May (6 May
    after the Labour Day holiday), weekly, on the last working day, then overdue on 1 July."""
    scan(clock(local(2026, 5, 6, 8, 29)))
    assert told(rule=ARCHIVE) == {}
    scan(clock(local(2026, 5, 6, 8, 30)))
    assert told(rule=ARCHIVE) == {"dangan": [f"{ARCHIVE}:warning"], "shoufa": [f"{ARCHIVE}:warning"]}
    scan(clock(local(2026, 5, 8, 8, 30)))
    assert Reminder.objects.filter(rule=ARCHIVE).count() == 2
    scan(clock(local(2026, 5, 11, 8, 30)))  # Monday: the weekly reminder
    assert sorted(Reminder.objects.filter(rule=ARCHIVE, recipient=office["shoufa"]).values_list("step", flat=True)) == [
        "from-05-01",
        "week-2026-W20",
    ]
    note = Reminder.objects.filter(rule=ARCHIVE, recipient=office["shoufa"]).latest("id")
    assert "尚有 3 件2025年度收文未归档" in note.body
    scan(clock(local(2026, 6, 30, 8, 30)))
    assert Reminder.objects.filter(rule=ARCHIVE, step="last-day").count() == 2
    scan(clock(local(2026, 7, 1, 0, 5)))
    assert set(told(rule=ARCHIVE, stage=Stage.OVERDUE)) == {"shoufa", "dangan", "fuzhuren_wenmi"}


def test_archive_hand_over_done_when_every_document_is_filed(clock, scan, last_years_documents):
    """[33] Nothing to chase once last year's documents are all filed."""
    IncomingDocument.objects.filter(year=2025).update(state="filed")
    scan(clock(local(2026, 5, 6, 9, 0)))
    assert told(rule=ARCHIVE) == {}


# --- what the reminder says ---------------------------------------------------------------------------------------


def test_reminder_quotes_the_rule_and_reaches_the_inbox_and_the_mailbox(clock, docs, scan, office):
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(title="关于做好冬春季草原防火工作的通知", category=Category.HANDLE)
    mail.outbox.clear()
    scan(clock(local(2026, 11, 17, 10, 5)))
    note = office["xianzhang"].notifications.get(kind=f"deadlines:{HANDLING}:overdue")
    assert note.title.startswith("已逾期：") and "草原防火" in note.title
    assert "办理件一般在二周内办结 [26(6)7]" in note.body and "2026年11月17日 10:00" in note.body
    assert note.url.endswith(f"/incoming/{IncomingDocument.objects.get().pk}/")
    subjects = [m.subject for m in mail.outbox if m.to[0] == office["xianzhang"].email]
    assert any("已逾期" in s and "草原防火" in s for s in subjects)


def test_classified_title_never_appears_in_a_reminder(clock, docs, scan):
    """[31], [32] A classified document is named by number and level only — the reminder goes by e-mail and
    to people who may not be cleared for it."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(title="关于边境管控部署的绝密通报", secret=SecretLevel.SECRET)
    mail.outbox.clear()
    scan(clock(local(2026, 11, 17, 10, 5)))
    rows = Reminder.objects.filter(rule=HANDLING)
    assert rows.exists()
    for row in rows:
        assert "边境" not in row.title + row.body and "涉密文件（秘密）" in row.title
    assert mail.outbox and not any("边境" in m.subject + m.body for m in mail.outbox)


def test_a_deactivated_holder_is_skipped_and_the_others_are_told(clock, docs, scan, office):
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE)
    office["xianzhang"].is_active = False
    office["xianzhang"].save()
    scan(clock(local(2026, 11, 17, 10, 5)))
    assert set(told(rule=HANDLING)) == {"shoufa", "fuzhuren"}


# --- exactly once ----------------------------------------------------------------------------------------------


def test_scanning_twice_sends_nothing_twice(clock, docs, scan, office):
    """Each (item, rule, due moment, stage, recipient) is recorded once; a second scan records nothing."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE)
    first = scan(clock(local(2026, 11, 17, 10, 5)))
    notes = office["shoufa"].notifications.filter(kind__startswith="deadlines:").count()
    second = scan(clock(local(2026, 11, 17, 10, 5)))
    third = scan(clock(local(2026, 11, 17, 10, 20)))
    assert first.recorded > 0 and second.recorded == 0 and third.recorded == 0
    assert office["shoufa"].notifications.filter(kind__startswith="deadlines:").count() == notes


def test_the_ledger_refuses_a_second_insert_of_the_same_reminder(office):
    """Only the inserter sends: a second insert of the same key returns no id (ON CONFLICT DO NOTHING)."""
    from deadlines.services import Row, _insert_new

    def row(recipient):
        return Row(
            HANDLING,
            "[26(6)7]",
            "incoming.incomingdocument",
            1,
            local(2026, 11, 17, 10),
            "overdue",
            "",
            office[recipient].pk,
            "已逾期：x",
            "",
            "",
        )

    now = local(2026, 11, 17, 10, 5)
    assert len(_insert_new([row("shoufa")], now)) == 1
    assert len(_insert_new([row("shoufa"), row("zhuren")], now)) == 1  # only zhuren's is new
    assert _insert_new([row("shoufa"), row("zhuren")], now) == []
    assert Reminder.objects.count() == 2


def test_delivering_the_same_reminders_twice_sends_once(clock, docs, office, django_capture_on_commit_callbacks):
    from deadlines.services import deadlines_scan, reminders_deliver

    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE)
    with django_capture_on_commit_callbacks(execute=False):
        deadlines_scan(now=clock(local(2026, 11, 17, 10, 5)), deliver="queue")
    ids = list(Reminder.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_deliver(reminder_ids=ids) == len(ids)
        assert reminders_deliver(reminder_ids=ids) == 0
    assert office["shoufa"].notifications.filter(kind=f"deadlines:{HANDLING}:overdue").count() == 1


def test_warning_and_overdue_are_separate_reminders(clock, docs, scan):
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE)
    scan(clock(local(2026, 11, 16, 10, 0)))
    scan(clock(local(2026, 11, 17, 10, 0)))
    assert told(rule=HANDLING)["shoufa"] == [f"{HANDLING}:warning", f"{HANDLING}:overdue"]


# --- catching up after an outage -------------------------------------------------------------------------------


def test_a_scan_after_two_days_without_scans_catches_up_but_sends_no_stale_warning(clock, docs, scan):
    """The broker (or beat) was away for two days: the first scan after it sends the overdue reminder once,
    not the warning whose moment passed meanwhile."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE)
    scan(clock(local(2026, 11, 15, 9, 0)))
    scan(clock(local(2026, 11, 18, 9, 0)))  # nothing ran from the 15th to the 18th
    assert told(rule=HANDLING) == {
        "fuzhuren": [f"{HANDLING}:overdue"],
        "shoufa": [f"{HANDLING}:overdue"],
        "xianzhang": [f"{HANDLING}:overdue"],
    }


def test_long_overdue_items_from_before_the_engine_go_only_to_the_digest(clock, docs, scan):
    """The first scan looks back two days; older overdue items are not flooded out one by one."""
    clock(local(2026, 10, 12, 10, 0))
    docs.distributed(category=Category.HANDLE)
    scan(clock(local(2026, 11, 16, 9, 0)))
    assert told(rule=HANDLING) == {}


def test_a_reminder_stranded_as_pending_is_sent_by_the_next_scan(
    clock, docs, scan, office, django_capture_on_commit_callbacks
):
    from deadlines.services import deadlines_scan

    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(category=Category.HANDLE)
    with django_capture_on_commit_callbacks(execute=False):  # recorded, but the broker was away
        deadlines_scan(now=clock(local(2026, 11, 17, 10, 5)), deliver="queue")
    assert Reminder.objects.filter(status="pending").count() == 3
    scan(clock(local(2026, 11, 17, 10, 30)))
    assert Reminder.objects.filter(status="sent").count() == 3
    assert office["fuzhuren"].notifications.filter(kind__startswith="deadlines:").count() == 1


# --- the daily digest -----------------------------------------------------------------------------------------


def test_daily_digest_lists_what_is_overdue_for_each_person(clock, docs, digest, office):
    """[26(4)] 催办: each working morning one message per person with everything overdue for them."""
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ, title="甲文件")  # 县长 has not signed: two deadlines passed
    other = docs.distributed(category=Category.HANDLE, title="乙文件", readers=("changwu",))
    incoming_sign(actor=office["changwu"], pk=other.pk, comment="请农牧水利科技局办理")  # due on the 16th
    run = digest(clock(local(2026, 11, 10, 8, 30)))
    assert run.recorded > 0
    clerk = office["shoufa"].notifications.get(kind="deadlines:deadlines.digest:digest")
    assert clerk.title == "逾期事项汇总：共 2 件（11月10日）"
    assert "甲文件（传阅件传阅期限 [26(6)7]，期限2026年11月09日 10:00，已逾期1天）" in clerk.body
    assert "甲文件（阅文人当天阅批 [26(6)5]" in clerk.body and "乙文件" not in clerk.body
    assert clerk.url == "/deadlines/"
    reader = office["xianzhang"].notifications.get(kind="deadlines:deadlines.digest:digest")
    assert reader.url == "/" and "甲文件" in reader.body
    assert not office["changwu"].notifications.filter(kind="deadlines:deadlines.digest:digest").exists()
    assert not office["guikou2"].notifications.filter(kind="deadlines:deadlines.digest:digest").exists()
    assert digest(clock(local(2026, 11, 10, 9, 0))).recorded == 0  # once a day


def test_no_digest_on_a_day_off(clock, docs, digest):
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ)
    assert digest(clock(local(2026, 11, 14, 8, 30))) is None  # Saturday
    assert digest(clock(local(2026, 10, 2, 8, 30))) is None  # 国庆
    assert not Reminder.objects.filter(stage=Stage.DIGEST).exists()


def test_digest_does_not_repeat_the_overdue_notice_sent_this_morning(clock, docs, scan, digest, office):
    """[26(6)5] A reader's day ends at midnight: the overdue notice at 00:01 is enough for that day."""
    clock(local(2026, 11, 3, 10, 0))
    docs.distributed(readers=("xianzhang",))
    scan(clock(local(2026, 11, 4, 0, 1)))
    digest(clock(local(2026, 11, 4, 8, 30)))
    assert not office["xianzhang"].notifications.filter(kind="deadlines:deadlines.digest:digest").exists()
    digest(clock(local(2026, 11, 5, 8, 30)))
    assert office["xianzhang"].notifications.filter(kind="deadlines:deadlines.digest:digest").count() == 1


def test_digest_lists_at_most_the_configured_number_and_counts_the_rest(clock, docs, digest, office, settings):
    settings.DEADLINES_DIGEST_ITEMS = 2
    clock(local(2026, 11, 2, 10, 0))
    for i in range(4):
        doc = docs.distributed(category=Category.READ, title=f"文件{i}")
    incoming_sign(actor=office["xianzhang"], pk=doc.pk, comment="阅")
    digest(clock(local(2026, 11, 10, 8, 30)))
    note = office["shoufa"].notifications.get(kind="deadlines:deadlines.digest:digest")
    # 文件0–2: unsigned since the 2nd and not finished by the 9th (two deadlines each); 文件3 signed.
    assert "共 6 件" in note.title and "另有 4 件" in note.body
    assert note.body.count("· ") == 2
