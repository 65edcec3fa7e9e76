from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    label = "petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_petitions
        from .rules import can_open_petitions
        from .todo import PetitionsWork

        navigation.register(
            navigation.Chapter(
                slug="petitions",
                label="信访",
                articles="第四十七至五十条",
                order=60,
                visible_to=can_open_petitions,
                url_name="petitions:list",
            )
        )
        workqueue.register(PetitionsWork())
        # The 条例's limits: deciding (15 days), handling (60 + extension), reviews (30) [47]–[50].
        for source in SOURCES:
            registry.register(source)
        demo.register("petitions", order=70, build=build_demo_petitions, label="演示信访件")
