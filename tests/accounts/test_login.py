"""Logging in, password reset by e-mail and the Django admin for the national team."""
import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_login_with_email_and_password_lands_on_the_dashboard(client, coordinator, initiative):
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("initiatives:dashboard")
    assert initiative.title in response.content.decode()


def test_wrong_password_gives_a_norwegian_message(client, coordinator):
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": "feil-passord"})
    assert response.status_code == 200
    assert "passordet du oppgav er feil" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, coordinator):
    client.post(reverse("account_reset_password"), {"email": coordinator.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/konto/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    new_password = "nytt-sterkt-passord-2026"
    client.post(response.redirect_chain[-1][0] if response.redirect_chain else path,
                {"password1": new_password, "password2": new_password})
    client.logout()
    coordinator.refresh_from_db()
    assert coordinator.check_password(new_password)


def test_signup_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "closed" in response.content.decode().lower() or "stengt" in response.content.decode().lower()


def test_national_team_uses_the_django_admin(client, national, coordinator):
    national.is_superuser = True
    national.save(update_fields=["is_superuser"])
    client.force_login(national)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:initiatives_initiative_changelist")).status_code == 200
    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 302  # not staff: sent to the admin login


def test_logout_ends_the_session(client_for, coordinator):
    client = client_for(coordinator)
    client.post(reverse("account_logout"))
    assert client.get(reverse("initiatives:dashboard")).status_code == 302


def test_wrong_passwords_from_one_address_do_not_lock_the_account_for_its_owner(client, coordinator, settings):
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1  # behind the TLS proxy: the client is the last X-Forwarded-For entry
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    attacker = Client()
    for _ in range(8):
        attacker.post(reverse("account_login"), {"login": coordinator.email, "password": "gjett"},
                      HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    locked = attacker.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD},
                           HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    assert "_auth_user_id" not in attacker.session and locked.status_code in (200, 429)

    owner = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD},
                        HTTP_X_FORWARDED_FOR="198.51.100.20", follow=True, **proxy)
    assert owner.redirect_chain[-1][0] == reverse("initiatives:dashboard")
