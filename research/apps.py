from django.apps import AppConfig


class ResearchConfig(AppConfig):
    """调查研究 (第四条 [4]) and 文字综合 (第五条 [5]): research tasks, and drafts of work
    reports and leaders' speeches."""

    name = "research"
    label = "research"
    verbose_name = "调研与文字综合"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_research
        from .rules import can_open_research
        from .todo import ResearchWork

        navigation.register(
            navigation.Chapter(
                slug="research",
                label="调研与文字综合",
                articles="第四、五条",
                order=90,
                visible_to=can_open_research,
                url_name="research:list",
                group="duties",
                summary="领导交办的调研课题和政府工作报告、领导讲话等文稿的起草、审核与审定。",
            )
        )
        workqueue.register(ResearchWork())
        # The time limits: each task's deadline [4][5], a reviewer's turn [5].
        for source in SOURCES:
            registry.register(source)
        demo.register("research", order=90, build=build_demo_research, label="演示调研与文字综合任务", unit="项")
