"""The lock files are in step with pyproject.toml: every dependency pinned, at a version it allows.

``make`` installs requirements/dev.lock and the Dockerfile requirements/prod.lock; a dependency added to
pyproject.toml without ``make lock`` would be missing from both, so this says so before an ImportError does.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins(name: str) -> dict[str, str]:
    lines = (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    return {canonicalize_name(m[1]): m[2] for m in map(PIN.match, lines) if m}


def _wanted() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(r) for r in project["dependencies"]]
    dev = [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    return runtime, dev


def _unmet(requirements: list[Requirement], pins: dict[str, str]) -> list[str]:
    unmet = []
    for requirement in requirements:
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{requirement} (locked: {version or 'missing'})")
    return unmet


def test_dev_lock_pins_every_dependency_and_the_dev_extra():
    runtime, dev = _wanted()
    unmet = _unmet(runtime + dev, _pins("dev.lock"))
    assert not unmet, "run `make lock`: " + ", ".join(unmet)


def test_prod_lock_pins_the_runtime_dependencies_only_at_the_dev_locks_versions():
    runtime, dev = _wanted()
    prod, dev_pins = _pins("prod.lock"), _pins("dev.lock")
    unmet = _unmet(runtime, prod)
    assert not unmet, "run `make lock`: " + ", ".join(unmet)
    assert not {canonicalize_name(r.name) for r in dev} & prod.keys(), "dev tools in the production image"
    assert {name: dev_pins.get(name) for name in prod} == prod, "run `make lock`: the two locks disagree"
