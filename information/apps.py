from django.apps import AppConfig


class InformationConfig(AppConfig):
    """政务信息 (第八章 [44]–[46]): items from the units and the office, screened, edited, sent to the province and
    prefecture, adopted and scored; the weekly quota of two items to each."""

    name = "information"
    label = "information"
    verbose_name = "政务信息"

    def ready(self) -> None:
        # The chapter's registrations (navigation, 我的待办, deadlines, demo) are added as its pieces land.
        pass
