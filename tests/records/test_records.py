"""Records: custody [31], confidentiality [32], filing and hand-over [26(5)], [33], destruction [34]."""

from __future__ import annotations

import subprocess
from datetime import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Notification
from core.workflow import ActionRefused
from documents.incoming import services as incoming
from documents.incoming.models import IncomingDocument, State
from documents.records import selectors, services
from documents.records.models import ArchiveClass, CustodyEvent, DestructionState, FileItem, Retention
from org.models import ConfidentialityPledge
from org.selectors import display_name
from tests import requires
from tests.files import pdf

from ..incoming.factories import distribute, read, register

pytestmark = pytest.mark.django_db


def finished(office, **extra) -> IncomingDocument:
    """A document read by one line staff member, its original back with the clerk, ready to file."""
    doc = register(office, **extra)
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=doc.pk, comment="已阅")
    return incoming.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)


# --- custody [31] --------------------------------------------------------------------------------------------------


def test_custody_list_finds_exactly_the_classified_papers_out_of_the_safe(office):
    """[31] 当天送不出的要放在保险柜中: delivered and not returned, or never placed, are listed."""
    register(office, title="普通件")
    register(office, title="未入柜", secret_level=1)
    handed = register(office, title="已送交", secret_level=2)
    in_safe = register(office, title="已入柜", secret_level=1)
    back_in_safe = register(office, title="送出又入柜", secret_level=1)
    clerk = office["shoufa"]
    services.custody_record(
        actor=clerk, doc_kind="incoming", pk=handed.pk, event=CustodyEvent.Kind.HANDED, person=office["fuxianzhang1"]
    )
    services.custody_record(actor=clerk, doc_kind="incoming", pk=in_safe.pk, event=CustodyEvent.Kind.PLACED_IN_SAFE)
    services.custody_record(
        actor=clerk, doc_kind="incoming", pk=back_in_safe.pk, event=CustodyEvent.Kind.HANDED, person=office["fuzhuren"]
    )
    services.custody_record(
        actor=clerk, doc_kind="incoming", pk=back_in_safe.pk, event=CustodyEvent.Kind.PLACED_IN_SAFE
    )
    assert set(selectors.out_of_safe("incoming").values_list("title", flat=True)) == {"未入柜", "已送交"}
    assert [e.kind for e in CustodyEvent.objects.of(back_in_safe)] == ["handed", "placed_in_safe"]


def test_custody_cannot_hand_a_paper_to_someone_not_cleared(office):
    doc = register(office, secret_level=2)
    with pytest.raises(ValidationError, match=display_name(office["guikou3"])):
        services.custody_record(
            actor=office["shoufa"], doc_kind="incoming", pk=doc.pk, event="handed", person=office["guikou3"]
        )


def test_custody_page_masks_titles_the_reader_may_not_see(client_as, office):
    register(office, title="绝对保密的人事安排", secret_level=1)
    html = client_as("jiyao").get(reverse("records:custody")).content.decode()
    assert "data-out-of-safe" in html and "无权查看标题" in html and "绝对保密的人事安排" not in html
    assert "绝对保密的人事安排" in client_as("shoufa").get(reverse("records:custody")).content.decode()


@requires.poppler
def test_custody_list_prints_as_pdf(client_as, office, tmp_path):
    doc = register(office, title="入柜检查", secret_level=1)
    response = client_as("shoufa").get(reverse("records:custody"), {"format": "pdf"})
    path = tmp_path / "c.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "涉密文件去向清单" in text and doc.serial_label in text


def test_end_of_day_the_clerk_and_the_confidential_section_chief_are_told_without_titles(
    office, django_capture_on_commit_callbacks
):
    """[31] at the end of the working day, every classified paper still out of the safe is reported to the
    clerk and the 机要科 chief (through the deadline engine), by number and level only."""
    from deadlines.models import Reminder
    from deadlines.services import deadlines_scan

    doc = register(office, title="不该出现在通知里的标题", secret_level=1)
    evening = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_scan(now=evening, via="test", deliver="inline")
    told = Reminder.objects.filter(rule="records.custody", item_id=doc.pk, status=Reminder.Status.SENT)
    clerk_and_chief = {office["shoufa"], office["jiyao"]}
    assert clerk_and_chief <= {r.recipient for r in told.select_related("recipient")}
    notes = Notification.objects.filter(recipient__in=clerk_and_chief, url="/records/custody/")
    assert notes.exists() and all("不该出现" not in n.title + n.body for n in notes)
    assert all(doc.serial_label in n.title for n in notes)


# --- confidentiality [32] -----------------------------------------------------------------------------------------


def test_rules_are_shown_and_pledged_once_a_year(client_as, office):
    ConfidentialityPledge.objects.filter(user=office["guikou2"]).delete()
    client = client_as("guikou2")
    html = client.get(reverse("org:confidentiality")).content.decode()
    assert "不该说的机密，绝对不说" in html and "不携带机密材料游览" in html
    assert "data-pledge-banner" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("org:confidentiality"))
    client.post(reverse("org:confidentiality"))  # twice is still once
    assert ConfidentialityPledge.objects.filter(user=office["guikou2"], year=timezone.localdate().year).count() == 1
    assert "data-pledge-banner" not in client.get(reverse("core:home")).content.decode()


def test_someone_who_has_not_pledged_cannot_open_classified_documents(client_as, office):
    """[32] acknowledgement gates classified access, even for a cleared reader on the document."""
    doc = register(office, title="机密调度方案", secret_level=2)
    distribute(office, doc, readers=[read(office, "fuxianzhang1")])
    ConfidentialityPledge.objects.filter(user=office["fuxianzhang1"]).delete()
    client = client_as("fuxianzhang1")
    assert "机密调度方案" not in client.get(reverse("incoming:list")).content.decode()
    response = client.get(reverse("incoming:detail", args=[doc.pk]))
    assert response.status_code == 302 and reverse("org:confidentiality") in response["Location"]
    assert client.get(reverse("incoming:sheet_pdf", args=[doc.pk])).status_code == 404
    client.post(reverse("org:confidentiality"))
    assert client.get(reverse("incoming:detail", args=[doc.pk])).status_code == 200


# --- filing [26(5)], [33] -------------------------------------------------------------------------------------------


def test_filing_gives_gapless_item_numbers_per_class_and_year_and_an_archive_code(office, settings):
    """[33] each 件 gets year, retention, class and a 件号 in that class; the 档号 is formed from them."""
    settings.ARCHIVE_FONDS = "001"
    klass = ArchiveClass.objects.get(code="SW")
    other = ArchiveClass.objects.get(code="BGS")
    a = services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=finished(office).pk, archive_class=klass)
    b = services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=finished(office).pk, archive_class=other)
    c = services.file_document(
        doc_kind="incoming",
        actor=office["shoufa"],
        pk=finished(office).pk,
        archive_class=klass,
        retention=Retention.PERMANENT,
    )
    assert (a.number, b.number, c.number) == (1, 1, 2)
    year = timezone.localdate().year
    assert a.archive_code == f"001-{year}-D10-SW-0001"  # a 批阅件 is kept 10 years by the default schedule
    assert c.archive_code == f"001-{year}-Y-SW-0002"  # overridden per 件


def test_filed_item_holds_the_sign_off_sheet_and_the_original(office):
    """[26(5)] 将有领导批示、能反映公文办理全过程的来文原件整理立卷."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = finished(office)
    incoming.incoming_attach(actor=office["shoufa"], pk=doc.pk, upload=SimpleUploadedFile("o.pdf", pdf("x")))
    item = services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)
    kinds = sorted(item.components.values_list("kind", flat=True))
    assert kinds == ["原件扫描件", "批阅单"]
    sheet = item.components.get(kind="批阅单")
    assert sheet.file.read().startswith(b"%PDF")


def test_filed_documents_are_read_only(office):
    """[33] filing is the last transition; nothing changes a filed document afterwards."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    doc = finished(office)
    services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)
    doc.refresh_from_db()
    assert doc.state == State.FILED
    assert list(doc.get_available_state_transitions()) == []
    with pytest.raises(ActionRefused):
        incoming.incoming_attach(actor=office["shoufa"], pk=doc.pk, upload=SimpleUploadedFile("x.pdf", pdf()))
    with pytest.raises(ActionRefused):
        incoming.incoming_chase(actor=office["shoufa"], pk=doc.pk, target="x", method="电话", note="x")
    with pytest.raises(ActionRefused):
        services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)


def test_only_a_returned_document_is_filed_and_only_by_the_clerk_or_archivist(office):
    open_doc = register(office)
    with pytest.raises(ActionRefused):
        services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=open_doc.pk)
    doc = finished(office)
    with pytest.raises(ActionRefused):
        services.file_document(doc_kind="incoming", actor=office["guikou1"], pk=doc.pk)
    assert services.file_document(doc_kind="incoming", actor=office["dangan"], pk=doc.pk).document == doc


def test_filing_from_the_page(client_as, office):
    doc = finished(office)
    client = client_as("shoufa")
    assert f'data-to-file="incoming-{doc.pk}"' in client.get(reverse("records:index")).content.decode()
    klass = ArchiveClass.objects.get(code="SW")
    response = client.post(
        reverse("records:file", args=["incoming", doc.pk]),
        {"version": doc.version, "archive_class": klass.pk, "retention": "D30"},
        follow=True,
    )
    assert "已归档，档号" in response.content.decode()
    item = FileItem.objects.get()
    html = client.get(reverse("records:archive"), {"q": item.archive_code}).content.decode()
    assert f'data-item="{item.pk}"' in html


def _backdate(doc, year):
    moment = timezone.make_aware(datetime(year, 3, 1, 10, 0))
    IncomingDocument.objects.filter(pk=doc.pk).update(year=year, received_at=moment)


def test_transfer_list_holds_exactly_last_years_files(client_as, office):
    """[33] 每年6月30日以前将上年度的公文立卷归档后转交县档案局."""
    last = timezone.localdate().year - 1
    old = finished(office, title="去年的文件")
    _backdate(old, last)
    services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=old.pk)
    services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=finished(office, title="今年的文件").pk)
    response = client_as("shoufa").get(reverse("records:transfer_list", args=[last, "xlsx"]))
    titles = [r[2] for r in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True)]
    assert titles == ["去年的文件"]
    with pytest.raises(ValidationError):
        services.transfer_year(actor=office["shoufa"], year=last + 1, received_by="王档案")
    transfer = services.transfer_year(actor=office["shoufa"], year=last, received_by="县档案局 王档案")
    assert list(transfer.items.values_list("title", flat=True)) == ["去年的文件"]


def test_warning_from_1_may_about_last_years_unfiled_documents(client_as, office, monkeypatch):
    """[33] from 1 May the office is warned about what is not yet filed."""
    last = timezone.localdate().year - 1
    doc = register(office, title="去年未归档")
    _backdate(doc, last)
    from documents.records import views

    monkeypatch.setattr(views.timezone, "localdate", lambda: datetime(last + 1, 5, 2).date())
    html = client_as("shoufa").get(reverse("records:index")).content.decode()
    assert "data-transfer-warning" in html and "6 月 30 日" in html
    monkeypatch.setattr(views.timezone, "localdate", lambda: datetime(last + 1, 4, 30).date())
    assert "data-transfer-warning" not in client_as("shoufa").get(reverse("records:index")).content.decode()


# --- destruction [34] ------------------------------------------------------------------------------------------------


def _approved_list(office):
    dl = services.destruction_create(actor=office["shoufa"], title="2026年第一批重份文件销毁")
    services.destruction_add_entry(
        actor=office["shoufa"], pk=dl.pk, kind="copy", description="会议材料复印件", copies=12
    )
    services.destruction_submit(actor=office["shoufa"], pk=dl.pk)
    return services.destruction_decide(actor=office["zhuren"], pk=dl.pk, approve=True)


def test_destruction_needs_a_leaders_approval(office):
    """[34(1)] 经有关领导批准后方可销毁."""
    dl = services.destruction_create(actor=office["shoufa"], title="x")
    services.destruction_add_entry(actor=office["shoufa"], pk=dl.pk, kind="draft", description="草稿")
    with pytest.raises(ActionRefused):
        services.destruction_supervise(actor=office["guikou1"], pk=dl.pk)
    services.destruction_submit(actor=office["shoufa"], pk=dl.pk)
    with pytest.raises(ActionRefused):
        services.destruction_decide(actor=office["guikou1"], pk=dl.pk, approve=True)
    dl = services.destruction_decide(actor=office["fuzhuren"], pk=dl.pk, approve=True)
    assert dl.state == DestructionState.APPROVED and dl.approved_by == office["fuzhuren"]


def test_destruction_needs_two_distinct_supervisors_other_than_the_author(office):
    """[34(3)] 必须由两人以上监销，监销人必须在文件销毁清册上签字."""
    dl = _approved_list(office)
    with pytest.raises(ActionRefused, match="两名以上监销人"):
        services.destruction_complete(actor=office["shoufa"], pk=dl.pk, method="粉碎", place="机要室")
    with pytest.raises(ActionRefused, match="编制人"):
        services.destruction_supervise(actor=office["shoufa"], pk=dl.pk)
    services.destruction_supervise(actor=office["jiyao"], pk=dl.pk)
    with pytest.raises(ActionRefused):
        services.destruction_supervise(actor=office["jiyao"], pk=dl.pk)  # one person signs once
    with pytest.raises(ActionRefused, match="两名以上监销人"):
        services.destruction_complete(actor=office["shoufa"], pk=dl.pk, method="粉碎", place="机要室")
    services.destruction_supervise(actor=office["dangan"], pk=dl.pk)
    with pytest.raises(ValidationError):
        services.destruction_complete(actor=office["shoufa"], pk=dl.pk, method="", place="")
    dl = services.destruction_complete(actor=office["shoufa"], pk=dl.pk, method="粉碎", place="县政府机要室")
    assert dl.state == DestructionState.DESTROYED and dl.destroyed_at is not None


@requires.poppler
def test_completed_destruction_list_is_a_pdf_and_is_itself_filed(office, tmp_path):
    """[34] the list, with both supervisors' signatures, is filed as a 件 of its own."""
    dl = _approved_list(office)
    services.destruction_supervise(actor=office["jiyao"], pk=dl.pk)
    services.destruction_supervise(actor=office["dangan"], pk=dl.pk)
    services.destruction_complete(actor=office["shoufa"], pk=dl.pk, method="粉碎", place="县政府机要室")
    item = FileItem.objects.get(destruction_list=dl)
    assert item.retention == Retention.PERMANENT
    path = tmp_path / "d.pdf"
    path.write_bytes(item.components.get().file.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "文件销毁清册" in text and "会议材料复印件" in text
    assert display_name(office["jiyao"]) in text and display_name(office["dangan"]) in text  # the two supervisors


def test_what_must_be_kept_cannot_be_destroyed(office):
    """[34(1)] 对需保存的文件经过整理归档，其余登记注册: a duplicate of an unfiled document waits for filing."""
    dl = services.destruction_create(actor=office["shoufa"], title="x")
    open_doc = register(office)
    with pytest.raises(ValidationError, match="尚未归档"):
        services.destruction_add_entry(
            actor=office["shoufa"], pk=dl.pk, kind="duplicate", description="重份", document=open_doc
        )
    with pytest.raises(ValidationError):
        services.destruction_add_entry(actor=office["shoufa"], pk=dl.pk, kind="original", description="原件")
    filed = finished(office)
    services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=filed.pk)
    entry = services.destruction_add_entry(
        actor=office["shoufa"], pk=dl.pk, kind="duplicate", description="重份", document=filed
    )
    assert entry.document == filed and FileItem.objects.of(filed).exists()


def test_nothing_is_hard_deleted_in_the_admin(client_as, office):
    """Documents and files: the admin offers no delete, neither as a page nor as a bulk action."""
    from django.contrib import admin

    doc = finished(office)
    item = services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)
    dl = _approved_list(office)
    client = client_as("admin")
    for model, obj in [(IncomingDocument, doc), (FileItem, item), (type(dl), dl)]:
        meta = model._meta
        assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])).status_code in (
            403,
            302,
        )
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert 'value="delete_selected"' not in changelist.content.decode()
        assert not admin.site._registry[model].has_delete_permission(type("R", (), {"user": office["admin"]})())
    assert IncomingDocument.objects.filter(pk=doc.pk).exists() and FileItem.objects.filter(pk=item.pk).exists()


def test_notifications_and_emails_never_carry_a_classified_title(office, django_capture_on_commit_callbacks):
    """[32](九) 不在普通电话、明码电报、普通邮局传达机密事项: a classified document is named by serial and level."""
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        doc = register(office, title="机密人事调整方案", secret_level=2)
        distribute(office, doc, readers=[read(office, "fuxianzhang1")])
    notes = Notification.objects.filter(url__contains=f"/incoming/{doc.pk}/")
    assert notes.count() >= 2
    assert all("机密人事调整方案" not in n.title + n.body for n in notes)
    assert any(doc.serial_label in n.title for n in notes)
    assert mail.outbox and all("机密人事调整方案" not in m.subject + m.body for m in mail.outbox)


@pytest.mark.parametrize("url", ["records:index", "records:archive", "records:custody", "records:transfers"])
def test_records_pages_cost_the_same_queries_at_5_and_40_items(client_as, office, count_queries, url):
    def add(n):
        for i in range(n):
            doc = finished(office, secret_level=1)
            if i % 5 == 0:  # some filed (rendering the 批阅单 is the slow part), most waiting to be filed
                services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)

    client = client_as("shoufa")
    add(5)
    client.get(reverse(url))
    with count_queries() as few:
        assert client.get(reverse(url)).status_code == 200
    add(35)
    with count_queries() as many:
        assert client.get(reverse(url)).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_destruction_entries_are_added_from_the_page_by_document_number(client_as, office):
    """[34(1)] the clerk names the document a duplicate belongs to by its 收文流水号; bad numbers are a 400."""
    doc = finished(office)
    services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)
    dl = services.destruction_create(actor=office["shoufa"], title="重份销毁")
    client = client_as("shoufa")
    url = reverse("records:destruction_add", args=[dl.pk])
    response = client.post(
        url, {"kind": "duplicate", "description": "重份", "document": doc.serial_label, "copies": "3"}
    )
    assert response.status_code == 302
    assert dl.entries.get().document == doc
    response = client.post(url, {"kind": "duplicate", "description": "重份", "document": "1999-999", "copies": "1"})
    assert response.status_code == 400 and "没有收文流水号为 1999-999 的收文" in response.content.decode()
    response = client.post(url, {"kind": "copy", "description": "x", "document": "杂政〔1999〕1号", "copies": "1"})
    assert response.status_code == 400 and "没有发文字号" in response.content.decode()
