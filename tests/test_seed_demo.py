"""``seed_demo`` builds the demo office, whose every password is published in the README: under production
settings it refuses, with a Chinese message and a non-zero exit, and creates nobody."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_settings_and_creates_nobody(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", stdout=StringIO())
    assert "生产环境" in str(refused.value) and "密码是公开的" in str(refused.value)
    assert not get_user_model().objects.exists()


def test_seed_demo_exits_non_zero_with_a_chinese_message_on_a_production_server(tmp_path):
    env = {
        **os.environ,
        "DJANGO_PRODUCTION": "1",
        "SECRET_KEY": "a-production-secret-for-this-test-only-" + "q" * 20,
        "PETITIONS_PII_KEYS": "x7kq9VbT3m0Zr5YcW2nP8sLd4hJfG6aE1uKoQyRtBvI=",  # production requires them [47]–[50]
        "PETITIONS_INDEX_KEY": "index-key-for-this-test-only-" + "i" * 20,
        "ALLOWED_HOSTS": "office.zaduo.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "生产环境（DJANGO_PRODUCTION=1）不能建立演示数据" in result.stderr
    assert "Traceback" not in result.stderr and "zaduo-demo" not in result.stdout + result.stderr
