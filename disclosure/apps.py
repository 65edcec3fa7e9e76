from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """政务公开 (第五章 [35], [36]): each unit's disclosure checklist, the office's inspections with their
    rectifications, and the yearly assessment."""

    name = "disclosure"
    label = "disclosure"
    verbose_name = "政务公开"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_disclosure
        from .rules import can_open_disclosure
        from .todo import DisclosureWork

        navigation.register(
            navigation.Chapter(
                slug="disclosure",
                label="政务公开",
                articles="第三十五、三十六条",
                order=67,
                visible_to=can_open_disclosure,
                url_name="disclosure:home",
            )
        )
        workqueue.register(DisclosureWork())
        # The time limits: each finding's rectification deadline, each approved inspection's date [36].
        for source in SOURCES:
            registry.register(source)
        demo.register("disclosure", order=80, build=build_demo_disclosure, label="演示政务公开", unit="项")
