"""Who writes ``org.Absence`` rows besides the clerk: each chapter that does names its source here.

org sits below the chapters and imports none of them (tests/test_layers.py). A chapter that writes absences
(请销假 writes one for every approved request) registers the ``source`` it stamps on them and the name people
know it by, from its ``AppConfig.ready()``. Such an absence is kept exact by that chapter's services; the admin
shows it read-only and sends people there (org/admin.py).
"""

from __future__ import annotations

MANUAL = "manual"  # recorded by hand in the admin (county leaders' absences [26(6)3])

_labels: dict[str, str] = {}


def register(source: str, label: str) -> None:
    """``source``: the value the chapter writes in ``Absence.source``; ``label``: its Chinese name (请销假)."""
    if source == MANUAL:
        raise ValueError("'manual' is the clerk's own source")
    _labels[source] = label


def written_by_a_chapter(absence) -> bool:
    """Everything not typed in by hand belongs to the chapter that wrote it: only its services change it."""
    return bool(absence is not None and absence.source != MANUAL)


def label_of(source: str) -> str:
    if source == MANUAL:
        return "手工登记"
    return _labels.get(source, source)
