from datetime import timedelta

import factory
from django.utils import timezone

from dialogues.surveys.models import Answer, IndicatorQuestion, Question, QuestionKind, Recipient, Response, Survey
from dialogues.surveys.selectors import results_scope
from innbyggerstemmen.core import cache_versions
from tests.factories import InitiativeFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Undersøkelse {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    introduction = "Hvordan var sommeren?"
    anonymous = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Spørsmål {n}")
    choices = factory.LazyFunction(lambda: ["Ja", "Nei"])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorQuestion
        django_get_or_create = ("text",)

    text = factory.Sequence(lambda n: f"Indikator {n}")


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient

    survey = factory.SubFactory(SurveyFactory)
    email = factory.Sequence(lambda n: f"mottaker{n}@example.no")


def make_responses(survey, specs, *, submitted_at=None):
    """Bulk-create completed responses. ``specs`` is a list of (group, {question: value or [values]})."""
    submitted_at = submitted_at or timezone.now()
    responses = Response.objects.bulk_create(
        [
            Response(survey=survey, anonymous=survey.anonymous, completed=True, submitted_at=submitted_at,
                     respondent_group=group)
            for group, _answers in specs
        ]
    )
    answers = []
    for response, (_group, values) in zip(responses, specs, strict=True):
        for question, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, int):
                    answers.append(Answer(response=response, question=question, number=item))
                elif question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
                    answers.append(Answer(response=response, question=question, text=item))
                else:
                    answers.append(Answer(response=response, question=question, choice=item))
    Answer.objects.bulk_create(answers, batch_size=2000)
    # bulk_create sends no post_save: forget cached results as the portal's own writers do.
    cache_versions.bump(results_scope(survey.pk))
    return responses
