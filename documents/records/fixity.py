"""Archival-grade files [33]: the checksum taken as a file is filed, and the integrity check (完整性检查) that
reads every filed file back and compares.

A filed 件 must still be what was filed when the county archives bureau opens it decades on. Each component
keeps the SHA-256 and size of its stored bytes; ``fixity_check`` (monthly from beat, ``manage.py check_fixity``
by hand) re-reads them all and records the run (``FixityCheck``). A file whose bytes changed or that is gone
becomes a ``FixityProblem``, reported once to the archivist and the 收发秘书 — by 档号 and level, never a
classified title [32] — and shown on 完整性检查 (``/records/fixity/``) until a later run finds it whole again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.notifications import notify
from documents.types import SecretLevel
from org.roles import Role
from org.selectors import users_with_role

from .models import FileComponent, FileItem, FixityCheck, FixityProblem

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024  # read 1 MiB at a time: a scanned original may be large, memory stays flat
NOTIFY_AT_MOST = 20  # problems named in one notification; the page lists them all


def digest(name: str) -> tuple[str, int]:
    """SHA-256 (hex) and size of a stored file, read through the default storage in chunks.
    ``FileNotFoundError`` when it is gone; another ``OSError`` when it cannot be read."""
    if not name:
        raise FileNotFoundError("no file name")
    sha256, size = hashlib.sha256(), 0
    with default_storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
    return sha256.hexdigest(), size


# --- at filing ---------------------------------------------------------------------------------------------------


def add_rendered(*, item: FileItem, kind: str, name: str, content: bytes, filename: str) -> FileComponent:
    """A part rendered for the 件 (a PDF/A) stored with the checksum of exactly the bytes written [33]."""
    return FileComponent.objects.create(
        item=item,
        kind=kind,
        name=name,
        file=ContentFile(content, name=filename),
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )


def add_stored(*, item: FileItem, kind: str, name: str, stored_as: str) -> FileComponent:
    """A file already in storage (the scanned original, an attachment) filed as it is, with the checksum of
    its bytes as they are now [33]. A file already gone is not filed over: the 件 would be incomplete."""
    try:
        sha256, size = digest(stored_as)
    except OSError:
        raise ValidationError(
            f"“{name}”的文件已不在存储中或无法读取，不能归档。请管理员从备份中恢复该文件后再归档 [33]。"
        ) from None
    return FileComponent.objects.create(item=item, kind=kind, name=name, file=stored_as, sha256=sha256, size=size)


# --- the integrity check -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # FixityProblem.Kind
    expected: str
    found: str = ""
    size: int | None = None
    detail: str = ""

    def same_as(self, problem: FixityProblem) -> bool:
        """The open problem is this one, unchanged: same kind, and the same wrong bytes where there are any."""
        return problem.kind == self.kind and problem.found_sha256 == self.found


def fixity_check(*, via: str = "beat") -> FixityCheck:
    """完整性检查 [33]: read every filed file back, compare it with the checksum taken at filing, and report
    what is newly wrong to the archivist and the 收发秘书. Safe to run again at any time: a problem already
    reported is not reported again while it stays the same; two runs at once report it once (one open
    problem per file, a unique constraint).

    The files are read outside any transaction (it may take minutes); what the run found is written in one
    short transaction at the end. A run that breaks off keeps its row without ``finished_at``."""
    run = FixityCheck.objects.create(via=via[:20])
    try:
        findings, baselines = _read_everything(run)
        with transaction.atomic():
            _record(run, findings, baselines)
    except Exception as error:
        FixityCheck.objects.filter(pk=run.pk).update(error=f"{type(error).__name__}: {error}"[:2000])
        raise
    logger.info(
        "fixity check %s: %s files, %s bytes, %s problems (%s new), %s closed",
        run.pk,
        run.checked,
        run.bytes_read,
        run.problems,
        run.new_problems,
        run.closed_problems,
    )
    return run


def _read_everything(run: FixityCheck) -> tuple[dict[int, Finding], list[tuple[int, str, int]]]:
    findings: dict[int, Finding] = {}
    baselines: list[tuple[int, str, int]] = []  # (component, sha256, size) for files never checksummed
    components = FileComponent.objects.order_by("pk").values_list("pk", "file", "sha256")
    for pk, name, expected in components.iterator(chunk_size=2000):
        run.checked += 1
        try:
            found, size = digest(name)
        except FileNotFoundError:
            findings[pk] = Finding(FixityProblem.Kind.MISSING, expected)
            continue
        except OSError as error:
            detail = (error.strerror or type(error).__name__)[:200]
            findings[pk] = Finding(FixityProblem.Kind.UNREADABLE, expected, detail=detail)
            continue
        run.bytes_read += size
        if not expected:
            # Gone when checksums were first taken (migration 0008) and back now, e.g. restored from a backup:
            # these bytes become the reference, and the problem recorded then is closed below.
            baselines.append((pk, found, size))
        elif found != expected:
            findings[pk] = Finding(FixityProblem.Kind.MISMATCH, expected, found, size)
    return findings, baselines


def _record(run: FixityCheck, findings: dict[int, Finding], baselines: list[tuple[int, str, int]]) -> None:
    for pk, sha256, size in baselines:
        FileComponent.objects.filter(pk=pk, sha256="").update(sha256=sha256, size=size)
    open_problems = {p.component_id: p for p in FixityProblem.objects.select_for_update().filter(closed_by=None)}
    seen, closed, new = [], [], []
    for component_id, problem in open_problems.items():
        finding = findings.get(component_id)
        if finding is not None and finding.same_as(problem):
            seen.append(problem.pk)
        elif problem.found_by_id < run.pk:
            # Whole again, or changed once more. (A problem opened meanwhile by a run that began after this one
            # may have been found after this run read the file: the next run judges it.)
            closed.append(problem.pk)
    for component_id, finding in findings.items():
        problem = open_problems.get(component_id)
        if problem is None or problem.pk in closed:
            new.append(
                FixityProblem(
                    component_id=component_id,
                    kind=finding.kind,
                    expected_sha256=finding.expected,
                    found_sha256=finding.found,
                    found_size=finding.size,
                    detail=finding.detail,
                    found_by=run,
                    last_seen_by=run,
                )
            )
    FixityProblem.objects.filter(pk__in=seen).update(last_seen_by=run)
    run.closed_problems = FixityProblem.objects.filter(pk__in=closed).update(closed_by=run)
    # Two runs at once may open the same problem: the unique constraint keeps the first, the other is dropped.
    FixityProblem.objects.bulk_create(new, ignore_conflicts=True)
    run.new_problems = FixityProblem.objects.filter(found_by=run).count()
    _report()
    run.baselined = len(baselines)
    run.mismatched = sum(f.kind == FixityProblem.Kind.MISMATCH for f in findings.values())
    run.missing = sum(f.kind == FixityProblem.Kind.MISSING for f in findings.values())
    run.unreadable = sum(f.kind == FixityProblem.Kind.UNREADABLE for f in findings.values())
    run.finished_at = timezone.now()
    run.save()


def _report() -> None:
    """Tell the archivist and the 收发秘书 about every open problem nobody has been told of yet — found by
    this run, or recorded by the checksum migration — in one notification; mark them told [33]."""
    unreported = list(
        FixityProblem.objects.select_for_update(of=("self",))
        .filter(closed_by=None, reported_at=None)
        .select_related("component__item")
        .order_by("component__item__archive_code", "component_id")
    )
    if not unreported:
        return
    lines = [_line(problem) for problem in unreported[:NOTIFY_AT_MOST]]
    if len(unreported) > NOTIFY_AT_MOST:
        lines.append(f"……另有 {len(unreported) - NOTIFY_AT_MOST} 项，见“完整性检查”页面。")
    lines.append("请核对存储，并从备份中恢复这些文件 [第三十三条]。")
    recipients = [*users_with_role(Role.ARCHIVIST), *users_with_role(Role.REGISTRY_CLERK)]
    notify(
        recipients,
        title=f"档案完整性检查：{len(unreported)} 个归档文件有问题",
        body="\n".join(lines),
        url=reverse("records:fixity"),
        kind="records.fixity",
    )
    FixityProblem.objects.filter(pk__in=[p.pk for p in unreported]).update(reported_at=timezone.now())


def item_label(item: FileItem) -> str:
    """How others read about a 件: its 档号 and title — for a classified one its 档号 and level only [32]."""
    if item.secret_level > SecretLevel.NONE:
        return f"{item.archive_code}（{SecretLevel(item.secret_level).label}件）"
    return f"{item.archive_code} {item.title}"


def _line(problem: FixityProblem) -> str:
    # The part's kind (批阅单, 原件扫描件 …), not its file name, which may carry a classified title.
    return f"{item_label(problem.component.item)} · {problem.component.kind}：{problem.get_kind_display()}"
