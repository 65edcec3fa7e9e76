from django.apps import AppConfig


class IncomingConfig(AppConfig):
    name = "documents.incoming"
    label = "incoming"
    verbose_name = "收文"

    def ready(self) -> None:
        from core import workqueue

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .queue import IncomingWork

        workqueue.register(IncomingWork())
