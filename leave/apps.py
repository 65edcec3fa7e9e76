from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "leave"
    label = "leave"
    verbose_name = "请销假"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry
        from org import absence_sources

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions to roles)
        from .deadline_sources import SOURCES
        from .demo import build_demo_leave
        from .models import ABSENCE_SOURCE
        from .rules import can_open_leave
        from .todo import LeaveWork

        navigation.register(
            navigation.Chapter(
                slug="leave",
                label="请销假",
                articles="第五十一、五十四条",
                order=70,
                visible_to=can_open_leave,
                url_name="leave:list",
            )
        )
        workqueue.register(LeaveWork())
        # The time limits: 审批 within a working day and before the start; 销假 after the return [54].
        for source in SOURCES:
            registry.register(source)
        demo.register("leave", order=40, build=build_demo_leave, label="演示请销假", unit="份")
        # The absences approval writes are this chapter's: the org admin shows them read-only [54].
        absence_sources.register(ABSENCE_SOURCE, "请销假")
