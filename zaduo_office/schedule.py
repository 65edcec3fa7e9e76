"""The periodic-task schedule, defined in code so it is reviewed like code.

Each entry names the regulation article whose time limit it watches. Times are read from settings so an
installation can move them without a code change: ``settings.py`` calls ``build_beat_schedule(globals())``
once its values are set. Exactly one beat runs (docker-compose.yml); a task it sends while no worker
listens expires rather than piling up, because the next run covers the same ground.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from celery.schedules import crontab


def build_beat_schedule(conf: Mapping) -> dict[str, dict]:
    every = timedelta(minutes=conf["DEADLINES_SCAN_EVERY_MINUTES"])
    digest_hour, _, digest_minute = conf["DEADLINES_DIGEST_AT"].partition(":")
    fixity_hour, _, fixity_minute = conf.get("RECORDS_FIXITY_CHECK_AT", "03:30").partition(":")
    backup_hour, _, backup_minute = conf.get("BACKUP_AT", "02:30").partition(":")
    return {
        # 到期提醒、逾期提醒: [26(1)], [26(6)5], [26(6)7], [28(1)], [31], [33] — every registered deadline source.
        "deadlines-scan": {
            "task": "deadlines.scan",
            "schedule": every,
            "options": {"expires": every.total_seconds()},
        },
        # 每日逾期汇总 for 催办 [26(4)]; the task itself skips days off.
        "deadlines-digest": {
            "task": "deadlines.digest",
            "schedule": crontab(hour=int(digest_hour), minute=int(digest_minute or 0)),
            "options": {"expires": 6 * 60 * 60},
        },
        # 外出中 when an approved absence begins [54]; the board and routing read the dates: a late run harms nothing.
        "leave-start-due": {
            "task": "leave.start_due",
            "schedule": every,
            "options": {"expires": every.total_seconds()},
        },
        # E-mails of notifications left pending (a lost retry, a worker that died, the broker away).
        "emails-resend": {
            "task": "core.resend_emails",
            "schedule": timedelta(minutes=conf.get("EMAIL_RESEND_EVERY_MINUTES", 5)),
            "options": {"expires": 60 * conf.get("EMAIL_RESEND_EVERY_MINUTES", 5)},
        },
        # 完整性检查 of every filed file [33], on the 1st of each month at night (RECORDS_FIXITY_CHECK_AT).
        "records-fixity-check": {
            "task": "records.fixity_check",
            "schedule": crontab(day_of_month="1", hour=int(fixity_hour), minute=int(fixity_minute or 0)),
            "options": {"expires": 20 * 60 * 60},
        },
        # The nightly backup of the database and the uploaded files, then rotation (ops/backup.py).
        "ops-backup": {
            "task": "ops.backup",
            "schedule": crontab(hour=int(backup_hour), minute=int(backup_minute or 0)),
            "options": {"expires": 6 * 60 * 60},
        },
        # The worker's heartbeat for /healthz: a minute-old one expires unsent, so a busy worker shows as stale.
        "ops-heartbeat": {
            "task": "ops.heartbeat",
            "schedule": timedelta(minutes=1),
            "options": {"expires": 55},
        },
    }
