from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "duty"
    label = "duty"
    verbose_name = "值班"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_duty
        from .rules import can_open_duty
        from .todo import DutyWork

        navigation.register(
            navigation.Chapter(
                slug="duty",
                label="值班",
                articles="第四十一至四十三条",
                order=50,
                visible_to=can_open_duty,
                url_name="duty:today",
            )
        )
        workqueue.register(DutyWork())
        # Missed handovers and empty posts, told once to the roster's office leader [42].
        for source in SOURCES:
            registry.register(source)
        demo.register("duty", order=60, build=build_demo_duty, label="演示值班", unit="项")
