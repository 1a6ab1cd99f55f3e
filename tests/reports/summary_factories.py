"""A small but complete initiative for the summary PDF and story tests: every section has something in it."""
from datetime import date, timedelta

from django.utils import timezone

from dialogues.surveys.models import QuestionKind
from initiatives.models import Status, TargetGroup
from reports.models import Story
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.factories import ActivityFactory
from tests.insights.factories import (
    FollowUpActionFactory,
    InsightFactory,
    KubaInputFactory,
    KubaItemFactory,
    ThemeFactory,
)
from tests.surveys.factories import QuestionFactory, SurveyFactory, make_responses


def fill_initiative(initiative) -> dict:
    """Goal, target groups, two meetings with attendance, themed insights, actions, a survey and KUBA input."""
    initiative.goal = "Færre ungdommer involvert i kriminalitet i sommerferien på Øvre Åsgård"
    initiative.start_date = date(2021, 5, 1)
    initiative.end_date = date(2021, 9, 30)
    initiative.save()
    initiative.target_groups.add(TargetGroup.objects.get_or_create(name="Ungdom 13–15 år")[0])

    first = MeetingFactory(initiative=initiative, title="Nærmiljøprat i juni",
                           starts_at=timezone.now() - timedelta(days=90))
    second = MeetingFactory(initiative=initiative, title="Oppfølgingsmøte i september",
                            starts_at=timezone.now() - timedelta(days=10))
    for _ in range(7):
        RegistrationFactory(meeting=first, age_group="13-15", attended=True)
    for _ in range(4):
        RegistrationFactory(meeting=first, age_group="26-66", attended=True)
    RegistrationFactory(meeting=first, age_group="26-66", attended=False)
    for _ in range(3):
        RegistrationFactory(meeting=second, age_group="67+", attended=True)

    safety = ThemeFactory(initiative=initiative, name="Trygghet på kveldstid")
    leisure = ThemeFactory(initiative=initiative, name="Fritidstilbud")
    quote = InsightFactory(initiative=initiative, kind="quote", text="Vi trenger et sted å være når det regner")
    quote.themes.add(leisure)
    for i in range(4):
        InsightFactory(initiative=initiative, text=f"Mer lys langs gangveien {i}").themes.add(safety)

    FollowUpActionFactory(initiative=initiative, title="Natteravner hver fredag", owner="volunteers",
                          status="started", responsible="Natteravnene Tønsberg")
    FollowUpActionFactory(initiative=initiative, title="Åpen hall i juli", owner="municipality",
                          status="completed")

    survey = SurveyFactory(initiative=initiative, title="Hvordan var sommeren?")
    question = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, text="Følte du deg trygg?",
                               choices=["Ja", "Nei"])
    make_responses(survey, [("adults", {question: "Ja"})] * 5 + [("youth", {question: "Nei"})] * 2)

    kuba = KubaInputFactory(initiative=initiative, intro="Innspill til tiltaksledermøtet")
    KubaItemFactory(kuba_input=kuba, text="Prioriter patruljering ved skolen fredag kveld")

    ActivityFactory(initiative=initiative, title="Velkommen og innledning", purpose="Skape trygghet",
                    roles="Vert, gruppeledere", responsible="Kari Hemmelig")
    return {"meetings": (first, second), "themes": (safety, leisure), "survey": survey}


def finish(initiative):
    initiative.status = Status.COMPLETED
    initiative.save(update_fields=["status"])
    return initiative


def make_story(initiative, **fields):
    finish(initiative)
    values = {"summary": "Vi inviterte ungdom og foreldre til nærmiljøprat.",
              "lessons": "Start tidlig, og møt ungdommen der de er.", "method": "Nærmiljøprat",
              "published_at": timezone.now()}
    values.update(fields)
    return Story.objects.create(initiative=initiative, **values)
