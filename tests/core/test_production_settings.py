"""The production settings path passes Django's deployment checks."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in ("REDIS_URL", "EMAIL_HOST")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "DJANGO_PRODUCTION": "true",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "innbyggerstemmen.example.no",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.no",
}


def test_check_deploy_reports_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_the_development_settings():
    # Proves the check above can fail: the local defaults are not fit for production.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY: a random secret"),
        ("REDIS_URL", "REDIS_URL: the Celery broker"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS: the portal's host name"),
        ("EMAIL_HOST", "EMAIL_HOST: the mail server"),
    ],
)
def test_production_refuses_to_start_half_configured(missing, named):
    result = run_manage("check", **{k: v for k, v in PRODUCTION.items() if k != missing})
    assert result.returncode != 0
    assert "DJANGO_PRODUCTION=true, but these settings are missing or unsafe" in result.stderr
    assert named in result.stderr


def test_production_refuses_the_development_secret_key():
    from innbyggerstemmen.settings import DEVELOPMENT_SECRET_KEY

    result = run_manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": DEVELOPMENT_SECRET_KEY})
    assert result.returncode != 0 and "never the development key" in result.stderr
