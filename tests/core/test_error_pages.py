"""Every error answers with a page in the portal's layout and the visitor's language, saying where to go."""
import pytest
from django.test import Client, RequestFactory
from django_ratelimit.exceptions import Ratelimited

from innbyggerstemmen.core import error_views

pytestmark = pytest.mark.django_db


def in_layout(body: str) -> bool:
    return 'class="site-header"' in body and 'href="/"' in body and "Gå til forsiden" in body


def test_debug_is_off_under_make_run_so_the_portal_pages_are_shown():
    # pytest-django forces DEBUG off in tests, so the default is read from a fresh process.
    from tests.core.test_production_settings import run_manage

    off = run_manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    on = run_manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DJANGO_DEBUG="true")
    assert off.stdout.split()[-1] == "False" and on.stdout.split()[-1] == "True"


def test_a_mistyped_personal_link_gets_the_portal_404_page_in_bokmal(client):
    response = client.get("/m/p/feilskrevet/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == 404
    assert in_layout(body)
    assert "Vi fant ikke siden" in body and "sjekk at hele lenken ble kopiert" in body
    assert "Not Found" not in body


def test_the_404_page_follows_the_chosen_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/finnes-ikke/").content.decode()
    assert "We could not find the page" in body and "Go to the front page" in body


def test_a_forbidden_page_says_so_and_offers_a_way_back(client_for, viewer):
    response = client_for(viewer).get("/handlingsplaner/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in body and "Gå til initiativene dine" in body
    assert in_layout(body)


def test_a_bad_request_gets_the_portal_400_page(client):
    response = client.get("/", HTTP_HOST="angriper.example")
    assert response.status_code == 400
    assert "Forespørselen kunne ikke forstås" in response.content.decode()


def test_a_rate_limited_request_gets_429_in_the_layout():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_views.permission_denied(request, Ratelimited())
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()


def test_a_server_error_page_needs_neither_database_nor_session():
    response = error_views.server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in body and 'class="site-header"' in body


def test_a_form_sent_after_its_csrf_token_expired_says_nothing_was_saved(meeting_for_errors):
    client = Client(enforce_csrf_checks=True)
    response = client.post(meeting_for_errors.get_public_url(), {"name_or_nickname": "Ida"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "ingenting ble lagret" in body and in_layout(body)


def test_an_expired_invitation_gets_410_in_the_layout(client):
    response = client.get("/invitasjon/ugyldig-token/")
    body = response.content.decode()
    assert response.status_code == 410
    assert 'class="site-header"' in body and 'href="/konto/login/"' in body


@pytest.fixture
def meeting_for_errors(initiative):
    from tests.dialogues.factories import MeetingFactory

    return MeetingFactory(initiative=initiative)
