from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = "会议"

    def ready(self) -> None:
        from core import demo, navigation, workqueue
        from deadlines import registry

        from . import lifecycle, roles  # noqa: F401  (registers the lifecycles; adds this app's permissions)
        from .deadline_sources import SOURCES
        from .demo import build_demo_meetings
        from .rules import can_open_meetings
        from .todo import MeetingWork

        navigation.register(
            navigation.Chapter(
                slug="meetings",
                label="会议",
                articles="第六、十七、十八、二十四、二十五条",
                order=30,
                visible_to=can_open_meetings,
                url_name="meetings:calendar",
            )
        )
        workqueue.register(MeetingWork())
        # The time limits: topics waiting for a decision, minutes waiting for the chair, decisions' deadlines.
        for source in SOURCES:
            registry.register(source)
        demo.register("meetings", order=50, build=build_demo_meetings, label="演示会议", unit="场")
