"""The shipped production stack (docker-compose.yml and deploy/Caddyfile), read as an operator would run it.

There is no Docker engine on the CI machine: these tests read the files and run the portal with
the environment compose gives it, so a change that breaks the stack fails here.
"""
import ast
import re
from pathlib import Path

import pytest
import yaml
from django.test import Client, override_settings

from tests.core.test_production_settings import run_manage

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()


def compose_environment(service: str, **operator_env) -> dict:
    """The service's environment as compose resolves it from the operator's `.env`."""

    def resolve(value: str) -> str:
        def substitute(match):
            name, sep, rest = match.group(1), match.group(2), match.group(3)
            if name in operator_env:
                return operator_env[name]
            if sep == ":?":
                raise KeyError(f"{name} must be set: {rest}")
            return rest or ""

        return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", substitute, str(value))

    return {name: resolve(value) for name, value in SERVICES[service]["environment"].items()}


OPERATOR_ENV = {"DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdef", "EMAIL_HOST": "smtp.example.no"}


@pytest.mark.parametrize("service", ["web", "worker", "beat", "migrate"])
def test_check_deploy_passes_with_the_environment_compose_gives(service):
    environment = compose_environment(service, **OPERATOR_ENV)
    # The hosts in compose's network do not resolve here: the check itself does not connect.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_refuses_to_start_without_the_secret_and_the_mail_server():
    with pytest.raises(KeyError, match="DJANGO_SECRET_KEY"):
        compose_environment("web", EMAIL_HOST="smtp.example.no")
    with pytest.raises(KeyError, match="EMAIL_HOST"):
        compose_environment("web", DJANGO_SECRET_KEY="x" * 50)


def test_only_the_proxy_is_published_and_web_and_workers_can_be_scaled():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    for name in ("web", "worker"):
        # A fixed container name or host port would make `--scale web=2` fail.
        assert "container_name" not in SERVICES[name] and "ports" not in SERVICES[name]


def test_exactly_one_beat_and_a_one_off_migrate_before_the_app():
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert "beat" not in " ".join(SERVICES["worker"]["command"].split())  # no beat embedded in a worker (-B)
    assert SERVICES["migrate"]["restart"] == "no" and "migrate" in SERVICES["migrate"]["command"]
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "migrate" not in SERVICES[name]["command"]


def test_database_and_redis_keep_their_data_and_report_health():
    for name in ("postgres", "redis"):
        assert SERVICES[name]["volumes"] and SERVICES[name]["healthcheck"]["test"]
        assert any(volume.split(":")[0] in COMPOSE["volumes"] for volume in SERVICES[name]["volumes"])


def test_trusted_proxy_count_matches_the_one_proxy_in_front():
    # One Caddy in front of web: its X-Forwarded-For entry is the citizen's address.
    assert compose_environment("web", **OPERATOR_ENV)["TRUSTED_PROXY_COUNT"] == "1"
    assert re.search(r"reverse_proxy\s*\{[^}]*dynamic a\s*\{[^}]*name web[^}]*port 8000", CADDYFILE, re.DOTALL)
    assert "trusted_proxies" not in CADDYFILE  # Caddy then replaces what a client wrote in X-Forwarded-For


def test_the_proxy_refuses_a_body_larger_than_the_portal_accepts():
    from django.conf import settings

    size = re.search(r"max_size (\d+)MB", CADDYFILE).group(1)
    assert int(size) * 1024 * 1024 == settings.MAX_REQUEST_BODY_BYTES


@pytest.mark.django_db
def test_health_check_over_plain_http_is_not_redirected_to_https():
    # The proxy and compose ask /healthz over plain HTTP with Host: localhost; every other page redirects.
    environment = compose_environment("web", **OPERATOR_ENV)
    assert "localhost" in environment["DJANGO_ALLOWED_HOSTS"].split(",")
    printed = run_manage(
        "shell", "--no-imports", "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT)",
        **environment,
    ).stdout.split(" ", 1)
    redirect, exempt = printed[0] == "True", ast.literal_eval(printed[1])
    with override_settings(SECURE_SSL_REDIRECT=redirect, SECURE_REDIRECT_EXEMPT=exempt):
        client = Client(HTTP_HOST="localhost")
        assert client.get("/healthz").status_code in (200, 503)
        assert client.get("/personvern/").status_code == 301
