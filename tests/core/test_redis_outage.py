"""With Redis away, citizens' signups are saved and staff pages work: the cache and the rate limits degrade."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from dialogues.models import Registration
from innbyggerstemmen.core.models import OutgoingEmail
from tests.dialogues.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.REDIS_URL = NOTHING_LISTENS
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": NOTHING_LISTENS,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 0
    from kombu.exceptions import OperationalError

    from innbyggerstemmen.core import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    assert cache.get("anything") is None  # the cache answers as a miss, it does not raise


def test_a_signup_is_saved_and_its_confirmation_waits_for_the_broker(client, initiative, redis_down):
    meeting = MeetingFactory(initiative=initiative)
    page = client.get(meeting.get_public_url())
    response = client.post(meeting.get_public_url(), {
        "name_or_nickname": "Ida", "email": "ida@example.no", "age_group": "16-18", "consent": "on",
        "website": "", "started": page.context["form"]["started"].value(),
    })
    assert response.status_code == 302
    assert Registration.objects.filter(email="ida@example.no").exists()
    confirmation = OutgoingEmail.objects.get(to="ida@example.no")
    assert confirmation.sent_at is None  # sent by the sweeper once the broker is back


def test_staff_pages_keep_working(client_for, coordinator, initiative, redis_down):
    client = client_for(coordinator)
    meeting = MeetingFactory(initiative=initiative)
    for url in [
        reverse("initiatives:dashboard"),
        initiative.get_absolute_url(),
        reverse("dialogues:participants", args=[initiative.pk, meeting.pk]),
        reverse("overview:overview"),
    ]:
        assert client.get(url).status_code == 200, url
