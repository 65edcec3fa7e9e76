"""Data migrations are frozen snapshots: historical models and their own copy of the data, never live code.

A migration that imports the project's current code breaks the day that code changes, for every database
still to be migrated. (``manage.py makemigrations --check`` in .ci/run catches a model change without its
migration.)
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def _project_apps():
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and "site-packages" not in Path(config.path).parts
    ]


def _data_migrations():
    for config in _project_apps():
        for path in sorted((Path(config.path) / "migrations").glob("[0-9]*.py")):
            if "RunPython" in path.read_text(encoding="utf-8"):
                yield path


def test_data_migrations_import_no_project_code():
    project = {config.name.split(".")[0] for config in _project_apps()}
    found = list(_data_migrations())
    assert found, "expected the records and outgoing data migrations"
    offenders = []
    for path in found:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.ImportFrom):
                names = [f".{node.module or ''}"]  # relative: the app's own code
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            offenders += [
                f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"
                for name in names
                if name.startswith(".") or name.split(".")[0] in project
            ]
    assert not offenders, "use apps.get_model and inline data:\n" + "\n".join(offenders)


def _schedule():
    from documents.records.models import ArchiveClass, RetentionRule

    return (
        sorted(ArchiveClass.objects.values_list("code", "name", "sort_order")),
        sorted(RetentionRule.objects.values_list("kind", "retention", "archive_class__code", "priority")),
    )


def _empty_schedule():
    from documents.records.models import ArchiveClass, RetentionRule

    RetentionRule.objects.all().delete()
    ArchiveClass.objects.all().delete()


@pytest.mark.django_db
def test_the_default_schedule_migration_holds_todays_defaults():
    """[33] The retention schedule the migration seeds is the one ``ensure_default_schedule`` makes today.
    When the defaults change, add a data migration for the databases already migrated, then this passes again."""
    from documents.records.defaults import ensure_default_schedule

    frozen = importlib.import_module("documents.records.migrations.0002_default_schedule")
    _empty_schedule()
    frozen.create(apps, schema_editor=None)
    seeded = _schedule()
    _empty_schedule()
    ensure_default_schedule()
    assert _schedule() == seeded
