from django.apps import AppConfig


class OutgoingConfig(AppConfig):
    name = "documents.outgoing"
    label = "outgoing"
    verbose_name = "发文"

    def ready(self) -> None:
        from core import demo, workqueue

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .demo import build_demo
        from .todo import OutgoingWork

        workqueue.register(OutgoingWork())
        demo.register("outgoing", order=30, build=build_demo, label="演示发文")
