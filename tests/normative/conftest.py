"""Normative-document tests run on a known day: Monday 16 November 2026, 09:00 office time [13]."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # An outgoing document's files in a test go to its own folder, never to the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"
