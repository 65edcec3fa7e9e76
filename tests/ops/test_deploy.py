"""What docker-compose.yml and the Dockerfile promise for operations: the backup volume, pg_dump in the image,
a health check per app service, and one beat (ops/beat.py checks it at start)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def service(name: str) -> str:
    """The text of one service of docker-compose.yml (up to the next top-level-indented service)."""
    match = re.search(rf"^  {name}:\n(.*?)(?=^  \w[\w-]*:\n|^\S)", COMPOSE, re.MULTILINE | re.DOTALL)
    assert match, f"no service {name} in docker-compose.yml"
    return match.group(1)


def test_the_image_has_pg_dump_and_a_backup_directory():
    assert "postgresql-client" in DOCKERFILE
    assert "/app/var/backups" in DOCKERFILE


def test_every_app_service_writes_backups_to_a_volume():
    assert "- backups:/app/var/backups" in COMPOSE
    assert re.search(r"^volumes:\n(?:  \w+:\n)*  backups:", COMPOSE, re.MULTILINE)


def test_web_worker_and_beat_each_have_a_health_check():
    assert "/healthz" in service("web")
    assert "inspect ping" in service("worker")
    assert "health" in service("beat") and "--only" in service("beat")


def test_beat_is_one_service_never_scaled():
    assert not re.search(r"^\s+(replicas|scale|deploy):", service("beat"), re.MULTILINE)
    assert re.search(r"Exactly one beat", service("beat"))


def test_secrets_uploads_and_backups_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", "var/", "db.sqlite3", ".venv"} <= set(ignored)
