from django.apps import AppConfig


class IncomingConfig(AppConfig):
    name = "documents.incoming"
    label = "incoming"
    verbose_name = "收文"

    def ready(self) -> None:
        from core import demo, workqueue
        from deadlines import registry

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .deadline_sources import SOURCES
        from .demo import build_demo_incoming
        from .todo import IncomingWork

        workqueue.register(IncomingWork())
        demo.register("incoming", order=20, build=build_demo_incoming, label="演示收文")
        # The time limits [26(1)], [26(6)5], [26(6)7], [28(1)], [33].
        for source in SOURCES:
            registry.register(source)
