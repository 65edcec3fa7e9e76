"""Restoring an archive of ``ops.backup`` into an empty database and an empty MEDIA_ROOT.

Nothing is touched until everything has been checked: the database engine, that this program knows every
migration the backup had applied (a backup from a newer version needs that version), that the targets are
empty, and the archive's every file against its SHA-256. A target that is not empty is refused unless
``force`` is given; then the database is emptied first (PostgreSQL: the ``public`` schema dropped and made
again) and files of the same name are replaced — other files in MEDIA_ROOT are left where they are.

PostgreSQL is restored with ``pg_restore --single-transaction --exit-on-error``: either the whole dump goes
in or none of it. Ownership and grants are not restored (``--no-owner --no-privileges``), so a backup can be
restored on a new server under another database user.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .backup import (
    MEDIA,
    BackupError,
    client_tool,
    read_manifest,
    run_client,
    tool_version,
    verify_archive,
)

ENGINE_LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass
class RestoreResult:
    archive: Path
    engine: str
    database: str
    media_files: int
    media_bytes: int
    emptied: bool


def restore_archive(
    archive: Path,
    *,
    database: dict,
    media_root: Path,
    force: bool = False,
    report: Callable[[str], object] = lambda line: None,
) -> RestoreResult:
    """Restore ``archive`` into the database described by ``database`` (a Django DATABASES entry) and into
    ``media_root``. Raises ``BackupError`` with a Chinese message, having changed nothing, when it cannot."""
    manifest = read_manifest(archive)
    engine = (manifest.get("database") or {}).get("engine")
    target = database_target(database)
    if engine != target.engine:
        raise BackupError(
            f"这是 {ENGINE_LABELS.get(engine, engine)} 数据库的备份，目标数据库是 {ENGINE_LABELS[target.engine]}："
            "只能恢复到同一种数据库。"
        )
    unknown = unknown_migrations(manifest)
    if unknown:
        shown = "、".join(unknown[:5]) + ("等" if len(unknown) > 5 else "")
        raise BackupError(
            f"这个备份来自更新的程序版本：其中已执行的数据库迁移 {shown} 本程序没有。"
            "请先把程序升级到备份时的版本或更新的版本，再恢复。"
        )
    tables = target.table_count()
    files = sum(1 for _ in _files_under(media_root))
    if (tables or files) and not force:
        found = []
        if tables:
            found.append(f"数据库 {target.label} 已有 {tables} 张表")
        if files:
            found.append(f"媒体目录 {media_root} 已有 {files} 个文件")
        raise BackupError(
            "目标不是空的：" + "，".join(found) + "。恢复只写入空的数据库和空的媒体目录，现在什么也没有改动。"
            "如果确定要用备份覆盖现有数据，请加 --force（建议先运行 manage.py backup 把现状也备份一份）。"
        )
    report("校验备份中每个文件的大小和 SHA-256 …")
    problems = verify_archive(archive, manifest)
    if problems:
        listed = "\n  ".join(problems[:20]) + (f"\n  …共 {len(problems)} 处问题" if len(problems) > 20 else "")
        raise BackupError(f"备份 {archive} 不完整或已损坏，没有恢复任何内容：\n  {listed}")
    if tables:
        report(f"--force：清空数据库 {target.label} …")
        target.wipe()
    report(f"恢复数据库到 {target.label} …")
    target.restore(archive / manifest["database"]["file"], manifest)
    entries = manifest.get("media", {}).get("entries", [])
    report(f"恢复 {len(entries)} 个媒体文件到 {media_root} …")
    restored_bytes = _restore_media(archive / MEDIA, Path(media_root), entries)
    return RestoreResult(
        archive=archive,
        engine=engine,
        database=target.label,
        media_files=len(entries),
        media_bytes=restored_bytes,
        emptied=bool(tables),
    )


def unknown_migrations(manifest: dict) -> list[str]:
    """The migrations the backup had applied that this program's code does not have."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    unknown = []
    for applied in manifest.get("migrations", []):
        app, _, name = applied.partition(".")
        if (app, name) not in known:
            unknown.append(applied)
    return unknown


# --- Databases --------------------------------------------------------------------------------------------


def database_target(database: dict):
    engine = database.get("ENGINE", "")
    if engine.endswith("postgresql"):
        return PostgresTarget(database)
    if engine.endswith("sqlite3"):
        return SqliteTarget(database)
    raise BackupError(f"不支持恢复到 {engine} 数据库：只支持 PostgreSQL 和 SQLite。")


class PostgresTarget:
    engine = "postgresql"

    def __init__(self, database: dict):
        self.database = database
        self.label = str(database["NAME"])

    def _connect(self):
        import psycopg2

        params = {"dbname": self.label, "connect_timeout": 10}
        for key in ("USER", "PASSWORD", "HOST", "PORT"):
            if self.database.get(key):
                params[key.lower()] = self.database[key]
        options = self.database.get("OPTIONS") or {}
        params.update({k: v for k, v in options.items() if k in ("sslmode", "sslrootcert", "sslcert", "sslkey")})
        try:
            return psycopg2.connect(**params)
        except psycopg2.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if "does not exist" in first:
                raise BackupError(
                    f"数据库 {self.label} 不存在：请先建立一个空数据库（例如 createdb {self.label}），再恢复。"
                ) from exc
            raise BackupError(f"无法连接数据库 {self.label}：{first}") from exc

    def table_count(self) -> int:
        with closing(self._connect()) as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            )
            return cursor.fetchone()[0]

    def wipe(self) -> None:
        import psycopg2

        with closing(self._connect()) as conn:
            try:
                with conn, conn.cursor() as cursor:
                    cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            except psycopg2.Error as exc:
                raise BackupError(
                    f"无法清空数据库 {self.label}：{str(exc).strip().splitlines()[0]}（需要数据库所有者的权限）"
                ) from exc

    def restore(self, dump: Path, manifest: dict) -> None:
        tool = client_tool("pg_restore")
        major = tool_version(tool)
        written_by = int(manifest["database"].get("dump_tool_major") or 0)
        if major < written_by:
            raise BackupError(
                f"备份由 pg_dump {written_by} 版写成，本机 pg_restore 是 {major} 版，读不了："
                f"请安装 postgresql-client-{written_by} 或更新的版本。"
            )
        command = [tool, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        run_client([*command, "--dbname", self.label, str(dump)], self.database, what="pg_restore")


class SqliteTarget:
    engine = "sqlite"

    def __init__(self, database: dict):
        name = str(database.get("NAME") or "")
        if not name or name == ":memory:" or "mode=memory" in name:
            raise BackupError("内存中的 SQLite 数据库不能作为恢复目标：请让 DATABASE_URL 指向一个数据库文件。")
        self.path = Path(name)
        self.label = str(self.path)

    def table_count(self) -> int:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return 0
        with closing(sqlite3.connect(self.path)) as conn:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            return conn.execute(query).fetchone()[0]

    def wipe(self) -> None:
        """Nothing to do: the backup API replaces the whole content of the file."""

    def restore(self, dump: Path, manifest: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(f"{dump.resolve().as_uri()}?mode=ro", uri=True)) as source,
            closing(sqlite3.connect(self.path)) as destination,
        ):
            source.backup(destination)


# --- Files ------------------------------------------------------------------------------------------------


def _files_under(root: Path):
    if not Path(root).is_dir():
        return
    for _dirpath, _dirnames, filenames in os.walk(root):
        yield from filenames


def _restore_media(source: Path, media_root: Path, entries: list[dict]) -> int:
    """Copy each file into place (to a temporary name, then renamed). Run as root (a container's one-off
    restore), the files are given to MEDIA_ROOT's owner, so the app can keep writing beside them."""
    media_root.mkdir(parents=True, exist_ok=True)
    root_stat = media_root.stat()
    owner = (root_stat.st_uid, root_stat.st_gid) if os.geteuid() == 0 else None
    mode = settings.FILE_UPLOAD_PERMISSIONS or 0o644
    total = 0
    for entry in entries:
        rel = entry["path"]
        destination = media_root / rel
        _make_dirs(destination.parent, media_root, owner)
        temporary = destination.with_name(f".{destination.name}.restoring")
        shutil.copyfile(source / rel, temporary)
        os.chmod(temporary, mode)
        if entry.get("mtime_ns"):
            os.utime(temporary, ns=(entry["mtime_ns"], entry["mtime_ns"]))
        if owner:
            os.chown(temporary, *owner)
        os.replace(temporary, destination)
        total += entry["size"]
    return total


def _make_dirs(directory: Path, media_root: Path, owner: tuple[int, int] | None) -> None:
    missing = []
    while directory != media_root and not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        path.mkdir()
        if owner:
            os.chown(path, *owner)
