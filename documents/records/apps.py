from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "documents.records"
    label = "records"
    verbose_name = "档案与保密"

    def ready(self) -> None:
        from core import demo, navigation
        from deadlines import registry

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .deadline_sources import SOURCES
        from .demo import build_demo_records
        from .rules import can_open_records

        navigation.register(
            navigation.Chapter(
                slug="archives",
                label="档案",
                articles="第三十一至三十四条",
                order=80,
                visible_to=can_open_records,
                url_name="records:index",
            )
        )
        for source in SOURCES:
            registry.register(source)
        demo.register("records", order=10, build=build_demo_records)
