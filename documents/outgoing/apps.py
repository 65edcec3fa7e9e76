from django.apps import AppConfig


class OutgoingConfig(AppConfig):
    name = "documents.outgoing"
    label = "outgoing"
    verbose_name = "发文"

    def ready(self) -> None:
        from core import workqueue

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .todo import OutgoingWork

        workqueue.register(OutgoingWork())
