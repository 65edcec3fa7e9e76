"""The two lifecycles of this app as ``core.lifecycle`` reads them: ``docs/research-lifecycle.md`` (调研课题 [4])
and ``docs/research-drafting-lifecycle.md`` (文字综合 [5]) (``manage.py lifecycle <key>``).

Both kinds live in one table with one state field; each lifecycle shows only its kind's states and the
transitions between them."""

from __future__ import annotations

from dataclasses import dataclass

from core.lifecycle import Edge, Entry, Lifecycle, register

from .models import DRAFTING_STATES, RESEARCH_STATES, Kind, State, Task


@dataclass(frozen=True)
class KindLifecycle(Lifecycle):
    """A ``Lifecycle`` restricted to one kind's states."""

    codes: tuple[str, ...] = ()

    @property
    def states(self) -> list[tuple[str, str]]:
        return [(code, label) for code, label in State.choices if code in self.codes]

    def transitions(self) -> list[Edge]:
        return [
            e
            for e in super().transitions()
            if (e.source_code in self.codes or not e.source_code) and e.target_code in self.codes
        ]


LIFECYCLE = register(
    KindLifecycle(
        key="research",
        title="调研课题流程",
        articles="第四条",
        model=Task,
        entries=(Entry(State.ASSIGNED, "create_task", "立项", "[4]"),),
        main_path=(State.ASSIGNED, State.RESEARCHING, State.REPORTED, State.INSTRUCTED, State.CLOSED),
        start_label="（立项）",
        source_file="research/models.py",
        codes=tuple(RESEARCH_STATES),
    )
)

DRAFTING = register(
    KindLifecycle(
        key="research-drafting",
        title="文字综合（文稿起草）流程",
        articles="第五条",
        model=Task,
        entries=(Entry(State.COMMISSIONED, "create_task", "交办", "[5]"),),
        main_path=(State.COMMISSIONED, State.DRAFTING, State.REVIEWING, State.APPROVING, State.FINAL),
        start_label="（交办）",
        source_file="research/models.py",
        codes=tuple(DRAFTING_STATES),
    )
)


def steps_for(task) -> list[dict]:
    return (LIFECYCLE if task.kind == Kind.RESEARCH else DRAFTING).steps_for(task)
