from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """政务公开 (第五章 [35], [36]): each unit's disclosure checklist, the office's inspections with their
    rectifications, and the yearly assessment."""

    name = "disclosure"
    label = "disclosure"
    verbose_name = "政务公开"

    def ready(self) -> None:
        from core import workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .todo import DisclosureWork

        workqueue.register(DisclosureWork())
        # The time limits: each finding's rectification deadline, each approved inspection's date [36].
        for source in SOURCES:
            registry.register(source)
