"""The Celery app: configured from Django's settings (CELERY_* names)."""

import os

from celery import Celery, signals
from celery.app import trace

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("raincheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Celery's "succeeded" line ends with the task's return value; ours stays out of the logs.
trace.LOG_SUCCESS = "Task %(name)s[%(id)s] succeeded in %(runtime)ss"


@signals.setup_logging.connect
def use_django_logging(**kwargs):
    """Worker and beat log like the web: Django's LOGGING (JSON to stderr), not Celery's own set-up."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@signals.task_prerun.connect
def _bind_task_context(**kwargs):
    from config.logging import bind_task_context

    bind_task_context(**kwargs)


@signals.task_postrun.connect
def _clear_task_context(**kwargs):
    from config.logging import clear_task_context

    clear_task_context(**kwargs)
