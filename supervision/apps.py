from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    label = "supervision"
    verbose_name = "督查"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_supervision
        from .rules import can_open_supervision
        from .todo import SupervisionWork

        navigation.register(
            navigation.Chapter(
                slug="supervision",
                label="督查",
                articles="第十一、十二、三十七至四十条",
                order=40,
                visible_to=can_open_supervision,
                url_name="supervision:list",
            )
        )
        workqueue.register(SupervisionWork())
        # The time limits: each tracked item's deadline and its periodic reporting dates [39], [40].
        for source in SOURCES:
            registry.register(source)
        demo.register("supervision", order=60, build=build_demo_supervision, label="演示督查事项", unit="项")
