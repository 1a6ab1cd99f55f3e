"""A small, hand-counted world for the overview: three initiatives in two districts.

Sør-Øst (the ``organisation`` fixture): "Sommer" (2021, explore, co-developer, target group Ungdom)
and "Skolevei" (2022, deliver, participant); Oslo: "Trygg i Oslo" (2021, explore, co-producer, Ungdom).
"""
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from dialogues.surveys.models import QuestionKind
from initiatives.models import TargetGroup
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.factories import InitiativeFactory
from tests.insights.factories import FeedbackPageFactory, FollowUpActionFactory, InsightFactory
from tests.surveys.factories import IndicatorFactory, QuestionFactory, SurveyFactory, make_responses

INDICATOR = "Jeg føler meg trygg i nærmiljøet mitt"


def at(year, month, day, hour=18):
    return timezone.make_aware(datetime(year, month, day, hour))


@dataclass
class World:
    summer: object
    school: object
    oslo: object


def build_world(organisation, other_organisation) -> World:
    youth = TargetGroup.objects.create(name="Ungdom")
    summer = InitiativeFactory(
        owner_organisation=organisation, title="Sommer", phase="explore", involvement_mode="co_developer",
        start_date=date(2021, 5, 1),
    )
    school = InitiativeFactory(
        owner_organisation=organisation, title="Skolevei", phase="deliver", involvement_mode="participant",
        start_date=date(2022, 3, 1),
    )
    oslo = InitiativeFactory(
        owner_organisation=other_organisation, title="Trygg i Oslo", phase="explore", involvement_mode="co_producer",
        start_date=date(2021, 6, 1),
    )
    summer.target_groups.add(youth)
    oslo.target_groups.add(youth)

    # Meetings: Sommer 2021 (2 youth signed up, 1 attended; 1 adult attended; 1 adult cancelled), Oslo 2021.
    prat = MeetingFactory(initiative=summer, starts_at=at(2021, 6, 10), ends_at=at(2021, 6, 10, 20))
    RegistrationFactory(meeting=prat, age_group="13-15", attended=True)
    RegistrationFactory(meeting=prat, age_group="13-15", attended=False)
    RegistrationFactory(meeting=prat, age_group="26-66", attended=True)
    RegistrationFactory(meeting=prat, age_group="26-66", status="cancelled")
    oslo_meeting = MeetingFactory(initiative=oslo, starts_at=at(2021, 9, 1), ends_at=at(2021, 9, 1, 20))
    RegistrationFactory(meeting=oslo_meeting, age_group="16-18", attended=True)
    RegistrationFactory(meeting=oslo_meeting, age_group="16-18", attended=True)

    # Surveys with the same indicator: Sommer in 2021 (answers 4 and 5, one unanswered), Skolevei in 2022 (2 and 3).
    indicator = IndicatorFactory(text=INDICATOR)
    survey_2021 = SurveyFactory(initiative=summer, opens_at=at(2021, 8, 20), closes_at=at(2021, 9, 20))
    q_2021 = QuestionFactory(survey=survey_2021, kind=QuestionKind.LIKERT, text=INDICATOR, indicator=indicator, choices=[])
    make_responses(survey_2021, [("youth", {q_2021: 4}), ("youth", {q_2021: 5}), ("adults", {})],
                   submitted_at=at(2021, 9, 1, 12))
    survey_2022 = SurveyFactory(initiative=school, opens_at=at(2022, 8, 20), closes_at=at(2022, 9, 20))
    q_2022 = QuestionFactory(survey=survey_2022, kind=QuestionKind.LIKERT, text=INDICATOR, indicator=indicator, choices=[])
    make_responses(survey_2022, [("adults", {q_2022: 2}), ("adults", {q_2022: 3})], submitted_at=at(2022, 9, 1, 12))
    survey_2022.responses.create(anonymous=True, completed=False)  # a half-finished answer counts nowhere

    # Insights: Sommer has 3 (2 acted on) and 1 merged away; Oslo has 1 not acted on.
    ideas = [InsightFactory(initiative=summer) for _ in range(3)]
    InsightFactory(initiative=summer, merged_into=ideas[0])
    InsightFactory(initiative=oslo)
    FollowUpActionFactory(initiative=summer, owner="police", status="started").insights.set(ideas[:2])
    FollowUpActionFactory(initiative=summer, owner="municipality", status="completed").insights.set(ideas[:1])
    FollowUpActionFactory(initiative=oslo, owner="volunteers", status="not_started")

    # Sommer told its citizens what happened; Oslo's page is still a draft.
    FeedbackPageFactory(initiative=summer, published_at=at(2021, 10, 1))
    FeedbackPageFactory(initiative=oslo)
    return World(summer=summer, school=school, oslo=oslo)


def grow(initiative, n):
    """Add n more of everything the overview counts to an initiative (for query-count tests)."""
    meeting = MeetingFactory(initiative=initiative, starts_at=at(2021, 6, 11), ends_at=at(2021, 6, 11, 20))
    for _ in range(n):
        RegistrationFactory(meeting=meeting, age_group="19-25")
    survey = SurveyFactory(initiative=initiative)
    make_responses(survey, [("adults", {})] * n)
    insights = [InsightFactory(initiative=initiative) for _ in range(n)]
    for insight in insights:
        FollowUpActionFactory(initiative=initiative, owner="business").insights.set([insight])
