"""`make run` is safe to leave running on an office PC (issue 10): debug off, static files as in production,
a secret key of its own — with SQLite and in-process Celery tasks still the defaults."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

PROBE = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'storage': s.STORAGES['staticfiles']['BACKEND'], 'finders': s.WHITENOISE_USE_FINDERS,"
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'engine': s.DATABASES['default']['ENGINE'], 'key': s.SECRET_KEY}))"
)


def _run_target() -> str:
    return re.search(r"^run:.*?(?=^\S)", MAKEFILE, re.MULTILINE | re.DOTALL).group(0)


def _settings_under(env_overrides: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))}
    env.pop("SECRET_KEY", None)
    env.update(env_overrides)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_make_run_serves_with_debug_off_collected_static_files_and_its_own_secret_key():
    """Issue 10: no DJANGO_DEBUG=1 (Django's English debug 404 listed every URL pattern); collectstatic before
    the server; a key generated once into var/secret_key rather than the public development key."""
    target = _run_target()
    assert "DJANGO_DEBUG=1" not in MAKEFILE
    assert "$(RUN_ENV) $(PY) manage.py runserver" in target
    assert "collectstatic --noinput" in target
    assert re.search(r'^RUN_ENV = DJANGO_DEBUG=0 SECRET_KEY="\$\$\(cat \$\(SECRET_KEY_FILE\)\)"$', MAKEFILE, re.M)
    assert "$(SECRET_KEY_FILE)" in target.splitlines()[0]
    assert "secrets.token_urlsafe" in MAKEFILE


def test_debug_off_outside_production_serves_static_files_like_production():
    """Issue 10 / issue 14: hashed names (a year's max-age in WhiteNoise) and compressed copies, from the
    collected folder; the embedded SQLite database and eager Celery tasks stay."""
    embedded = _settings_under({"DJANGO_DEBUG": "0", "SECRET_KEY": "k" * 50})
    assert embedded["debug"] is False
    assert embedded["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert embedded["finders"] is False
    assert embedded["eager"] is True and embedded["engine"] == "django.db.backends.sqlite3"
    developer = _settings_under({})
    assert developer["debug"] is True and developer["finders"] is True
    assert developer["storage"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
