"""Archival-grade files [33]: a checksum taken at filing, a monthly integrity check (完整性检查) that reports a
changed or missing file to the archivist and the 收发秘书 — once — and filed PDFs that are PDF/A."""

from __future__ import annotations

import hashlib
import subprocess
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import Notification
from documents.incoming import services as incoming
from documents.incoming.models import IncomingDocument
from documents.records import services, tasks
from documents.records.fixity import fixity_check
from documents.records.models import FileComponent, FileItem, FixityCheck, FixityProblem, Retention
from tests import requires
from tests.files import pdf
from tests.pdfa import pdfa_identification
from zaduo_office.celery import app as celery_app
from zaduo_office.schedule import build_beat_schedule

from ..incoming.factories import distribute, read, register

pytestmark = pytest.mark.django_db

SCAN = pdf("the scanned original as the clerk uploaded it")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Each test tampers with files of its own, never with the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


def finished(office, **extra) -> IncomingDocument:
    """A document read by one line staff member, its original back with the clerk, ready to file."""
    doc = register(office, **extra)
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=doc.pk, comment="已阅")
    return incoming.incoming_receive_original(actor=office["shoufa"], pk=doc.pk)


def filed(office, *, scan_name="原件扫描.pdf", **extra) -> FileItem:
    """A filed 收文: its 批阅单 (rendered at filing) and its scanned original (stored before)."""
    doc = finished(office, **extra)
    incoming.incoming_attach(actor=office["shoufa"], pk=doc.pk, upload=SimpleUploadedFile(scan_name, SCAN))
    return services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)


def original(item: FileItem) -> FileComponent:
    return item.components.exclude(kind="批阅单").get()


def overwrite(component: FileComponent, content: bytes) -> None:
    with open(default_storage.path(component.file.name), "wb") as stored:
        stored.write(content)


def told(*keys, office) -> dict[str, list[Notification]]:
    return {key: list(Notification.objects.filter(recipient=office[key], kind="records.fixity")) for key in keys}


# --- the checksum at filing ----------------------------------------------------------------------------------------


def test_checksum_recorded_at_filing_is_the_sha256_of_the_stored_bytes(office):
    """[33] every part of the 件 — the 批阅单 rendered now, the original uploaded before — keeps the SHA-256 and
    size of exactly what storage holds."""
    item = filed(office)
    assert item.components.count() == 2
    for component in item.components.all():
        with default_storage.open(component.file.name, "rb") as stored:
            content = stored.read()
        assert component.sha256 == hashlib.sha256(content).hexdigest()
        assert component.size == len(content)
    assert original(item).sha256 == hashlib.sha256(SCAN).hexdigest()


def test_a_document_whose_original_is_gone_from_storage_is_not_filed(office):
    """[33] a 件 is filed whole: an attachment whose file is gone stops the filing, with what to do."""
    doc = finished(office)
    attachment = incoming.incoming_attach(
        actor=office["shoufa"], pk=doc.pk, upload=SimpleUploadedFile("原件.pdf", SCAN)
    )
    default_storage.delete(attachment.file.name)
    with pytest.raises(ValidationError, match="不在存储中"):
        services.file_document(doc_kind="incoming", actor=office["shoufa"], pk=doc.pk)
    assert not FileItem.objects.exists()


# --- the integrity check -------------------------------------------------------------------------------------------


def test_a_tampered_file_is_reported_to_the_archivist_and_the_clerk(office, django_capture_on_commit_callbacks):
    """[33] the monthly check reads every filed file back; one whose bytes changed is reported to the 档案管理员
    and the 收发秘书, in the app and by e-mail, and recorded with what was expected and what was found."""
    from django.core import mail

    item = filed(office)
    scan = original(item)
    overwrite(scan, b"%PDF-1.4 someone changed the original")
    with django_capture_on_commit_callbacks(execute=True):
        run = fixity_check(via="command")
    assert (run.checked, run.mismatched, run.missing, run.new_problems) == (2, 1, 0, 1)
    assert run.finished_at is not None and run.bytes_read > 0
    problem = FixityProblem.objects.get()
    assert problem.component == scan and problem.kind == FixityProblem.Kind.MISMATCH
    assert problem.expected_sha256 == hashlib.sha256(SCAN).hexdigest()
    assert problem.found_sha256 == hashlib.sha256(b"%PDF-1.4 someone changed the original").hexdigest()
    assert problem.reported_at is not None
    notes = told("dangan", "shoufa", "guikou1", "zhuren", office=office)
    assert len(notes["dangan"]) == len(notes["shoufa"]) == 1
    assert notes["guikou1"] == notes["zhuren"] == []
    note = notes["dangan"][0]
    assert item.archive_code in note.body and "校验值不符" in note.body and note.url == reverse("records:fixity")
    assert {office["dangan"].email, office["shoufa"].email} <= {m.to[0] for m in mail.outbox}


def test_a_missing_file_is_reported_too(office):
    """[33] a filed file gone from storage is a problem of its own kind, reported the same way."""
    item = filed(office)
    sheet = item.components.get(kind="批阅单")
    default_storage.delete(sheet.file.name)
    run = fixity_check()
    assert (run.checked, run.mismatched, run.missing) == (2, 0, 1)
    problem = FixityProblem.objects.get()
    assert problem.component == sheet and problem.kind == FixityProblem.Kind.MISSING
    assert "文件缺失" in told("dangan", office=office)["dangan"][0].body


def test_a_second_run_does_not_report_the_same_unchanged_problem(office):
    """[33] the check is safe to run again: a problem already reported stays open and is seen again, but nobody
    is told twice; each run still records what it found."""
    item = filed(office)
    overwrite(original(item), b"tampered")
    first = fixity_check()
    second = fixity_check(via="command")
    assert (second.mismatched, second.new_problems) == (1, 0)
    problem = FixityProblem.objects.get()
    assert problem.found_by == first and problem.last_seen_by == second and problem.closed_by is None
    assert len(told("dangan", office=office)["dangan"]) == 1
    assert FixityCheck.objects.count() == 2


def test_a_restored_file_closes_the_problem_and_a_later_fault_is_reported_again(office):
    """[33] once the file is restored from a backup the next run closes the problem; if it changes again, or
    changes once more while still wrong, that is a new problem and is reported."""
    item = filed(office)
    scan = original(item)
    overwrite(scan, b"tampered")
    fixity_check()
    overwrite(scan, SCAN)  # restored from the backup
    restored = fixity_check()
    assert restored.problems == 0 and restored.closed_problems == 1
    assert not FixityProblem.objects.filter(closed_by=None).exists()
    overwrite(scan, b"tampered")
    fixity_check()
    overwrite(scan, b"tampered differently")
    changed = fixity_check()
    assert (changed.new_problems, changed.closed_problems) == (1, 1)
    assert (
        FixityProblem.objects.filter(closed_by=None).get().found_sha256
        == hashlib.sha256(b"tampered differently").hexdigest()
    )
    assert len(told("dangan", office=office)["dangan"]) == 3


def test_a_classified_file_is_named_by_archive_code_and_level_only(office):
    """[32](九) the notification of a classified 件 carries its 档号 and level, never its title — nor the file
    name of its original, which may repeat the title."""
    item = filed(office, title="县委常委人事调整方案", scan_name="县委常委人事调整方案原件.pdf", secret_level=1)
    overwrite(original(item), b"tampered")
    fixity_check()
    (note,) = told("shoufa", office=office)["shoufa"]
    assert item.archive_code in note.body and "秘密件" in note.body
    assert "人事调整" not in note.title + note.body


def test_the_integrity_page_is_for_records_keepers_only(client_as, office):
    """[33] 完整性检查 shows the last run and the problems to the clerk, the archivist and 机要科; an office leader
    who may open the archive does not get it, nor the tab."""
    item = filed(office)
    default_storage.delete(original(item).file.name)
    fixity_check()
    for keeper in ("dangan", "shoufa", "jiyao"):
        client = client_as(keeper)
        html = client.get(reverse("records:fixity")).content.decode()
        assert f'data-fixity-problem="{original(item).pk}"' in html and item.archive_code in html
        index = client.get(reverse("records:index")).content.decode()
        assert reverse("records:fixity") in index and "data-fixity-warning" in index
    client = client_as("zhuren")
    assert client.get(reverse("records:fixity")).status_code == 403
    assert reverse("records:fixity") not in client.get(reverse("records:index")).content.decode()


def test_the_integrity_page_costs_the_same_queries_at_2_and_20_problems(client_as, office, count_queries):
    item = filed(office)

    def lose(n):
        for i in range(n):
            component = FileComponent.objects.create(
                item=item, kind="附件", name=f"附件{i}.pdf", file=ContentFile(b"x", name="lost.pdf")
            )
            default_storage.delete(component.file.name)
        fixity_check()

    client = client_as("dangan")
    lose(2)
    client.get(reverse("records:fixity"))
    with count_queries() as few:
        assert client.get(reverse("records:fixity")).status_code == 200
    lose(18)
    with count_queries() as many:
        html = client.get(reverse("records:fixity")).content.decode()
    assert html.count("data-fixity-problem=") == 20
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_check_fixity_command_says_what_it_found_and_fails_while_a_problem_is_open(office):
    item = filed(office)
    out = StringIO()
    call_command("check_fixity", stdout=out)
    assert "检查文件 2 个" in out.getvalue() and "新发现问题 0 个" in out.getvalue()
    default_storage.delete(original(item).file.name)
    with pytest.raises(CommandError, match="1 个归档文件有问题"):
        call_command("check_fixity", stdout=StringIO())
    assert FixityCheck.objects.filter(via=FixityCheck.Via.COMMAND).count() == 2


def test_the_check_runs_monthly_from_beat_as_a_task():
    """[33] 每月: beat sends ``records.fixity_check`` on the 1st at night; it reads every file, so its time
    limit is hours, and it is acknowledged on receipt (see documents/records/tasks.py)."""
    from celery.schedules import crontab

    schedule = build_beat_schedule({"DEADLINES_SCAN_EVERY_MINUTES": 15, "DEADLINES_DIGEST_AT": "08:30"})
    entry = schedule["records-fixity-check"]
    assert entry["task"] == "records.fixity_check" and "records.fixity_check" in celery_app.tasks
    assert entry["schedule"] == crontab(day_of_month="1", hour=3, minute=30)
    assert "records-fixity-check" in celery_app.conf.beat_schedule
    assert tasks.fixity_check.time_limit >= 3600 and not tasks.fixity_check.acks_late


def test_the_task_records_its_run(office):
    filed(office)
    result = tasks.fixity_check.delay().get()
    run = FixityCheck.objects.get()
    assert run.via == FixityCheck.Via.BEAT and result == {"run": run.pk, "checked": 2, "problems": 0, "new": 0}


# --- PDF/A [33] ----------------------------------------------------------------------------------------------------


def test_the_filed_sign_off_sheet_is_pdf_a_2b(office):
    """[33] what is filed is rendered as PDF/A-2b: its XMP metadata says part 2, conformance B."""
    item = filed(office)
    sheet = item.components.get(kind="批阅单")
    assert pdfa_identification(sheet.file.read()) == ("2", "B")


@requires.poppler
def test_pdfinfo_reads_pdf_a_metadata_and_embedded_cjk_fonts_of_a_filed_pdf(office, tmp_path):
    item = filed(office, title="关于草原防火的通知")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(item.components.get(kind="批阅单").file.read())
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert 'pdfaid:part="2"' in meta and 'pdfaid:conformance="B"' in meta
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于草原防火的通知" in text


def test_the_filed_destruction_list_is_pdf_a_2b(office):
    """[34] the 销毁清册, filed as a 件 of its own once carried out, is PDF/A too, with its checksum."""
    dl = services.destruction_create(actor=office["shoufa"], title="重份文件销毁")
    services.destruction_add_entry(actor=office["shoufa"], pk=dl.pk, kind="copy", description="会议材料复印件")
    services.destruction_submit(actor=office["shoufa"], pk=dl.pk)
    services.destruction_decide(actor=office["zhuren"], pk=dl.pk, approve=True)
    services.destruction_supervise(actor=office["jiyao"], pk=dl.pk)
    services.destruction_supervise(actor=office["dangan"], pk=dl.pk)
    services.destruction_complete(actor=office["shoufa"], pk=dl.pk, method="粉碎", place="机要室")
    component = FileItem.objects.get(destruction_list=dl).components.get()
    content = component.file.read()
    assert pdfa_identification(content) == ("2", "B")
    assert component.sha256 == hashlib.sha256(content).hexdigest()
    assert FileItem.objects.get(destruction_list=dl).retention == Retention.PERMANENT
