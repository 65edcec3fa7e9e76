from django.apps import AppConfig


class OutgoingConfig(AppConfig):
    name = "documents.outgoing"
    label = "outgoing"
    verbose_name = "发文"

    def ready(self) -> None:
        from core import demo, navigation, workqueue

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycle; adds this app's permissions to roles)
        from .demo import build_demo
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
