from django.apps import AppConfig


class NormativeConfig(AppConfig):
    """规范性文件 (第十三条 [13]): the register of normative documents — 法制科 review, publication, filing with the
    higher level, validity, interpretation and clean-up."""

    name = "normative"
    label = "normative"
    verbose_name = "规范性文件"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles, signals  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_normative
        from .rules import can_open_normative
        from .todo import NormativeWork

        navigation.register(
            navigation.Chapter(
                slug="normative",
                label="规范性文件",
                articles="第十三条",
                order=87,
                visible_to=can_open_normative,
                url_name="normative:home",
                group="duties",
                summary="法制科登记、公布、备案和清理县政府规范性文件，人人可查现行有效文件目录。",
            )
        )
        workqueue.register(NormativeWork())
        # The time limits: filing after publication, validity running out, interpretation answers [13].
        for source in SOURCES:
            registry.register(source)
        # The outgoing link: a normative outgoing document distributed is registered, once [13][30(5)].
        signals.connect()
        demo.register("normative", order=93, build=build_demo_normative, label="演示规范性文件", unit="件")
