"""Backups: the database and the uploaded files in one dated archive, rotated; reading and checking one.

An archive is a directory under ``BACKUP_DIR`` named for the moment it was taken (office time), e.g.
``zaduo-20260301-023000``::

    database.dump       PostgreSQL: ``pg_dump --format=custom`` (restored with pg_restore)
    database.sqlite3    SQLite: a copy made with sqlite3's online backup API
    media/              every file under MEDIA_ROOT: scans, attachments, filed PDFs
    manifest.json       what is in it: each file's size and SHA-256, the engine, the applied migrations

The database is dumped first and the files copied after it: an uploaded file is written before its row
commits, so every file a dumped row names is already on disk when the copy starts.

Uploaded files never change once written, so a file whose size and modification time match the previous
archive is hard-linked to that archive's copy instead of copied again: each archive is complete on its own
(restore reads one directory), yet ten years of scans take the disk once, not once per kept archive.
Archives hold classified scans [31], [32](八): the files are readable by their owner only.

Rotation keeps every archive of the last 24 hours and the newest archive of each of the last
``BACKUP_KEEP_DAILY`` days, ``BACKUP_KEEP_WEEKLY`` ISO weeks and ``BACKUP_KEEP_MONTHLY`` months; it never touches
a directory it did not make.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
PREFIX = "zaduo-"
NAME = re.compile(r"^zaduo-(\d{8}-\d{6})(?:-(\d+))?$")
PARTIAL_SUFFIX = ".partial"
CHUNK = 1024 * 1024
FILE_MODE, DIR_MODE = 0o400, 0o700
KEEP_ALL_HOURS = 24


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person at the console (Chinese)."""


@dataclass(frozen=True)
class Archive:
    path: Path
    taken_at: datetime  # office time, from the name

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class BackupResult:
    archive: Path
    engine: str
    database_bytes: int
    media_files: int
    media_bytes: int
    media_copied: int  # files new since the previous archive
    media_linked: int  # unchanged files hard-linked to the previous archive
    seconds: float
    removed: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "archive": str(self.archive),
            "engine": self.engine,
            "database_bytes": self.database_bytes,
            "media_files": self.media_files,
            "media_bytes": self.media_bytes,
            "media_copied": self.media_copied,
            "media_linked": self.media_linked,
            "seconds": round(self.seconds, 1),
            "removed": self.removed,
        }


# --- Taking a backup ----------------------------------------------------------------------------------------


def create_backup(
    *,
    backup_dir: Path | None = None,
    media_root: Path | None = None,
    using: str = "default",
    now: datetime | None = None,
    prune: bool = True,
) -> BackupResult:
    """Back up the database ``using`` and MEDIA_ROOT into a new archive under ``backup_dir``, then rotate."""
    started = time.monotonic()
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if backup_dir.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(
            f"备份目录 {backup_dir} 在媒体目录 {media_root} 里面：每次备份都会把旧备份再备份一遍。请换一个 BACKUP_DIR。"
        )
    connection = connections[using]
    engine = connection.vendor
    if engine not in DUMP_FILES:
        raise BackupError(f"不支持备份 {engine} 数据库：只支持 PostgreSQL 和 SQLite。")
    try:
        migrated = "django_migrations" in connection.introspection.table_names()
    except DatabaseError as exc:
        raise BackupError(f"无法连接数据库，备份没有进行：{type(exc).__name__}（详见日志）。") from exc
    if not migrated:
        raise BackupError("数据库里还没有数据表（没有运行过 manage.py migrate），没有可备份的内容。")
    try:
        backup_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    except OSError as exc:
        raise BackupError(f"无法建立备份目录 {backup_dir}：{exc.strerror}。请检查 BACKUP_DIR 和目录权限。") from exc
    with _only_backup_running(backup_dir):
        _remove_partials(backup_dir)
        moment = timezone.localtime(now)
        name = _free_name(backup_dir, moment)
        partial = backup_dir / (name + PARTIAL_SUFFIX)
        partial.mkdir(mode=DIR_MODE)
        try:
            database = _dump_database(connection, partial / DUMP_FILES[engine])
            previous = next(iter(list_archives(backup_dir)), None)
            media, copied, linked = _copy_media(media_root, partial / MEDIA, previous)
            manifest = {
                "format": FORMAT,
                "app": "zaduo-office",
                "created_at": moment.isoformat(),
                "django": django.get_version(),
                "database": database,
                "migrations": _applied_migrations(connection),
                "media": {
                    "files": len(media),
                    "bytes": sum(e["size"] for e in media),
                    "entries": media,
                },
            }
            (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            _seal(partial)
            final = backup_dir / name
            partial.rename(final)
        except BaseException as exc:
            shutil.rmtree(partial, ignore_errors=True)
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise BackupError(f"备份目录 {backup_dir} 所在磁盘空间不足，备份未完成（已清除半成品）。") from exc
            raise
        removed = prune_archives(backup_dir, now=now) if prune else []
    result = BackupResult(
        archive=final,
        engine=engine,
        database_bytes=database["size"],
        media_files=len(media),
        media_bytes=manifest["media"]["bytes"],
        media_copied=copied,
        media_linked=linked,
        seconds=time.monotonic() - started,
        removed=removed,
    )
    logger.info("backup written: %s", json.dumps(result.summary(), ensure_ascii=False))
    return result


@contextmanager
def _only_backup_running(backup_dir: Path) -> Iterator[None]:
    """One backup at a time per directory (the nightly task and a hand-run command may meet)."""
    with open(backup_dir / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BackupError(f"另一个备份正在写入 {backup_dir}，请等它结束后再试。") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_partials(backup_dir: Path) -> None:
    """What a crashed run left behind (only our own names; the lock says no run is writing one now)."""
    for path in backup_dir.glob(f"{PREFIX}*{PARTIAL_SUFFIX}"):
        if path.is_dir() and NAME.match(path.name.removesuffix(PARTIAL_SUFFIX)):
            logger.warning("removing an unfinished backup: %s", path)
            shutil.rmtree(path, ignore_errors=True)


def _free_name(backup_dir: Path, moment: datetime) -> str:
    base = f"{PREFIX}{moment:%Y%m%d-%H%M%S}"
    name, n = base, 1
    while (backup_dir / name).exists() or (backup_dir / (name + PARTIAL_SUFFIX)).exists():
        name, n = f"{base}-{n}", n + 1
    return name


def _dump_database(connection, target: Path) -> dict:
    info = _pg_dump(connection, target) if connection.vendor == "postgresql" else _sqlite_backup(connection, target)
    size, digest = target.stat().st_size, sha256_of(target)
    return {"engine": connection.vendor, "file": target.name, "size": size, "sha256": digest, **info}


def _pg_dump(connection, target: Path) -> dict:
    tool = client_tool("pg_dump")
    tool_major = tool_version(tool)
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"pg_dump 是 {tool_major} 版，数据库服务器是 {server_major} 版：pg_dump 不能比服务器旧。"
            f"请安装 postgresql-client-{server_major}。"
        )
    database = connection.settings_dict
    run_client(
        [tool, "--format=custom", "--file", str(target), "--dbname", database["NAME"]],
        database,
        what="pg_dump",
    )
    return {"server_major": server_major, "dump_tool_major": tool_major}


def _sqlite_backup(connection, target: Path) -> dict:
    # Through Django's own connection, so an in-memory database (tests) is copied as well as a file.
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return {"sqlite_version": sqlite3.sqlite_version}


def _applied_migrations(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _copy_media(media_root: Path, target: Path, previous: Archive | None) -> tuple[list[dict], int, int]:
    """Every regular file under ``media_root`` into ``target``, hashed; unchanged ones linked to ``previous``."""
    known: dict[str, dict] = {}
    if previous is not None:
        try:
            known = {e["path"]: e for e in read_manifest(previous.path)["media"]["entries"]}
        except (BackupError, KeyError, TypeError):
            known = {}
    target.mkdir(mode=DIR_MODE)
    entries: list[dict] = []
    copied = linked = 0
    if not media_root.is_dir():
        return entries, copied, linked
    for source, rel in _media_files(media_root):
        stat = source.stat()
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        old = known.get(rel)
        entry = None
        if old and old.get("size") == stat.st_size and old.get("mtime_ns") == stat.st_mtime_ns:
            try:
                os.link(previous.path / MEDIA / rel, destination)
                entry = {"path": rel, "size": old["size"], "mtime_ns": old["mtime_ns"], "sha256": old["sha256"]}
                linked += 1
            except OSError:  # gone, another file system, or not ours to link: copy instead
                entry = None
        if entry is None:
            size, digest = _copy_hashing(source, destination)
            entry = {"path": rel, "size": size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
            copied += 1
        entries.append(entry)
    return entries, copied, linked


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    for dirpath, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_symlink() or not path.is_file():
                logger.warning("backup skips %s: not a regular file", path)
                continue
            yield path, path.relative_to(media_root).as_posix()


def _copy_hashing(source: Path, destination: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as src, open(destination, "xb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _seal(archive: Path) -> None:
    """Owner-only: the archive holds classified scans [32](八)."""
    for dirpath, _dirnames, filenames in os.walk(archive):
        os.chmod(dirpath, DIR_MODE)
        for filename in filenames:
            os.chmod(Path(dirpath) / filename, FILE_MODE)


# --- Reading archives -------------------------------------------------------------------------------------


def list_archives(backup_dir: Path | None = None) -> list[Archive]:
    """The complete archives under ``backup_dir`` (named by us, with a manifest), newest first."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    if not backup_dir.is_dir():
        return []
    archives = []
    for path in backup_dir.iterdir():
        match = NAME.match(path.name)
        if match and path.is_dir() and (path / MANIFEST).is_file():
            naive = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            archives.append(Archive(path, timezone.make_aware(naive)))
    return sorted(archives, key=lambda a: (a.taken_at, a.name), reverse=True)


def resolve_archive(given: str, backup_dir: Path | None = None) -> Path:
    """An archive given as a path, a path to its manifest, or a name under BACKUP_DIR."""
    path = Path(given).expanduser()
    if path.name == MANIFEST:
        path = path.parent
    if not path.exists() and not path.is_absolute():
        path = Path(backup_dir or settings.BACKUP_DIR) / given
    if not (path / MANIFEST).is_file():
        raise BackupError(f"找不到备份 {given}：应是备份目录（含 {MANIFEST}）或 BACKUP_DIR 下的备份名。")
    return path


def read_manifest(archive: Path) -> dict:
    try:
        manifest = json.loads((archive / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{archive} 不是备份：没有 {MANIFEST}。") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive / MANIFEST} 无法读取或已损坏。") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 的备份格式不认识（需要格式 {FORMAT}）。")
    return manifest


def verify_archive(archive: Path, manifest: dict | None = None) -> list[str]:
    """Every file the manifest names, checked for size and SHA-256; the problems found (Chinese), or none."""
    manifest = manifest or read_manifest(archive)
    problems = []
    database = manifest.get("database") or {}
    files = [(archive / str(database.get("file", "")), database)]
    for entry in manifest.get("media", {}).get("entries", []):
        if safe_relative(entry.get("path", "")):
            files.append((archive / MEDIA / entry["path"], entry))
        else:
            problems.append(f"清单中有不安全的路径 {entry.get('path')!r}")
    if not safe_relative(str(database.get("file", ""))):
        return [f"清单中的数据库文件名不安全：{database.get('file')!r}", *problems]
    for path, entry in files:
        shown = path.relative_to(archive).as_posix()
        if not path.is_file():
            problems.append(f"缺少文件 {shown}")
        elif path.stat().st_size != entry.get("size"):
            problems.append(f"{shown} 大小不符（应为 {entry.get('size')} 字节，实为 {path.stat().st_size} 字节）")
        elif sha256_of(path) != entry.get("sha256"):
            problems.append(f"{shown} 的 SHA-256 校验值不符（文件已损坏或被改动）")
    return problems


# --- Rotation ---------------------------------------------------------------------------------------------


def rotation_keeps(
    archives: list[Archive], *, daily: int, weekly: int, monthly: int, now: datetime | None = None
) -> set[Path]:
    """The newest archive of each of the last ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months that
    have one; and every archive of the last 24 hours, so that a backup taken by hand before an upgrade is not
    swept away by the next one the same day."""
    ordered = sorted(archives, key=lambda a: (a.taken_at, a.name), reverse=True)
    recent = timezone.localtime(now) - timedelta(hours=KEEP_ALL_HOURS)
    periods: list[tuple[int, Callable[[datetime], object]]] = [
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ]
    keep = {a.path for a in ordered if a.taken_at >= recent}
    for count, period_of in periods:
        seen: set[object] = set()
        for archive in ordered:
            period = period_of(archive.taken_at)
            if period in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(period)
            keep.add(archive.path)
    return keep


def prune_archives(backup_dir: Path | None = None, *, now: datetime | None = None) -> list[str]:
    """Remove the archives rotation no longer keeps; their names."""
    archives = list_archives(backup_dir)
    keep = rotation_keeps(
        archives,
        daily=max(1, settings.BACKUP_KEEP_DAILY),
        weekly=settings.BACKUP_KEEP_WEEKLY,
        monthly=settings.BACKUP_KEEP_MONTHLY,
        now=now,
    )
    removed = []
    for archive in archives:
        if archive.path not in keep:
            shutil.rmtree(archive.path)
            removed.append(archive.name)
    if removed:
        logger.info("backup rotation removed %s", ", ".join(removed))
    return removed


# --- Shared with restore ----------------------------------------------------------------------------------


def safe_relative(path: str) -> bool:
    """A manifest path that stays inside its archive (a tampered manifest must not read or write elsewhere)."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def client_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"找不到 {name}：请安装与数据库服务器同一大版本的 PostgreSQL 客户端"
            "（Debian：apt-get install postgresql-client）。"
        )
    return found


def tool_version(tool: str) -> int:
    """The major version of pg_dump / pg_restore ("pg_dump (PostgreSQL) 15.20 …" → 15)."""
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise BackupError(f"无法识别 {tool} 的版本：{output.strip()}")
    return int(match.group(1))


def client_env(database: dict) -> dict[str, str]:
    """libpq's environment for a Django database setting: the password never appears on a command line."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            env[variable] = str(database[key])
    options = database.get("OPTIONS") or {}
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def run_client(command: list[str], database: dict, *, what: str) -> None:
    result = subprocess.run(command, env=client_env(database), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        detail = "\n".join(lines[-5:]) or f"退出码 {result.returncode}"
        raise BackupError(f"{what} 执行失败：\n{detail}")
