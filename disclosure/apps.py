from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    """政务公开 (第五章 [35], [36]): each unit's disclosure checklist, the office's inspections with their
    rectifications, and the yearly assessment."""

    name = "disclosure"
    label = "disclosure"
    verbose_name = "政务公开"

    def ready(self) -> None:
        # The chapter's registrations (navigation, 我的待办, deadlines, demo) are added as its pieces land.
        pass
