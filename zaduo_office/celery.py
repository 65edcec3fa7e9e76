"""The Celery application. Reminders and other periodic work run here (see ``schedule.py``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zaduo_office.settings")

app = Celery("zaduo_office")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
