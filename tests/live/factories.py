import factory

from dialogues.live.models import LiveCode, LivePost, LivePrompt, LiveWall
from tests.dialogues.factories import MeetingFactory


class LiveWallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveWall

    meeting = factory.SubFactory(MeetingFactory)


class LivePromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivePrompt

    wall = factory.SubFactory(LiveWallFactory)
    text = factory.Sequence(lambda n: f"Hva er en god sommer? ({n})")


class LiveCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveCode

    wall = factory.SubFactory(LiveWallFactory)


class LivePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivePost

    prompt = factory.SubFactory(LivePromptFactory)
    wall = factory.LazyAttribute(lambda o: o.prompt.wall)
    text = factory.Sequence(lambda n: f"Flere aktiviteter i parken {n}")
