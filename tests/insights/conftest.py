import pytest

from tests.insights.factories import FollowUpActionFactory, InsightFactory


@pytest.fixture
def insight(initiative):
    return InsightFactory(initiative=initiative, text="Det mangler møteplasser for ungdom om kvelden")


@pytest.fixture
def action(initiative, insight):
    action = FollowUpActionFactory(initiative=initiative, title="Natteravner i sentrum")
    action.insights.add(insight)
    return action


@pytest.fixture
def participants(initiative):
    """Two registrations for a meeting of the initiative: one agreed to be contacted again."""
    from datetime import timedelta

    from django.utils import timezone

    from dialogues.models import Meeting, Registration

    start = timezone.now() - timedelta(days=10)
    meeting = Meeting.objects.create(
        initiative=initiative, title="Nærmiljøprat", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    common = {"meeting": meeting, "age_group": "26-66", "consent_given_at": start, "consent_text_version": "1"}
    return [
        Registration.objects.create(name_or_nickname="Ja", email="ja@example.no", may_contact_again=True, **common),
        Registration.objects.create(name_or_nickname="Nei", email="nei@example.no", may_contact_again=False, **common),
    ]
