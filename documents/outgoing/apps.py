from django.apps import AppConfig


class OutgoingConfig(AppConfig):
    name = "documents.outgoing"
    label = "outgoing"
    verbose_name = "发文"

    def ready(self) -> None:
        from core import archive, demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions to roles)
        from .deadline_sources import SOURCES
        from .demo import build_demo
        from .filing import ARCHIVE_KIND
        from .rules import can_open_outgoing
        from .todo import OutgoingWork

        navigation.register(
            navigation.Chapter(
                slug="outgoing",
                label="发文",
                articles="第三十条",
                order=20,
                visible_to=can_open_outgoing,
                url_name="outgoing:list",
            )
        )
        workqueue.register(OutgoingWork())
        demo.register("outgoing", order=30, build=build_demo, label="演示发文")
        for source in SOURCES:  # the 30 June hand-over [33]
            registry.register(source)
        archive.register(ARCHIVE_KIND)  # fileable, kept in custody and destroyed by records [30(5)], [31], [34]
