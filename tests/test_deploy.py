"""Production settings pass Django's deployment check; docker-compose.yml is valid; production refuses to start
without its secrets — SECRET_KEY, and the keys that encrypt petitioners' personal data [47]–[50]."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import requires

ROOT = Path(__file__).resolve().parent.parent
# Stand-ins for the production environment: a valid Fernet key (32 bytes, URL-safe base64) and a long index key.
PII_KEY = "x7kq9VbT3m0Zr5YcW2nP8sLd4hJfG6aE1uKoQyRtBvI="
INDEX_KEY = "index-key-for-the-deployment-check-" + "i" * 20
PRODUCTION = {
    "DJANGO_PRODUCTION": "1",
    "SECRET_KEY": "x7!kq9-long-random-production-secret-for-the-check-" + "z" * 30,
    "PETITIONS_PII_KEYS": PII_KEY,
    "PETITIONS_INDEX_KEY": INDEX_KEY,
    "ALLOWED_HOSTS": "office.zaduo.local",
    "DATABASE_URL": "sqlite:////tmp/zaduo-deploy-check.sqlite3",
}
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    env = dict(env)
    env.pop("DJANGO_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**os.environ, **PRODUCTION})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, **PRODUCTION}
    env.pop("SECRET_KEY")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("missing", ["PETITIONS_PII_KEYS", "PETITIONS_INDEX_KEY"])
def test_production_refuses_to_start_without_the_petitions_keys(missing):
    """[47]–[50]: without its own keys production would derive them from SECRET_KEY — refused, never guessed."""
    env = {**os.environ, **PRODUCTION}
    env.pop(missing)
    result = manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr and "docs/petitions-keys.md" in result.stderr


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("PETITIONS_PII_KEYS", "not-a-fernet-key", "无效的密钥"),
        ("PETITIONS_PII_KEYS", f"{PII_KEY},short", "无效的密钥"),  # the second (older) key is checked too
        ("PETITIONS_INDEX_KEY", "short", "32"),
    ],
)
def test_production_refuses_a_malformed_petitions_key_at_start_not_at_the_first_registration(setting, value, message):
    result = manage("check", env={**os.environ, **PRODUCTION, setting: value})
    assert result.returncode != 0
    assert setting in result.stderr and message in result.stderr


def test_the_images_build_only_values_pass_the_production_checks():
    """The Dockerfile runs collectstatic under production settings with stand-in values: they must be accepted."""
    (build_step,) = re.findall(r"^RUN SECRET_KEY=.*?collectstatic --noinput$", DOCKERFILE, re.M | re.S)
    values = dict(re.findall(r"(SECRET_KEY|PETITIONS_PII_KEYS|PETITIONS_INDEX_KEY)=(\S+)", build_step))
    assert set(values) == {"SECRET_KEY", "PETITIONS_PII_KEYS", "PETITIONS_INDEX_KEY"}
    env = {**os.environ, "DJANGO_PRODUCTION": "1", "DATABASE_URL": PRODUCTION["DATABASE_URL"], **values}
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


COMPOSE_ENV = {"SECRET_KEY": "compose-check", "PETITIONS_PII_KEYS": PII_KEY, "PETITIONS_INDEX_KEY": INDEX_KEY}


def compose(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["docker-compose", *args], cwd=ROOT, capture_output=True, text=True, check=False, env=env)


@requires.docker_compose
def test_docker_compose_file_is_valid():
    result = compose("config", "-q", env={**os.environ, **COMPOSE_ENV})
    assert result.returncode == 0, result.stderr
    services = compose("config", "--services", env={**os.environ, **COMPOSE_ENV}).stdout.split()
    assert set(services) == {"db", "redis", "web", "worker", "beat"}


@requires.docker_compose
@pytest.mark.parametrize("missing", ["SECRET_KEY", "PETITIONS_PII_KEYS", "PETITIONS_INDEX_KEY"])
def test_docker_compose_refuses_to_start_without_each_secret(missing):
    env = {k: v for k, v in {**os.environ, **COMPOSE_ENV}.items() if k != missing}
    result = compose("config", "-q", env=env)
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr
