from django.apps import AppConfig


class LegalConfig(AppConfig):
    """行政法制 (第十三条 [13]): administrative reconsideration and litigation cases with their deadlines, and the
    clean-up of administrative licensing items."""

    name = "legal"
    label = "legal"
    verbose_name = "行政复议与应诉"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_legal
        from .rules import can_open_legal
        from .todo import LegalWork

        navigation.register(
            navigation.Chapter(
                slug="legal",
                label="行政复议与应诉",
                articles="第十三条",
                order=88,
                visible_to=can_open_legal,
                url_name="legal:home",
                group="duties",
                summary="登记行政复议答复、行政应诉案件并按法定期限提醒，清理和公布行政许可事项目录。",
            )
        )
        workqueue.register(LegalWork())
        # The reply/defence deadline and the hearing date [13].
        for source in SOURCES:
            registry.register(source)
        demo.register("legal", order=92, build=build_demo_legal, label="演示行政复议应诉案件", unit="件")
