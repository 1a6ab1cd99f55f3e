import factory

from insights.models import (
    FeedbackPage,
    FollowUpAction,
    IdeaWallImport,
    Insight,
    KubaInput,
    KubaItem,
    ProgressNote,
    Theme,
)
from tests.factories import InitiativeFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Tema {n}")


class InsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insight

    initiative = factory.SubFactory(InitiativeFactory)
    text = factory.Sequence(lambda n: f"Flere voksne ute om kvelden, innspill nummer {n}")
    kind = "idea"
    source = "citizens"
    # Made as a coordinator would publish it: the approved public text is the text.
    public_text = factory.LazyAttribute(lambda o: o.text if o.published_in_feedback else "")
    published_in_feedback = False


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Tiltak {n}")
    owner = "police"
    description = ""
    responsible = ""
    published = False
    public_version = factory.LazyAttribute(
        lambda o: {"title": o.title, "description": o.description, "responsible": o.responsible} if o.published else {}
    )


class ProgressNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressNote

    action = factory.SubFactory(FollowUpActionFactory)
    date = factory.Faker("date_object")
    text = "Første natteravn-runde gjennomført."


class KubaInputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KubaInput

    initiative = factory.SubFactory(InitiativeFactory)


class KubaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KubaItem

    kuba_input = factory.SubFactory(KubaInputFactory)
    text = factory.Sequence(lambda n: f"Punkt {n}")
    position = factory.Sequence(lambda n: n)


class FeedbackPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackPage

    initiative = factory.SubFactory(InitiativeFactory)
    slug = factory.Sequence(lambda n: f"tilbakemelding-{n}")


class IdeaWallImportFactory(factory.django.DjangoModelFactory):
    """An uploaded idea wall file waiting for its column mapping."""

    class Meta:
        model = IdeaWallImport

    initiative = factory.SubFactory(InitiativeFactory)
    filename = "vegg.csv"
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    content = "Subject,Body,Author\nMer lys,Langs stien til skolen,Kari\n"
    mapping = factory.LazyFunction(lambda: {"targets": ["text", "text", "ignore"]})
    row_count = 1
