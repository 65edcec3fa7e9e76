from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "documents.records"
    label = "records"
    verbose_name = "档案与保密"

    def ready(self) -> None:
        from core import demo
        from deadlines import registry

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .deadline_sources import SOURCES
        from .demo import build_demo_records

        for source in SOURCES:
            registry.register(source)
        demo.register("records", order=10, build=build_demo_records)
