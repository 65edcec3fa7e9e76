"""The state machine, read from the model itself so the page and the docs cannot drift from the code."""

from __future__ import annotations

from dataclasses import dataclass

from .models import IncomingDocument, State

MAIN_PATH = [State.REGISTERED, State.CIRCULATING, State.HANDLING, State.DONE, State.RETURNED, State.FILED]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    name: str
    label: str
    article: str


def transitions() -> list[Edge]:
    field = IncomingDocument._meta.get_field("state")
    labels = dict(State.choices)
    edges = [
        Edge(
            labels.get(t.source, t.source),
            labels.get(t.target, t.target),
            t.name,
            t.custom.get("label", t.name),
            t.custom.get("article", ""),
        )
        for t in field.get_all_transitions(IncomingDocument)
    ]
    # Creation is a service, not a transition: registration is the only way in [29(1)].
    edges.insert(0, Edge("（收到来文）", labels[State.REGISTERED], "incoming_register", "签收登记", "[26(1)]"))
    edges.insert(1, Edge("（收到来文）", labels[State.HANDED_OUT], "incoming_hand_out", "直接分发（阅件）", "[28(2)1]"))
    return edges


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
    for edge in transitions():
        source = "[*]" if edge.source.startswith("（") else edge.source
        lines.append(f"    {source} --> {edge.target}: {edge.label} {edge.article}")
    return "\n".join(lines) + "\n"
