from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    """公务接待与重大活动 (第六条 [6]): each reception's request, approval, schedule and its 公务接待清单 afterwards."""

    name = "reception"
    label = "reception"
    verbose_name = "公务接待"
