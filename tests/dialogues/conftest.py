import pytest
from django.core.cache import cache

from tests.dialogues.factories import MeetingFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limit counts in the cache; every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def meeting(initiative):
    return MeetingFactory(initiative=initiative, title="Nærmiljøprat #1", capacity=2)


@pytest.fixture
def fast_forms(settings):
    """Let tests post the signup form at once (the minimum fill time is tested on its own)."""
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 0
