"""The layers import downwards only: org → core → deadlines → chapters (issue 9).

A lower layer that imported a chapter app would have to change with every new chapter; chapters plug in
through the registries instead (``core.navigation``, ``core.workqueue``, ``core.demo``, ``deadlines.registry``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Packages of each layer, lowest first; anything not named here (Django, libraries) is below them all.
# ops (backups, health, the beat lock) is below org: it handles the database and files whatever they hold.
# The chapters (documents, leave …) share the top layer.
CHAPTER = 3
LAYERS = {
    "ops": -1,
    "org": 0,
    "core": 1,
    "deadlines": 2,
    "documents": CHAPTER,
    "leave": CHAPTER,
    "meetings": CHAPTER,
    "supervision": CHAPTER,
    "duty": CHAPTER,
    "petitions": CHAPTER,
    "information": CHAPTER,
    "disclosure": CHAPTER,
    "seals": CHAPTER,
    "normative": CHAPTER,
    "legal": CHAPTER,
    "coordination": CHAPTER,
    "research": CHAPTER,
    "reception": CHAPTER,
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", [p for p in LAYERS if LAYERS[p] < CHAPTER])
def test_no_lower_layer_imports_a_higher_one(package):
    own = LAYERS[package]
    upward = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if LAYERS.get(name.split(".")[0], -1) > own
    )
    assert not upward, f"{package} imports a higher layer:\n" + "\n".join(upward)
