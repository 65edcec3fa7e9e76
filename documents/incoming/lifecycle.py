"""The state machine, read from the model itself so the page and the docs cannot drift from the code."""

from __future__ import annotations

from dataclasses import dataclass

from .models import IncomingDocument, State

MAIN_PATH = [State.REGISTERED, State.CIRCULATING, State.HANDLING, State.DONE, State.RETURNED, State.FILED]


@dataclass(frozen=True)
class Edge:
    source_code: str
    target_code: str
    name: str
    label: str
    article: str

    @property
    def source(self) -> str:
        return dict(State.choices).get(self.source_code, "（收到来文）")

    @property
    def target(self) -> str:
        return dict(State.choices)[self.target_code]


def transitions() -> list[Edge]:
    """Every transition of the state machine, in the order of the states they leave."""
    field = IncomingDocument._meta.get_field("state")
    order = {code: i for i, code in enumerate(State.values)}
    edges = sorted(
        (
            Edge(t.source, t.target, t.name, t.custom.get("label", t.name), t.custom.get("article", ""))
            for t in field.get_all_transitions(IncomingDocument)
        ),
        key=lambda e: (order[e.source_code], order[e.target_code], e.name),
    )
    # Creation is a service, not a transition: registration is the only way in [29(1)].
    return [
        Edge("", State.REGISTERED, "incoming_register", "签收登记", "[26(1)]"),
        Edge("", State.HANDED_OUT, "incoming_hand_out", "直接分发（阅件）", "[28(2)1]"),
        *edges,
    ]


def steps_for(doc: IncomingDocument) -> list[dict]:
    """The main path with this document's place on it: done, current or still ahead."""
    path = [s for s in MAIN_PATH if not (s == State.HANDLING and doc.category == "read")]
    if doc.state not in path:
        return [{"label": doc.get_state_display(), "status": "current"}]
    index = path.index(doc.state)
    return [
        {"label": s.label, "status": "done" if i < index else "current" if i == index else "ahead"}
        for i, s in enumerate(path)
    ]


def mermaid() -> str:
    """The diagram in docs/incoming-lifecycle.md (a test keeps the file in step with the code)."""
    lines = ["stateDiagram-v2"]
    lines += [f'    state "{label}" as {code}' for code, label in State.choices]
    for edge in transitions():
        lines.append(f"    {edge.source_code or '[*]'} --> {edge.target_code}: {edge.label} {edge.article}")
    return "\n".join(lines) + "\n"
