from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    label = "petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        # The foundation registers navigation, the work queue, deadline sources, the lifecycle and demo here
        # (as supervision/apps.py does).
        pass
