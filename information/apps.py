from django.apps import AppConfig


class InformationConfig(AppConfig):
    """政务信息 (第八章 [44]–[46]): items from the units and the office, screened, edited, sent to the province and
    prefecture, adopted and scored; the weekly quota of two items to each."""

    name = "information"
    label = "information"
    verbose_name = "政务信息"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_information
        from .rules import can_open_information
        from .todo import InformationWork

        navigation.register(
            navigation.Chapter(
                slug="information",
                label="政务信息",
                articles="第四十四至四十六条",
                order=65,
                visible_to=can_open_information,
                url_name="information:list",
            )
        )

        workqueue.register(InformationWork())
        # The weekly quota's Thursday warning [44]; screening and review in a working day, urgent items in hours
        # [46].
        for source in SOURCES:
            registry.register(source)
        demo.register("information", order=75, build=build_demo_information, label="演示政务信息", unit="条")
