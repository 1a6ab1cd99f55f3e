from datetime import timedelta

import factory
from django.utils import timezone

from dialogues.models import Group, Meeting, MeetingFormat, Registration, RegistrationStatus
from tests.factories import InitiativeFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Nærmiljøprat {n}")
    format = MeetingFormat.DIGITAL
    meeting_link = "https://meet.example.no/prat"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=90))
    capacity = 30
    uses_waitlist = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    name_or_nickname = factory.Sequence(lambda n: f"Deltaker {n}")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.no")
    age_group = "26-66"
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text_version = "test"
    status = RegistrationStatus.CONFIRMED


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Gruppe {n}")
