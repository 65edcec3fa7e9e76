from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "documents.records"
    label = "records"
    verbose_name = "档案与保密"

    def ready(self) -> None:
        from core import archive, demo, navigation

        from . import roles  # noqa: F401  (adds this app's permissions to the roles)
        from .deadline_sources import custody_source_for, hand_over_source_for
        from .demo import build_demo_records
        from .rules import can_open_records
        from .selectors import filed_item

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
        # The custody rule [31] for every archive kind, as each document app registers its kind.
        archive.on_register(custody_source_for)
        # The 30 June hand-over [33] for every kind, counted as the 档案 page counts (one source of truth).
        archive.on_register(hand_over_source_for)
        archive.provide_filed_item_lookup(filed_item)
        demo.register("records", order=10, build=build_demo_records)
