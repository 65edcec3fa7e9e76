from django.apps import AppConfig


class OpsConfig(AppConfig):
    """运维: backups and restore, the health check, the worker's heartbeat and the single-beat lock.

    Below every other layer: it knows the database, the media files and Redis, and nothing of the office's
    content, so a new chapter is backed up and restored with no change here.
    """

    name = "ops"
    label = "ops"
    verbose_name = "运维"
