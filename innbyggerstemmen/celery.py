"""Celery application: a broker in production (REDIS_URL), in-process by default."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innbyggerstemmen.settings")

app = Celery("innbyggerstemmen")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
