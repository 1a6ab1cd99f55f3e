import pytest
from django.core.cache import cache

from dialogues.surveys.models import QuestionKind
from tests.surveys.factories import QuestionFactory, SurveyFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fast_forms(settings):
    """Let tests post the public form at once (the minimum fill time is tested on its own)."""
    settings.SURVEYS_MIN_FILL_SECONDS = 0


@pytest.fixture
def survey(initiative):
    return SurveyFactory(initiative=initiative, title="Evaluering av sommeren")


@pytest.fixture
def questions(survey):
    """Age group (required), a single choice, a multiple choice shown only for "Ja", a Likert, a long text."""
    age = QuestionFactory(survey=survey, position=0, kind=QuestionKind.AGE_GROUP, text="Hvor gammel er du?",
                          choices=[], required=True)
    heard = QuestionFactory(survey=survey, position=1, kind=QuestionKind.SINGLE, text="Hørte du om tiltakene?",
                            choices=["Ja", "Nei"], required=True)
    which = QuestionFactory(survey=survey, position=2, kind=QuestionKind.MULTIPLE, text="Hvilke tiltak?",
                            choices=["Natteravner", "Politi til fots", "Åpen hall"], required=True,
                            show_if_question=heard, show_if_values=["Ja"])
    safe = QuestionFactory(survey=survey, position=3, kind=QuestionKind.LIKERT, text="Jeg følte meg trygg",
                           choices=[])
    idea = QuestionFactory(survey=survey, position=4, kind=QuestionKind.LONG_TEXT, text="Hva bør vi gjøre?",
                           choices=[])
    return {"age": age, "heard": heard, "which": which, "safe": safe, "idea": idea}
