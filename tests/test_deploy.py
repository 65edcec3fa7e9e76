"""Production settings pass Django's deployment check; docker-compose.yml is valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import requires

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **os.environ,
        "DJANGO_PRODUCTION": "1",
        "SECRET_KEY": "x7!kq9-long-random-production-secret-for-the-check-" + "z" * 30,
        "ALLOWED_HOSTS": "office.zaduo.local",
        "DATABASE_URL": "sqlite:////tmp/zaduo-deploy-check.sqlite3",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_PRODUCTION": "1", "ALLOWED_HOSTS": "x"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@requires.docker_compose
def test_docker_compose_file_is_valid():
    result = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SECRET_KEY": "compose-check"},
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        ["docker-compose", "config", "--services"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SECRET_KEY": "compose-check"},
    ).stdout.split()
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
