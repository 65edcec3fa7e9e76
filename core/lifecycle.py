"""A lifecycle read from the model's state machine itself, so the page and the docs cannot drift from the code.

Every chapter with a lifecycle declares one ``Lifecycle`` (its model, the ways in that are services rather
than transitions, and the main path a person follows) and registers it with ``register``; then
``python manage.py lifecycle <key>`` writes ``docs/<key>-lifecycle.md``, a test keeps that file in step,
and ``core/lifecycle.html`` shows the same table on the chapter's page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edge:
    source_code: str
    target_code: str
    name: str
    label: str
    article: str
    source: str  # the states' Chinese names
    target: str


@dataclass(frozen=True)
class Entry:
    """A way in that is a service, not a transition (e.g. 签收登记 [26(1)])."""

    target: str
    name: str
    label: str
    article: str


@dataclass(frozen=True)
class Lifecycle:
    key: str  # docs/<key>-lifecycle.md and the command's argument
    title: str  # 收文办理流程
    articles: str  # 第二十六至二十九条
    model: type
    entries: tuple[Entry, ...] = ()
    main_path: tuple[str, ...] = ()
    start_label: str = "（开始）"
    source_file: str = ""  # where the state machine is written, for the generated file's header

    @property
    def states(self) -> list[tuple[str, str]]:
        return list(self.model._meta.get_field("state").choices)

    def label_of(self, code: str) -> str:
        return dict(self.states).get(code, self.start_label)

    def transitions(self) -> list[Edge]:
        """The ways in, then every transition of the state machine in the order of the states they leave."""
        state = self.model._meta.get_field("state")
        order = {code: i for i, (code, _) in enumerate(self.states)}
        edges = sorted(
            (
                Edge(
                    t.source,
                    t.target,
                    t.name,
                    t.custom.get("label", t.name),
                    t.custom.get("article", ""),
                    self.label_of(t.source),
                    self.label_of(t.target),
                )
                for t in state.get_all_transitions(self.model)
            ),
            key=lambda e: (order.get(e.source_code, -1), order.get(e.target_code, -1), e.name),
        )
        ins = [
            Edge("", e.target, e.name, e.label, e.article, self.start_label, self.label_of(e.target))
            for e in self.entries
        ]
        return [*ins, *edges]

    def steps_for(self, obj, path: tuple[str, ...] | None = None) -> list[dict]:
        """The main path (or ``path``) with this item's place on it: done, current or still ahead."""
        path = tuple(path if path is not None else self.main_path)
        if obj.state not in path:
            return [{"label": obj.get_state_display(), "status": "current"}]
        index = path.index(obj.state)
        return [
            {"label": self.label_of(s), "status": "done" if i < index else "current" if i == index else "ahead"}
            for i, s in enumerate(path)
        ]

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2"]
        lines += [f'    state "{label}" as {code}' for code, label in self.states]
        for edge in self.transitions():
            lines.append(f"    {edge.source_code or '[*]'} --> {edge.target_code}: {edge.label} {edge.article}")
        return "\n".join(lines) + "\n"

    def document(self) -> str:
        """The whole of docs/<key>-lifecycle.md."""
        return (
            f"# {self.title}（{self.articles}）\n\n"
            f"Generated from `{self.source_file}` by `python manage.py lifecycle {self.key}`;\n"
            "a test fails when this file and the code disagree. The same table is on the chapter's lifecycle page.\n\n"
            "```mermaid\n" + self.mermaid() + "```\n"
        )


_LIFECYCLES: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    """Called from the app's ``AppConfig.ready()``."""
    _LIFECYCLES[lifecycle.key] = lifecycle
    return lifecycle


def get(key: str) -> Lifecycle:
    return _LIFECYCLES[key]


def all_lifecycles() -> list[Lifecycle]:
    return list(_LIFECYCLES.values())
