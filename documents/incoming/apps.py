from django.apps import AppConfig


class IncomingConfig(AppConfig):
    name = "documents.incoming"
    label = "incoming"
    verbose_name = "收文"

    def ready(self) -> None:
        from core import archive, demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions to roles)
        from .deadline_sources import SOURCES
        from .demo import build_demo_incoming
        from .filing import ARCHIVE_KIND
        from .rules import can_open_incoming
        from .todo import IncomingWork

        navigation.register(
            navigation.Chapter(
                slug="incoming",
                label="收文",
                articles="第二十六至二十九条",
                order=10,
                visible_to=can_open_incoming,
                url_name="incoming:list",
            )
        )
        workqueue.register(IncomingWork())
        # The time limits [26(1)], [26(6)5], [26(6)7], [28(1)], [33].
        for source in SOURCES:
            registry.register(source)
        demo.register("incoming", order=20, build=build_demo_incoming, label="演示收文")
        archive.register(ARCHIVE_KIND)  # fileable, kept in custody and destroyed by records [26(5)], [31], [34]
