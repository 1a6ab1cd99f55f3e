"""Security hardening that a user never sees but always relies on."""
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text) or re.search(
                r"\son[a-z]+=\"", text
            ) or re.search(r"\shx-on[:-]", text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_session_key_is_rotated_at_login(client, coordinator):
    client.get(reverse("account_login"))
    client.cookies["sessionid"] = "x" * 32  # a key fixed by an attacker
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert client.session.session_key != "x" * 32
    assert client.session.get("_auth_user_id") == str(coordinator.pk)


def test_logout_invalidates_the_session_server_side(client, coordinator):
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    old_key = client.session.session_key
    client.post(reverse("account_logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=old_key).exists()


def test_repeated_failed_logins_lock_out_the_admin_login_too(client, national):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": national.email, "password": "feil"})
    response = client.post(reverse("admin:login"), {"username": national.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_repeated_failed_logins_lock_out_the_portal_login(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": coordinator.email, "password": "feil"})
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "For mange innloggingsforsøk" in response.content.decode()
