"""Every registered lifecycle: its docs file is generated from the code, and its page lists every transition."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import lifecycle

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_chapter_with_a_state_machine_registers_its_lifecycle():
    assert {"incoming", "outgoing"} <= {item.key for item in lifecycle.all_lifecycles()}


def test_every_registered_lifecycle_has_its_docs_file_checked_here():
    """A new lifecycle's docs file is generated and kept in step like the others (the list below)."""
    checked = set(test_lifecycle_doc_is_in_step_with_the_code.pytestmark[0].args[1])
    assert {item.key for item in lifecycle.all_lifecycles()} <= checked


@pytest.mark.parametrize(
    "key",
    [
        "incoming",
        "outgoing",
        "leave",
        "meetings",
        "meeting-topics",
        "meeting-minutes",
        "meeting-decisions",
        "duty-rosters",
        "duty-swaps",
        "duty-handovers",
        "duty-reports",
        "supervision",
        "petitions",
        "information",
        "disclosure",
        "disclosure-inspections",
        "disclosure-assessments",
        # 第二章's standing duties (issue 22)
        "seals",
        "seal-requests",
        "seal-applications",
        "normative",
        "normative-cleanups",
        "coordination",
        "research",
        "research-drafting",
        "reception",
        "legal",
        "legal-licensing",
    ],
)
def test_lifecycle_doc_is_in_step_with_the_code(key):
    expected = lifecycle.get(key).document()
    written = (DOCS / f"{key}-lifecycle.md").read_text()
    assert written == expected, f"regenerate with: python manage.py lifecycle {key} > docs/{key}-lifecycle.md"


def test_every_transition_carries_its_label_and_article():
    for item in lifecycle.all_lifecycles():
        for edge in item.transitions():
            assert edge.label != edge.name, f"{item.key}.{edge.name} has no Chinese label"
            assert edge.article.startswith("["), f"{item.key}.{edge.name} cites no article"


def test_command_lists_and_prints(capsys):
    call_command("lifecycle")
    assert "outgoing\t发文办理流程" in capsys.readouterr().out
    call_command("lifecycle", "outgoing")
    assert "signing --> checking: 签发 [30(3)]" in capsys.readouterr().out


def test_outgoing_lifecycle_page_lists_every_transition(client_as):
    """发文办理流程 [30]: the page is the state machine, step by step, with its articles."""
    html = client_as("fuzhuren").get(reverse("outgoing:lifecycle")).content.decode()
    for edge in lifecycle.get("outgoing").transitions():
        assert edge.label in html and edge.article in html
