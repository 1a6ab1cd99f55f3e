from datetime import timedelta

import pytest
from django.utils import timezone

from dialogues.live import services
from tests.dialogues.factories import GroupFactory, MeetingFactory, RegistrationFactory


@pytest.fixture
def fast_forms(settings):
    """Post at once (the minimum fill time is tested on its own)."""
    settings.LIVE_POST_MIN_SECONDS = 0


@pytest.fixture
def meeting(initiative):
    """A meeting going on now, in Tønsberg's style: groups with a facilitator each."""
    now = timezone.now()
    return MeetingFactory(
        initiative=initiative, title="Sommerprat", starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=1)
    )


@pytest.fixture
def groups(meeting):
    return [GroupFactory(meeting=meeting, name="Gruppe 1"), GroupFactory(meeting=meeting, name="Gruppe 2")]


@pytest.fixture
def wall(meeting, groups):
    wall = services.wall_open(meeting=meeting)
    services.prompt_add(wall=wall, text="Hva er en god sommer?")
    services.prompt_add(wall=wall, text="Hva kan du selv bidra med?")
    return wall


@pytest.fixture
def codes(wall, groups):
    """{"room": the room's code, "Gruppe 1": …, "Gruppe 2": …}."""
    return {(code.group.name if code.group else "room"): code for code in wall.codes.select_related("group")}


@pytest.fixture
def prompts(wall):
    return list(wall.prompts.all())


@pytest.fixture
def participants(meeting):
    """Two who agreed to hear more, one who did not, one who agreed and then cancelled."""
    return {
        "yes": RegistrationFactory(meeting=meeting, email="ja@example.no", may_contact_again=True),
        "also": RegistrationFactory(meeting=meeting, email="ogsa@example.no", may_contact_again=True, language="nn"),
        "no": RegistrationFactory(meeting=meeting, email="nei@example.no", may_contact_again=False),
        "cancelled": RegistrationFactory(
            meeting=meeting, email="avmeldt@example.no", may_contact_again=True, status="cancelled"
        ),
    }
