from django.apps import AppConfig


class SealsConfig(AppConfig):
    """印信与印章管理 (第七条 [7]): the county government's seals, each use of one, and the seals the office makes
    for departments."""

    name = "seals"
    label = "seals"
    verbose_name = "印信"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles, signals  # noqa: F401  (lifecycles; this app's permissions; the outgoing link)
        from .deadline_sources import SOURCES
        from .demo import build_demo_seals
        from .rules import can_open_seals
        from .todo import SealsWork

        navigation.register(
            navigation.Chapter(
                slug="seals",
                label="印信",
                articles="第七条",
                order=86,
                visible_to=can_open_seals,
                url_name="seals:home",
                group="duties",
                summary="县政府和办公室印章的保管与用印审批登记，各部门、乡镇印章的刻制审批和交接。",
            )
        )
        workqueue.register(SealsWork())
        # The time limits: an approved request's stamping, an application's decision and its making [7].
        for source in SOURCES:
            registry.register(source)
        # The outgoing 用印 step records its use in the 用印登记簿 [30(5)].
        signals.connect()
        demo.register("seals", order=95, build=build_demo_seals, label="演示印信", unit="项")
