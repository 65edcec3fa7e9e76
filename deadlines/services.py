"""The deadline engine: scan every registered source, record each reminder once, deliver it; the digest.

A scan looks at the due moments between the last successful scan (less an overlap) and the furthest
moment a warning may already be due, so after an outage it catches up and in steady state it reads only
a narrow, indexed window. For each deadline it decides the stage — a warning whose moment has come, or
overdue — and who is told. The reminders are *recorded first* (``INSERT … ON CONFLICT DO NOTHING
RETURNING id``); only the rows this scan inserted are delivered, so two scans, two workers or a task run
twice never tell anyone twice. Delivery locks each row, drops it if the item was finished meanwhile, and
writes the in-app notification in the same transaction that marks the row sent (e-mail on commit).
"""

from __future__ import annotations

import bisect
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core import background, notifications
from org.models import BusinessLine
from org.roles import Role
from org.selectors import line_in_charge, secretarial_deputy, users_with_role

from . import registry
from .calendar import start_of_day
from .models import ABANDONED, Reminder, ScanRun, Stage
from .registry import Deadline, DeadlineSource, ScanContext
from .selectors import board_user_ids

logger = logging.getLogger(__name__)
User = get_user_model()

DIGEST_RULE = "deadlines.digest"
DIGEST_ARTICLE = "[26(4)]"  # 催办、查办……直至办结
BATCH = 500
# A reminder recorded but not delivered after this long (broker away, worker lost) is sent by the next scan.
STRANDED_AFTER = timedelta(minutes=10)
# The tasks' hard time limits (deadlines/tasks.py): a worker kills a run that takes longer.
SCAN_TIME_LIMIT = 300
DIGEST_TIME_LIMIT = 600
# A run still unfinished this long after it started can no longer be running (the time limit killed it,
# or its worker died): the next run of its kind marks it abandoned. A younger one may be another
# worker's, running now.
ABANDONED_AFTER = {
    ScanRun.Kind.SCAN: timedelta(seconds=SCAN_TIME_LIMIT + 60),
    ScanRun.Kind.DIGEST: timedelta(seconds=DIGEST_TIME_LIMIT + 60),
}


# --- who is told --------------------------------------------------------------------------------------------


class Audience:
    """Who hears of a deadline: the people who must act and the 收发秘书 (who chases [26(4)]); once it is
    overdue also the 分管 office leader — the line's 分管副主任, else the 分管文秘副主任. Looked up once per scan."""

    _UNSET = object()

    def __init__(self) -> None:
        self._clerks: list[int] | None = None
        self._leaders: dict[int | None, int | None] = {}
        self._secretarial = self._UNSET

    @property
    def clerks(self) -> list[int]:
        if self._clerks is None:
            self._clerks = list(users_with_role(Role.REGISTRY_CLERK).values_list("pk", flat=True))
        return self._clerks

    def leader(self, line_id: int | None) -> int | None:
        if line_id not in self._leaders:
            leader = None
            if line_id is not None:
                line = BusinessLine.objects.select_related("deputy_director").filter(pk=line_id).first()
                if line is not None:
                    deputy = line_in_charge(line).deputy_director
                    leader = deputy if deputy is not None and deputy.is_active else None
            if leader is None:
                if self._secretarial is self._UNSET:
                    self._secretarial = secretarial_deputy()
                leader = self._secretarial
            self._leaders[line_id] = leader.pk if leader is not None else None
        return self._leaders[line_id]

    def of(self, source: DeadlineSource, deadline: Deadline, stage: str) -> list[int]:
        ids = list(deadline.actor_ids)
        if source.notify_clerk:
            ids += self.clerks
        if stage in (Stage.OVERDUE, Stage.DIGEST):
            ids.append(self.leader(deadline.line_id))
        seen: dict[int, None] = {}
        for pk in ids:
            if pk is not None:
                seen.setdefault(pk, None)
        return list(seen)


def _active(user_ids: Iterable[int]) -> set[int]:
    ids = set(user_ids)
    return set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)) if ids else set()


# --- what is said --------------------------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


def stage_for(deadline: Deadline, now: datetime) -> tuple[str, str] | None:
    """(stage, step) due at ``now``: overdue once the due moment has passed, else the latest warning whose
    moment has come (after an outage only the latest, not every one missed), else nothing."""
    if deadline.due_at <= now:
        return Stage.OVERDUE, ""
    passed = [w for w in deadline.warnings if w.at <= now]
    if passed:
        return Stage.WARNING, max(passed, key=lambda w: w.at).step
    return None


def message(source: DeadlineSource, deadline: Deadline, stage: str) -> tuple[str, str]:
    lines = [deadline.title, f"期限：{_when(deadline.due_at)}（{source.rule_text} {source.article}）"]
    if deadline.who:
        lines.append(f"在办：{deadline.who}")
    if deadline.detail:
        lines.append(deadline.detail)
    if stage == Stage.OVERDUE:
        title = f"已逾期：{deadline.title}"
        lines.append("该事项已超过期限，请尽快办理；收发秘书按规定催办、查办 [26(4)]。")
    else:
        title = f"即将到期：{deadline.title}"
        lines.append("请在期限前办理完毕。")
    return title[:200], "\n".join(lines)


# --- recording, exactly once ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    rule: str
    article: str
    item_type: str
    item_id: int
    due_at: datetime
    stage: str
    step: str
    recipient_id: int
    title: str
    body: str
    url: str

    @property
    def key(self) -> tuple:
        return (self.rule, self.item_id, self.due_at, self.stage, self.step, self.recipient_id)


_COLUMNS = (
    "rule",
    "article",
    "item_type",
    "item_id",
    "due_at",
    "stage",
    "step",
    "recipient",
    "title",
    "body",
    "url",
    "created_at",
    "status",
)


def _insert_new(rows: list[Row], now: datetime) -> list[int]:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id``: the ids of the rows *this* call inserted. A row that
    exists — or that a concurrent scan is inserting — is skipped (PostgreSQL waits for the other
    transaction and then skips). Rows go in key order so two scans never wait on each other in a cycle."""
    if not rows:
        return []
    fields = [Reminder._meta.get_field(name) for name in _COLUMNS]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(Reminder._meta.db_table)
    ids: list[int] = []
    ordered = sorted(rows, key=lambda r: (r.rule, r.item_id, r.due_at, r.stage, r.step, r.recipient_id))
    for start in range(0, len(ordered), 200):
        chunk = ordered[start : start + 200]
        params: list = []
        for row in chunk:
            values = {**row.__dict__, "recipient": row.recipient_id, "created_at": now, "status": "pending"}
            params += [f.get_db_prep_save(values[f.name], connection) for f in fields]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(chunk))
        sql = f"INSERT INTO {table} ({columns}) VALUES {placeholders} ON CONFLICT DO NOTHING RETURNING {quote('id')}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _already_recorded(rule: str, item_ids: list[int], stages: set[str]) -> set[tuple]:
    """Keys recorded before, read in one indexed query (the unique constraint's index), so a scan does not
    even try to insert what is known to exist."""
    if not item_ids:
        return set()
    return set(
        Reminder.objects.filter(rule=rule, item_id__in=item_ids, stage__in=stages).values_list(
            "rule", "item_id", "due_at", "stage", "step", "recipient_id"
        )
    )


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _plan(source: DeadlineSource, chunk: list[Deadline], now: datetime, audience: Audience) -> list[Row]:
    planned: list[tuple[Deadline, str, str, list[int]]] = []
    for deadline in chunk:
        decided = stage_for(deadline, now)
        if decided is None:
            continue
        stage, step = decided
        planned.append((deadline, stage, step, audience.of(source, deadline, stage)))
    if not planned:
        return []
    active = _active(pk for *_, people in planned for pk in people)
    existing = _already_recorded(source.key, [d.item_id for d, *_ in planned], {stage for _, stage, *_ in planned})
    rows = []
    for deadline, stage, step, people in planned:
        title, body = message(source, deadline, stage)
        for pk in people:
            if pk not in active:
                continue
            row = Row(
                rule=source.key,
                article=source.article,
                item_type=source.item_type,
                item_id=deadline.item_id,
                due_at=deadline.due_at,
                stage=stage,
                step=step,
                recipient_id=pk,
                title=title,
                body=body,
                url=deadline.url,
            )
            if row.key not in existing:
                rows.append(row)
    return rows


def _record(rows: list[Row], now: datetime, deliver: str) -> list[int]:
    """Record in one transaction, then deliver what this call inserted — once it has committed."""
    with transaction.atomic():
        ids = _insert_new(rows, now)
        if ids:
            _dispatch_on_commit(ids, deliver)
    return ids


def _dispatch_on_commit(ids: list[int], deliver: str) -> None:
    from . import tasks

    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        if deliver == "inline":
            transaction.on_commit(lambda chunk=chunk: reminders_deliver(reminder_ids=chunk))
        else:
            background.enqueue_on_commit(tasks.deliver, chunk)


# --- the scan -----------------------------------------------------------------------------------------------


def close_abandoned(kind: str) -> int:
    """Mark the runs of ``kind`` that can no longer be running as abandoned (failed, with the reason): a
    killed scan does not stay "unfinished" forever. One UPDATE; how many were closed."""
    found = timezone.now()
    closed = ScanRun.objects.filter(
        kind=kind, finished_at__isnull=True, started_at__lt=found - ABANDONED_AFTER[kind]
    ).update(
        ok=False,
        finished_at=found,
        error=f"{ABANDONED}：运行中进程被终止，未能完成；下一次运行开始时发现并标记（结束时间为发现时间）。",
    )
    if closed:
        logger.warning("marked %d unfinished %s runs abandoned", closed, kind)
    return closed


def window_start(now: datetime) -> datetime:
    """From the last successful scan, less an overlap (a row committed late is not missed); the first scan
    looks back a little; after a long outage at most ``DEADLINES_MAX_CATCH_UP_DAYS`` — older overdue items
    are left to the daily digest rather than a flood of stale notices."""
    last = (
        ScanRun.objects.filter(kind=ScanRun.Kind.SCAN, ok=True, as_of__lte=now)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    if last is None:
        since = now - timedelta(days=settings.DEADLINES_FIRST_SCAN_LOOKBACK_DAYS)
    else:
        since = last - timedelta(minutes=settings.DEADLINES_SCAN_OVERLAP_MINUTES)
    return max(since, now - timedelta(days=settings.DEADLINES_MAX_CATCH_UP_DAYS))


def deadlines_scan(*, now: datetime | None = None, via: str = "beat", deliver: str = "queue") -> ScanRun:
    """Find every deadline whose warning or due moment has come, record the reminders, deliver them.

    ``deliver="queue"`` hands the new reminders to the ``deadlines.deliver`` task (beat, workers);
    ``"inline"`` delivers them in this process (the management command, cron, no Celery).
    """
    now = now or timezone.now()
    close_abandoned(ScanRun.Kind.SCAN)
    run = ScanRun.objects.create(kind=ScanRun.Kind.SCAN, via=via, as_of=now, started_at=timezone.now())
    try:
        ctx = ScanContext(now=now)
        audience = Audience()
        since = window_start(now)
        run.window_from = since
        for source in registry.sources():
            until = max(source.horizon(ctx), now) + timedelta(microseconds=1)  # horizon inclusive
            for chunk in _batched(source.deadlines(ctx, due_from=since, due_before=until), BATCH):
                run.candidates += len(chunk)
                run.recorded += len(_record(_plan(source, chunk, now, audience), now, deliver))
        _resend_stranded(now, deliver)
        run.ok = True
        return run
    except Exception as exc:
        run.ok = False
        run.error = repr(exc)[:2000]
        raise
    finally:
        run.finished_at = timezone.now()
        _save_quietly(run)


def _resend_stranded(now: datetime, deliver: str) -> None:
    stranded = list(
        Reminder.objects.filter(status=Reminder.Status.PENDING, created_at__lt=now - STRANDED_AFTER)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:5000]
    )
    if stranded:
        logger.info("re-sending %d reminders recorded but not delivered", len(stranded))
        _dispatch_on_commit(stranded, deliver)


def _save_quietly(run: ScanRun) -> None:
    try:
        run.save()
    except Exception:  # the database itself is away: the scan's own error is the one to report
        logger.exception("could not record scan run")


# --- delivery -----------------------------------------------------------------------------------------------


def reminders_deliver(*, reminder_ids: list[int], now: datetime | None = None) -> int:
    """Send recorded reminders that are still pending: each row is locked (a second delivery of the same
    ids waits, then finds it sent — or skips it while locked), re-checked against its source — an item
    finished or deleted since is marked skipped — and the in-app notification is written in the same
    transaction that marks it sent; e-mail follows on commit. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(reminder_ids), status=Reminder.Status.PENDING)
            .select_related("recipient")
            .order_by("rule", "item_id", "stage", "step", "id")
        )
        if not rows:
            return 0
        still_open = _still_open(rows, now)
        groups: dict[tuple, list[Reminder]] = defaultdict(list)
        skipped = []
        for row in rows:
            if row.rule != DIGEST_RULE and still_open.get(row.rule, {}).get(row.item_id) != row.due_at:
                skipped.append(row)
                continue
            groups[(row.rule, row.item_id, row.due_at, row.stage, row.step, row.title, row.body, row.url)].append(row)
        delivered = []
        for (rule, _item, _due, stage, _step, title, body, url), members in groups.items():
            skipped += [m for m in members if not m.recipient.is_active]  # deactivated since it was recorded
            members = [m for m in members if m.recipient.is_active]
            if not members:
                continue
            notes = notifications.notify(
                [m.recipient for m in members], title=title, body=body, url=url, kind=f"deadlines:{rule}:{stage}"[:60]
            )
            by_person = {note.recipient_id: note for note in notes}
            for member in members:
                member.notification = by_person[member.recipient_id]
                delivered.append(member)
        if skipped:
            Reminder.objects.filter(pk__in=[r.pk for r in skipped]).update(
                status=Reminder.Status.SKIPPED, delivered_at=now
            )
        _mark_sent(delivered, now)
        sent = len(delivered)
    return sent


def _mark_sent(rows: list[Reminder], now: datetime) -> None:
    """One ``UPDATE … FROM (VALUES …)`` per 500 rows, linking each reminder to its notification (Django's
    ``bulk_update`` builds a CASE per field and costs a second per 500 rows)."""
    quote = connection.ops.quote_name
    table = quote(Reminder._meta.db_table)
    delivered_at = Reminder._meta.get_field("delivered_at").get_db_prep_save(now, connection)
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        values = ", ".join(["(%s, %s)"] * len(chunk))
        params = []
        for row in chunk:
            params += [row.pk, row.notification.pk if row.notification else None]
        params += [Reminder.Status.SENT, delivered_at]
        sql = (
            f"WITH v (rid, nid) AS (VALUES {values}) "
            f"UPDATE {table} SET {quote('status')} = %s, {quote('delivered_at')} = %s, "
            f"{quote('notification_id')} = CAST(v.nid AS BIGINT) FROM v WHERE {table}.{quote('id')} = v.rid"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _still_open(rows: list[Reminder], now: datetime) -> dict[str, dict[int, datetime]]:
    ctx = ScanContext(now=now, warnings_wanted=False)
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row.rule != DIGEST_RULE:
            wanted[row.rule].add(row.item_id)
    found = {}
    for rule, item_ids in wanted.items():
        source = registry.get(rule)
        found[rule] = source.still_open(ctx, sorted(item_ids)) if source is not None else {}
    return found


# --- the daily digest ----------------------------------------------------------------------------------------


@dataclass
class _Digest:
    count: int = 0
    lines: list[tuple[datetime, str]] = field(default_factory=list)

    def wants(self, due_at: datetime, limit: int) -> bool:
        """Whether a line due at ``due_at`` is among the ``limit`` most overdue so far (earliest due; the first
        offered of equal ones) — asked before the line is written, as most items of a long list are not."""
        return len(self.lines) < limit or due_at < self.lines[-1][0]

    def keep(self, due_at: datetime, line: str, limit: int) -> None:
        bisect.insort(self.lines, (due_at, line), key=lambda pair: pair[0])
        del self.lines[limit:]


def _digest_line(source: DeadlineSource, deadline: Deadline, today) -> str:
    days = (today - timezone.localtime(deadline.due_at).date()).days
    rule = f"{source.label} {source.article}"
    return f"· {deadline.title}（{rule}，期限{_when(deadline.due_at)}，已逾期{days}天）"


def _walk(source, ctx, cutoff, told_today, audience, digests, limit) -> int:
    """The digest of a source without ``overdue_groups``: every overdue item, one by one."""
    seen = 0
    for deadline in source.deadlines(ctx, due_from=None, due_before=cutoff):
        seen += 1
        line = None
        for pk in audience.of(source, deadline, Stage.DIGEST):
            if (source.key, deadline.item_id, pk) not in told_today:
                digest = digests[pk]
                digest.count += 1
                if digest.wants(deadline.due_at, limit):
                    line = line or _digest_line(source, deadline, ctx.today)
                    digest.keep(deadline.due_at, line, limit)
    return seen


def _grouped(source, groups, ctx, cutoff, told, audience, digests, limit) -> int:
    """The digest of a source from its ``overdue_groups``: each group's count goes to everyone who hears of it,
    its nearest items are offered to each of them; an item told today as overdue (``told``: item → the people
    told) is neither counted nor listed for those people, as in ``_walk``."""
    seen = 0
    offers = []
    for group in groups:
        seen += group.count
        probe = Deadline(item_id=0, due_at=cutoff, title="", actor_ids=group.actor_ids, line_id=group.line_id)
        people = audience.of(source, probe, Stage.DIGEST)
        for pk in people:
            digests[pk].count += group.count
        offers += [(deadline, people) for deadline in group.nearest]
    if told:
        # The items told today that are among these: found in the window of their due moments (what today's
        # scans read), each taken off the count of the people who were told of it.
        earliest = min(due for _, due in told.values())
        taken: set[int] = set()
        for deadline in source.deadlines(ctx, due_from=earliest, due_before=cutoff):
            told_to = told.get(deadline.item_id, ((), None))[0]
            if deadline.due_at < cutoff and told_to and deadline.item_id not in taken:
                taken.add(deadline.item_id)  # a source may yield an item twice; it is counted once
                for pk in audience.of(source, deadline, Stage.DIGEST):
                    if pk in told_to:
                        digests[pk].count -= 1
    # As ``_walk`` offers them: due first, then the item (the order of ``deadlines``).
    offers.sort(key=lambda pair: (pair[0].due_at, pair[0].item_id))
    for deadline, people in offers:
        told_to = told.get(deadline.item_id, ((), None))[0]
        line = None
        for pk in people:
            if pk not in told_to and digests[pk].wants(deadline.due_at, limit):
                line = line or _digest_line(source, deadline, ctx.today)
                digests[pk].keep(deadline.due_at, line, limit)
    return seen


def deadlines_digest(*, now: datetime | None = None, via: str = "beat", deliver: str = "queue") -> ScanRun | None:
    """每日逾期汇总: on each working day, one message per person listing what is overdue for them — items
    that fell overdue before today (today's overdue notices are not repeated). Recorded once per person and
    day like any reminder, so a second run the same day sends nothing. None on a day off.

    A source that answers ``overdue_groups`` is counted and its most overdue items picked in SQL (issue 13:
    walking 1.5 million overdue items in Python took 65 s); the others are walked item by item."""
    now = now or timezone.now()
    ctx = ScanContext(now=now, warnings_wanted=False)
    if not ctx.calendar.is_working_day(ctx.today):
        return None
    close_abandoned(ScanRun.Kind.DIGEST)
    run = ScanRun.objects.create(kind=ScanRun.Kind.DIGEST, via=via, as_of=now, started_at=timezone.now())
    try:
        cutoff = start_of_day(ctx.today)
        told_rows = Reminder.objects.filter(stage=Stage.OVERDUE, created_at__gte=cutoff).values_list(
            "rule", "item_id", "recipient_id", "due_at"
        )
        told_today: set[tuple] = set()
        told_by_rule: dict[str, dict[int, tuple[set, datetime]]] = defaultdict(dict)
        for rule, item_id, recipient_id, due_at in told_rows:
            told_today.add((rule, item_id, recipient_id))
            people, earliest = told_by_rule[rule].get(item_id, (set(), due_at))
            people.add(recipient_id)
            told_by_rule[rule][item_id] = (people, min(earliest, due_at))
        limit = settings.DEADLINES_DIGEST_ITEMS
        audience = Audience()
        digests: dict[int, _Digest] = defaultdict(_Digest)
        for source in registry.sources():
            told = told_by_rule.get(source.key, {})
            # Enough of each group's nearest that the told ones can be left out and ``limit`` remain.
            most_told = max(Counter(pk for people, _ in told.values() for pk in people).values(), default=0)
            groups = source.overdue_groups(ctx, due_before=cutoff, nearest=limit + most_told)
            if groups is None:
                run.candidates += _walk(source, ctx, cutoff, told_today, audience, digests, limit)
            else:
                run.candidates += _grouped(source, groups, ctx, cutoff, told, audience, digests, limit)
        active = _active(digests)
        board = board_user_ids()
        board_url = reverse("deadlines:board")
        rows = []
        for pk, digest in digests.items():
            if pk not in active or digest.count <= 0:
                continue
            more = digest.count - len(digest.lines)
            body = "\n".join(
                [f"截至{_when(now)}，以下事项已超过期限：", *(line for _, line in digest.lines)]
                + ([f"……另有 {more} 件，请在“期限提醒”页查看。"] if more > 0 else [])
            )
            rows.append(
                Row(
                    rule=DIGEST_RULE,
                    article=DIGEST_ARTICLE,
                    item_type="deadlines.digest",
                    item_id=int(f"{ctx.today:%Y%m%d}"),
                    due_at=cutoff,
                    stage=Stage.DIGEST,
                    step="",
                    recipient_id=pk,
                    title=f"逾期事项汇总：共 {digest.count} 件（{ctx.today:%m月%d日}）",
                    body=body,
                    url=board_url if pk in board else reverse("core:home"),
                )
            )
        for chunk in _batched(rows, BATCH):
            run.recorded += len(_record(chunk, now, deliver))
        run.ok = True
        return run
    except Exception as exc:
        run.ok = False
        run.error = repr(exc)[:2000]
        raise
    finally:
        run.finished_at = timezone.now()
        _save_quietly(run)
