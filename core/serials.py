"""Gapless, unique numbering under concurrency (收文流水号 [26(1)], 发文字号 [30(5)], 件号 [33])."""

from __future__ import annotations

from django.db import transaction

from .models import SerialCounter


def next_serial(scope: str, year: int) -> int:
    """Take the next number of ``scope`` in ``year``. Must run inside the transaction that uses it.

    The counter row is created if missing (ignoring a concurrent creator), then locked: a second caller
    waits until the first commits or rolls back, so no number is skipped or given twice.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_serial must run inside the transaction that stores the number")
    SerialCounter.objects.bulk_create([SerialCounter(scope=scope, year=year)], ignore_conflicts=True)
    counter = SerialCounter.objects.select_for_update().get(scope=scope, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
