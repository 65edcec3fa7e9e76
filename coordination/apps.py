from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    """组织协调 (第九条 [9], 第十五条 [15]): disputes between departments and townships the office coordinates, up to
    the leader's decision and its follow-up."""

    name = "coordination"
    label = "coordination"
    verbose_name = "协调事项"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_coordination
        from .rules import can_open_coordination
        from .todo import CoordinationWork

        navigation.register(
            navigation.Chapter(
                slug="coordination",
                label="协调事项",
                articles="第九条、第十五条",
                order=89,
                visible_to=can_open_coordination,
                url_name="coordination:list",
                group="duties",
                summary="组织协调部门之间、部门与乡（镇）之间的工作，对有争议的问题提出处理意见报县政府领导决策。",
            )
        )
        workqueue.register(CoordinationWork())
        # A proposal waiting for the leader's decision; a matter's coordination deadline [9].
        for source in SOURCES:
            registry.register(source)
        demo.register("coordination", order=94, build=build_demo_coordination, label="演示协调事项", unit="件")
