"""Backups and restore: one command backs up the database and every uploaded file, one restores them into an
empty database and an empty media directory — and every document, file and log entry is there afterwards.

The PostgreSQL round trip restores into a database the test creates itself (``zaduo_restore_<random>``) and
drops at the end; nothing else on the server is touched. It runs where the tests run on PostgreSQL (CI); the
SQLite round trip where they run on SQLite (``make test`` on a laptop).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from documents.incoming import services as incoming
from documents.incoming.models import Attachment, IncomingDocument, TransitionLog
from documents.records import services as records
from documents.records.models import FileComponent
from ops import backup as backups
from ops.backup import Archive, BackupError, rotation_keeps
from ops.restore import restore_archive
from tests import requires
from tests.files import pdf
from tests.incoming.factories import distribute, read, register
from zaduo_office.schedule import build_beat_schedule

ROOT = Path(__file__).resolve().parents[2]
# Random so that no two files share bytes, but hex: raw random bytes hold line breaks, and pypdf reads the lines
# after %%EOF backwards, so one run in a few hundred found no startxref and refused the upload.
SCAN = pdf(b"scanned original " + os.urandom(20_000).hex().encode())
ANNEX = pdf(b"annex " + os.urandom(5_000).hex().encode())
LOG_TABLE = TransitionLog._meta.db_table


@pytest.fixture
def dirs(settings, tmp_path):
    """MEDIA_ROOT and BACKUP_DIR of this test's own, and an empty media directory to restore into."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return {"media": tmp_path / "media", "backups": tmp_path / "backups", "restored": tmp_path / "media-restored"}


def build_documents(office) -> dict:
    """A filed document (its scan and 批阅单 PDF in the archive) and one in circulation with an attachment."""
    clerk = office["shoufa"]
    filed = register(office, title="关于做好冬季草原防火工作的通知")
    incoming.incoming_attach(actor=clerk, pk=filed.pk, upload=SimpleUploadedFile("原件.pdf", SCAN))
    filed, _ = distribute(office, filed, readers=[read(office, "guikou1")])
    incoming.incoming_sign(actor=office["guikou1"], pk=filed.pk, comment="已阅")
    incoming.incoming_receive_original(actor=clerk, pk=filed.pk)
    records.file_document(doc_kind="incoming", actor=clerk, pk=filed.pk)
    circulating = register(office, title="关于报送牧区饮水安全情况的通知")
    incoming.incoming_attach(
        actor=clerk, pk=circulating.pk, upload=SimpleUploadedFile("附件一.pdf", ANNEX), kind="attachment"
    )
    distribute(office, circulating, readers=[read(office, "guikou2")])
    return {"filed": filed.pk, "circulating": circulating.pk}


def source_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')
        return sorted(cursor.fetchall(), key=repr)


def assert_same_content(restored_rows) -> int:
    """Every table of the test database, row for row, in the restored one; the number of rows compared."""
    compared = 0
    for table in connection.introspection.table_names():
        rows = source_rows(table)
        assert restored_rows(table) == rows, f"table {table} differs after the restore"
        compared += len(rows)
    return compared


def assert_every_file_restored(media: Path, restored: Path) -> None:
    """Each attachment's and each filed component's file, byte for byte, under the restored MEDIA_ROOT."""
    names = {a.file.name for a in Attachment.objects.all()} | {c.file.name for c in FileComponent.objects.all()}
    assert len(names) == 3  # two uploads and the filed 批阅单 (the filed original is the upload's file)
    assert FileComponent.objects.filter(kind="批阅单").exists()
    for name in names:
        assert (restored / name).read_bytes() == (media / name).read_bytes(), name
    uploads = {a.name: (restored / a.file.name).read_bytes() for a in Attachment.objects.all()}
    assert uploads == {"原件.pdf": SCAN, "附件一.pdf": ANNEX}


def assert_logs_are_there(restored_log_count, ids: dict) -> None:
    """Each document's audit trail (登记, 上传附件, 分发, …) has as many entries after the restore as before."""
    for pk in ids.values():
        expected = TransitionLog.objects.filter(document_id=pk).count()
        assert expected >= 3
        assert restored_log_count(pk) == expected


# --- the round trips ------------------------------------------------------------------------------------------


@pytest.fixture
def new_postgresql_database():
    """An empty database of this test's own on the test server, dropped afterwards (only this one)."""
    import psycopg2

    settings_dict = connection.settings_dict
    name = f"zaduo_restore_{uuid.uuid4().hex[:12]}"
    params = {k.lower(): settings_dict[k] for k in ("USER", "PASSWORD", "HOST", "PORT") if settings_dict.get(k)}
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield {**settings_dict, "NAME": name}, params
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "", settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


@pytest.mark.django_db(transaction=True)
@requires.postgresql
def test_postgresql_backup_restores_into_an_empty_database_with_every_document_file_and_log_entry(
    office, dirs, new_postgresql_database
):
    import psycopg2

    ids = build_documents(office)
    call_command("backup", stdout=StringIO())
    (archive,) = backups.list_archives()
    assert (archive.path / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    target, params = new_postgresql_database
    env = {**os.environ, "DATABASE_URL": database_url(target), "MEDIA_ROOT": str(dirs["restored"])}
    env.pop("DJANGO_PRODUCTION", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive.path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已从" in result.stdout and "恢复" in result.stdout

    with closing(psycopg2.connect(dbname=target["NAME"], **params)) as restored:

        def restored_rows(table):
            with restored.cursor() as cursor:
                cursor.execute(f'SELECT * FROM "{table}"')
                return sorted(cursor.fetchall(), key=repr)

        def restored_log_count(pk):
            with restored.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {LOG_TABLE} WHERE document_id = %s", [pk])
                return cursor.fetchone()[0]

        assert assert_same_content(restored_rows) > 100
        assert {row[0] for row in restored_rows(IncomingDocument._meta.db_table)} == set(ids.values())
        assert_logs_are_there(restored_log_count, ids)
    assert_every_file_restored(dirs["media"], dirs["restored"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").split(":")[0] != "sqlite",
    reason="the SQLite round trip runs where the tests run on SQLite; CI runs the PostgreSQL one",
)
def test_sqlite_backup_restores_into_an_empty_database_with_every_document_file_and_log_entry(office, dirs, tmp_path):
    ids = build_documents(office)
    result = backups.create_backup()
    assert result.engine == "sqlite" and result.media_files == 3

    target = tmp_path / "restored.sqlite3"
    restore_archive(
        result.archive,
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
        media_root=dirs["restored"],
    )

    # Read as Django reads it (its converters for booleans, dates …), so rows compare equal to the source's.
    with closing(sqlite3.connect(target, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)) as restored:

        def restored_rows(table):
            return sorted(restored.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)

        def restored_log_count(pk):
            return restored.execute(f"SELECT count(*) FROM {LOG_TABLE} WHERE document_id = ?", [pk]).fetchone()[0]

        assert assert_same_content(restored_rows) > 100
        assert {row[0] for row in restored_rows(IncomingDocument._meta.db_table)} == set(ids.values())
        assert_logs_are_there(restored_log_count, ids)
    assert_every_file_restored(dirs["media"], dirs["restored"])


# --- what restore refuses ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(office, dirs, tmp_path):
    build_documents(office)
    archive = backups.create_backup().archive
    before = IncomingDocument.objects.count()
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError) as refused:
            call_command("restore", archive.name)  # into the test database, which has tables
    else:  # the in-memory test database cannot be a target; a database file in use can
        in_use = tmp_path / "in-use.sqlite3"
        with closing(sqlite3.connect(in_use)) as db:
            db.execute("CREATE TABLE kept (x)")
        with pytest.raises(BackupError) as refused:
            restore_archive(
                archive,
                database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(in_use)},
                media_root=dirs["media"],
            )
    message = str(refused.value)
    assert "不是空的" in message and "张表" in message and "--force" in message
    assert "什么也没有改动" in message
    assert IncomingDocument.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_restored_naming_the_file(office, dirs, tmp_path):
    build_documents(office)
    archive = backups.create_backup().archive
    scan = next((archive / "media" / "incoming").rglob("*.pdf"))
    scan.chmod(0o600)
    scan.write_bytes(scan.read_bytes()[:-1] + b"x")  # one byte flipped: bit rot on the backup disk

    with pytest.raises(CommandError) as checked:
        call_command("restore", str(archive), "--check")
    assert "SHA-256" in str(checked.value) and scan.name in str(checked.value)

    target = tmp_path / "restored.sqlite3"
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}
    if connection.vendor == "sqlite":
        with pytest.raises(BackupError) as refused:
            restore_archive(archive, database=database, media_root=dirs["restored"])
        assert "已损坏" in str(refused.value) and scan.name in str(refused.value)
        assert not target.exists() and not dirs["restored"].exists()


@pytest.mark.django_db
def test_restore_names_a_missing_archive_in_chinese(dirs):
    with pytest.raises(CommandError, match="找不到备份 zaduo-20200101-000000"):
        call_command("restore", "zaduo-20200101-000000")


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path):
    archive = tmp_path / "zaduo-20300101-023000"
    archive.mkdir()
    manifest = {
        "format": 1,
        "database": {"engine": "sqlite", "file": "database.sqlite3", "size": 0, "sha256": ""},
        "migrations": ["incoming.0001_initial", "incoming.0999_from_the_future", "futurechapter.0001_initial"],
        "media": {"files": 0, "bytes": 0, "entries": []},
    }
    (archive / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "new.sqlite3"
    with pytest.raises(BackupError) as refused:
        restore_archive(
            archive, database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)}, media_root=tmp_path / "m"
        )
    assert "更新的程序版本" in str(refused.value)
    assert "incoming.0999_from_the_future" in str(refused.value) and "futurechapter.0001_initial" in str(refused.value)
    assert "incoming.0001_initial" not in str(refused.value)
    assert not target.exists()


# --- taking backups ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_unchanged_files_are_shared_with_the_previous_backup_not_copied_again(office, dirs):
    build_documents(office)
    first = backups.create_backup()
    assert first.media_copied == first.media_files and first.media_linked == 0
    second = backups.create_backup()
    assert second.archive != first.archive
    assert second.media_copied == 0 and second.media_linked == first.media_files
    for name in (e["path"] for e in backups.read_manifest(second.archive)["media"]["entries"]):
        old, new = (first.archive / "media" / name).stat(), (second.archive / "media" / name).stat()
        assert old.st_ino == new.st_ino  # one copy on disk, complete in each archive
    assert backups.verify_archive(first.archive) == [] and backups.verify_archive(second.archive) == []


@pytest.mark.django_db(transaction=True)
def test_archives_are_readable_by_their_owner_only(office, dirs):
    """They hold classified scans: [32](八) 不在不利于保密的地方存放机密文件、资料."""
    build_documents(office)
    archive = backups.create_backup().archive
    assert archive.stat().st_mode & 0o077 == 0
    for path in archive.rglob("*"):
        assert path.stat().st_mode & 0o077 == 0, path


@pytest.mark.django_db
def test_a_second_backup_at_the_same_time_is_refused(dirs):
    dirs["backups"].mkdir(parents=True)
    with backups._only_backup_running(dirs["backups"]), pytest.raises(BackupError, match="另一个备份正在写入"):
        backups.create_backup()


def test_backup_of_a_database_without_tables_says_so_and_exits_non_zero(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "backup"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "没有运行过 manage.py migrate" in result.stderr and "Traceback" not in result.stderr
    assert not list((tmp_path / "backups").glob("zaduo-*"))


@pytest.mark.django_db(transaction=True)
def test_the_nightly_backup_is_a_beat_task(office, dirs):
    schedule = build_beat_schedule(
        {"DEADLINES_SCAN_EVERY_MINUTES": 15, "DEADLINES_DIGEST_AT": "08:30", "BACKUP_AT": "02:45"}
    )
    entry = schedule["ops-backup"]
    assert entry["task"] == "ops.backup"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {45}
    from ops import tasks

    summary = tasks.backup.delay().get()
    assert Path(summary["archive"]).parent == dirs["backups"]


# --- rotation ---------------------------------------------------------------------------------------------------


def nightly(first: datetime, last: datetime) -> list[Archive]:
    days = (last - first).days
    return [
        Archive(Path(f"/b/zaduo-{(first + timedelta(d)):%Y%m%d}-023000"), first + timedelta(days=d))
        for d in range(days + 1)
    ]


def test_rotation_keeps_the_newest_of_each_recent_day_week_and_month():
    tz = timezone.get_current_timezone()
    archives = nightly(datetime(2026, 1, 1, 2, 30, tzinfo=tz), datetime(2026, 3, 31, 2, 30, tzinfo=tz))
    kept = rotation_keeps(archives, daily=3, weekly=2, monthly=3, now=datetime(2026, 3, 31, 3, 0, tzinfo=tz))
    assert sorted(p.name for p in kept) == [
        "zaduo-20260131-023000",  # January
        "zaduo-20260228-023000",  # February
        "zaduo-20260329-023000",  # the week of 23–29 March; a day
        "zaduo-20260330-023000",  # a day
        "zaduo-20260331-023000",  # the newest: a day, this week, this month
    ]


def test_rotation_with_the_default_settings_keeps_at_most_23_nightly_archives():
    tz = timezone.get_current_timezone()
    archives = nightly(datetime(2025, 1, 1, 2, 30, tzinfo=tz), datetime(2026, 6, 30, 2, 30, tzinfo=tz))
    kept = rotation_keeps(archives, daily=7, weekly=4, monthly=12, now=datetime(2026, 6, 30, 3, 0, tzinfo=tz))
    # 24–30 June (7 days); 14 and 21 June (the weeks before); the last night of July 2025 … May 2026 (11 months)
    assert len(kept) == 7 + 2 + 11
    assert min(a.taken_at for a in archives if a.path in kept).date().isoformat() == "2025-07-31"


def test_a_backup_taken_by_hand_today_survives_the_next_one_today():
    tz = timezone.get_current_timezone()
    before_upgrade = Archive(Path("/b/zaduo-20260310-100000"), datetime(2026, 3, 10, 10, 0, tzinfo=tz))
    after = Archive(Path("/b/zaduo-20260310-113000"), datetime(2026, 3, 10, 11, 30, tzinfo=tz))
    kept = rotation_keeps([before_upgrade, after], daily=7, weekly=4, monthly=12, now=after.taken_at)
    assert kept == {before_upgrade.path, after.path}


def test_rotation_removes_only_archives_it_made(settings, tmp_path):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 1, 0, 0
    for name in ("zaduo-20260101-023000", "zaduo-20260102-023000", "zaduo-20260103-023000"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.json").write_text("{}")
    (tmp_path / "zaduo-20251231-023000").mkdir()  # no manifest: not a finished archive of ours
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "manifest.json").write_text("{}")
    now = timezone.make_aware(datetime(2026, 1, 5, 3, 0))
    removed = backups.prune_archives(tmp_path, now=now)
    assert removed == ["zaduo-20260102-023000", "zaduo-20260101-023000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "zaduo-20251231-023000", "zaduo-20260103-023000"]


@pytest.mark.django_db
def test_a_backup_directory_inside_the_media_directory_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "media" / "backups"
    with pytest.raises(BackupError, match="在媒体目录"):
        backups.create_backup()
