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


def test_beat_keeps_its_schedule_in_the_database_as_wall_clock_crontabs(settings):
    from celery.schedules import crontab

    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    schedules = {name: entry["schedule"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}
    # Wall-clock times, not intervals: a deploy (a beat restart) does not push a nightly job a day on.
    assert all(isinstance(schedule, crontab) for schedule in schedules.values())
    retention = schedules["initiatives-anonymise-expired-personal-data"]
    assert retention.hour == {2} and retention.minute == {15}
    assert schedules["core-beat-heartbeat"].minute == set(range(60))
