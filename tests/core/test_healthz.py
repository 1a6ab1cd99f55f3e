import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not configured"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from innbyggerstemmen.core import views

    monkeypatch.setattr(views, "_database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.django_db
def test_healthz_says_when_the_schedule_has_stopped(client, settings, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from innbyggerstemmen.core import views
    from innbyggerstemmen.core.jobs import BEAT, job_run_record

    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    monkeypatch.setattr(views, "_broker_ok", lambda: True)
    assert client.get("/healthz").json()["scheduler"] == "never"

    job_run_record(BEAT, now=timezone.now() - timedelta(minutes=30))
    stale = client.get("/healthz")
    assert stale.status_code == 200  # web still serves; the operator is told
    assert stale.json()["status"] == "degraded" and stale.json()["scheduler"] == "stale"

    from innbyggerstemmen.core.tasks import beat_heartbeat

    beat_heartbeat.delay()  # what beat sends every minute, run by a worker
    fresh = client.get("/healthz").json()
    assert fresh["status"] == "ok" and fresh["scheduler"] == "ok"


@pytest.mark.django_db
def test_beat_keeps_its_schedule_in_the_database_as_wall_clock_crontabs():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from innbyggerstemmen.celery import app

    DatabaseScheduler(app=app)  # what `celery beat` does at start: copy the schedule into the database
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("crontab")}
    retention = tasks["initiatives-anonymise-expired-personal-data"]
    assert retention.crontab is not None and retention.interval is None
    assert (retention.crontab.hour, retention.crontab.minute) == ("2", "15")
    assert all(task.crontab is not None for name, task in tasks.items() if name != "celery.backend_cleanup")
    assert "core-beat-heartbeat" in tasks
