"""Demo surveys for the Tønsberg summer: the residents' evaluation (about 60 answers) and a staff survey."""
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from .models import (
    Answer,
    Audience,
    IndicatorQuestion,
    QuestionKind,
    RespondentGroup,
    Response,
    Survey,
)
from .services import indicators_add, question_create

OSLO = ZoneInfo("Europe/Oslo")
TONSBERG_TITLE = "En god sommer i Tønsberg"
INDICATORS = [
    "Politiet lytter til hva folk her trenger",
    "Ved å jobbe på denne måten finner vi gode løsninger sammen",
]
AREAS = ["Sentrum", "Kaldnes", "Husvik", "Eik", "Træleborg"]
IDEAS = [
    "Flere voksne ute i sentrum på kveldstid.",
    "Bra at politiet var synlige på brygga.",
    "Mer å gjøre for ungdom i helgene, f.eks. åpen hall.",
    "Natteravnene gjorde en god jobb.",
    "Bedre belysning i parken ved Kaldnes.",
    "Fint med nærmiljøpraten, gjerne flere slike møter.",
]


def _questions(survey, citizens: bool):
    if citizens:
        age = question_create(survey=survey, kind=QuestionKind.AGE_GROUP, text="Hvor gammel er du?", required=True)
        area = question_create(
            survey=survey, kind=QuestionKind.AREA, text="Hvilket område bor du i?", choices=AREAS
        )
    else:
        age = area = None
    safe = question_create(
        survey=survey,
        kind=QuestionKind.LIKERT,
        text="Jeg følte meg trygg i sentrum i sommer",
        required=True,
    )
    heard = question_create(
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="Har du hørt om tiltakene i sommer?",
        choices=["Ja", "Nei"],
        required=True,
    )
    which = question_create(
        survey=survey,
        kind=QuestionKind.MULTIPLE,
        text="Hvilke tiltak la du merke til?",
        choices=["Politi til fots", "Natteravner", "Åpen hall", "Sommerjobb for ungdom"],
        show_if_question=heard,
        show_if_values=["Ja"],
    )
    scale = question_create(
        survey=survey, kind=QuestionKind.SCALE, text="Hvor godt likte du sommeren i Tønsberg, fra 0 til 10?"
    )
    indicators_add(survey=survey, indicators=IndicatorQuestion.objects.filter(text__in=INDICATORS))
    idea = question_create(
        survey=survey, kind=QuestionKind.LONG_TEXT, text="Hva bør vi gjøre annerledes neste sommer?"
    )
    return age, area, safe, heard, which, scale, idea


def _answers(survey, count, youth_share, rng):
    questions = {q.text: q for q in survey.questions.all()}
    age_q = questions.get("Hvor gammel er du?")
    area_q = questions.get("Hvilket område bor du i?")
    indicators = [q for q in questions.values() if q.indicator_id]
    start = survey.opens_at
    for i in range(count):
        youth = i < round(count * youth_share)
        if survey.audience == Audience.STAFF:
            group = RespondentGroup.STAFF
        else:
            group = RespondentGroup.YOUTH if youth else RespondentGroup.ADULTS
        day = start + timedelta(days=min(int(rng.expovariate(0.4)), 13), hours=12 - start.hour)
        response = Response.objects.create(
            survey=survey, anonymous=True, completed=True, submitted_at=day, respondent_group=group
        )
        rows = []
        if age_q:
            age = rng.choice(["13-15", "16-18"]) if youth else rng.choice(["19-25", "26-66", "26-66", "67+"])
            rows.append(Answer(response=response, question=age_q, choice=age))
        if area_q:
            rows.append(Answer(response=response, question=area_q, choice=rng.choice(AREAS)))
        rows.append(
            Answer(response=response, question=questions["Jeg følte meg trygg i sentrum i sommer"],
                   number=rng.choice([2, 3, 4, 4, 4, 5, 5]))
        )
        heard = rng.random() < 0.7
        rows.append(Answer(response=response, question=questions["Har du hørt om tiltakene i sommer?"],
                           choice="Ja" if heard else "Nei"))
        if heard:
            for choice in rng.sample(["Politi til fots", "Natteravner", "Åpen hall", "Sommerjobb for ungdom"], 2):
                rows.append(Answer(response=response, question=questions["Hvilke tiltak la du merke til?"],
                                   choice=choice))
        rows.append(Answer(response=response,
                           question=questions["Hvor godt likte du sommeren i Tønsberg, fra 0 til 10?"],
                           number=rng.choice([5, 6, 7, 7, 8, 8, 9, 10])))
        for indicator in indicators:
            rows.append(Answer(response=response, question=indicator, number=rng.choice([3, 3, 4, 4, 4, 5])))
        if rng.random() < 0.3:
            rows.append(Answer(response=response,
                               question=questions["Hva bør vi gjøre annerledes neste sommer?"],
                               text=rng.choice(IDEAS)))
        Answer.objects.bulk_create(rows)


def _survey(initiative, title, audience, intro, count, youth_share, rng):
    survey = Survey.objects.filter(initiative=initiative, title=title).first()
    if survey is None:
        survey = Survey.objects.create(
            initiative=initiative,
            title=title,
            audience=audience,
            introduction=intro,
            opens_at=datetime(2021, 8, 23, 8, 0, tzinfo=OSLO),
            closes_at=datetime(2021, 9, 13, 23, 59, tzinfo=OSLO),
            anonymous=True,
        )
        _questions(survey, citizens=audience == Audience.CITIZENS)
    if not survey.responses.exists():
        _answers(survey, count, youth_share, rng)
    return survey


def load(stdout=None) -> None:
    from initiatives.models import Initiative

    for text in INDICATORS:
        IndicatorQuestion.objects.get_or_create(text=text, defaults={"kind": QuestionKind.LIKERT})
    initiative = Initiative.objects.filter(title=TONSBERG_TITLE).order_by("pk").first()
    if initiative is None:
        return
    rng = random.Random(2021)
    with transaction.atomic():
        _survey(
            initiative,
            "Evaluering: En god sommer i Tønsberg",
            Audience.CITIZENS,
            "Hvordan var sommeren i Tønsberg? Svarene er anonyme og tar om lag tre minutter.",
            60,
            0.09,
            rng,
        )
        _survey(
            initiative,
            "Ansatte: Hvordan fungerte sommerinnsatsen?",
            Audience.STAFF,
            "Til politiansatte som jobbet i Tønsberg sentrum i sommer.",
            12,
            0.0,
            rng,
        )
    if stdout:
        stdout.write("Surveys: the Tønsberg evaluation and the staff survey")
