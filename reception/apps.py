from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    """公务接待与重大活动 (第六条 [6]): each reception's request, approval, schedule and its 公务接待清单 afterwards."""

    name = "reception"
    label = "reception"
    verbose_name = "公务接待"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_reception
        from .rules import can_open_reception
        from .todo import ReceptionWork

        navigation.register(
            navigation.Chapter(
                slug="reception",
                label="公务接待",
                articles="第六条",
                order=91,
                visible_to=can_open_reception,
                url_name="reception:list",
                group="duties",
                summary="公务接待和重大活动：凭公函申请、审批、安排日程，接待后填报公务接待清单。",
            )
        )
        workqueue.register(ReceptionWork())
        # The approver after 1 working day; the 清单 within 5 working days; the receiving leader the day before.
        for source in SOURCES:
            registry.register(source)
        demo.register("reception", order=96, build=build_demo_reception, label="演示公务接待", unit="项")
