"""Demo data of the records chapter: the starting archive classes and retention schedule [33]."""

from __future__ import annotations

from .defaults import ensure_default_schedule


def build_demo_records(users) -> None:
    """The default schedule (also made by the data migration; a flushed database has lost it). Idempotent."""
    ensure_default_schedule()
