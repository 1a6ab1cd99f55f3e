"""One of every object in one initiative: the world the URL walks (access and accessibility) run in."""
import pytest
from django.urls import reverse
from django.utils import timezone

from innbyggerstemmen.core.urlwalk import url_arguments
from tests.dialogues.factories import GroupFactory, MeetingFactory, RegistrationFactory
from tests.factories import ActivityFactory, InvitationFactory
from tests.insights.factories import FeedbackPageFactory, FollowUpActionFactory, IdeaWallImportFactory, InsightFactory
from tests.surveys.factories import QuestionFactory, RecipientFactory, SurveyFactory


def build_world(*, initiative, editor) -> dict:
    """URL arguments by name ("pk", "meeting_pk", …, or "namespace:name" where a name means different things)."""
    from dialogues.live import services as live_services
    from dialogues.models import MethodCard
    from dialogues.surveys.models import Answer, Response
    from initiatives.plans import services as plan_services
    from initiatives.plans.models import ActionPlan, StatusReport
    from insights.citizen_news import unsubscribe_url
    from insights.models import Handoff
    from reports.models import Story

    meeting = MeetingFactory(initiative=initiative)
    survey = SurveyFactory(initiative=initiative)
    question = QuestionFactory(survey=survey, kind="long_text")
    plan_services.action_plan_import(
        name="Testplan",
        rows=[{"nr": "1", "package": "A", "title": "Tiltak", "responsible": "JD", "period": "2020", "status": ""}],
    )
    plan = ActionPlan.objects.get(name="Testplan")
    report = StatusReport.objects.create(plan=plan, title="Status", as_of="2021-01-01")
    response = Response.objects.create(survey=survey, completed=True, submitted_at=timezone.now())
    answer = Answer.objects.create(response=response, question=question, text="Mer lys i parken")
    story = Story.objects.create(
        initiative=initiative, summary="Nærmiljøprat i to runder.", lessons="Politiet når fram.", published_at=timezone.now()
    )
    method, _created = MethodCard.objects.get_or_create(slug="naermiljoprat", defaults={"name": "Nærmiljøprat"})
    group = GroupFactory(meeting=meeting)
    wall = live_services.wall_open(meeting=meeting)
    live_services.prompt_add(wall=wall, text="Hva er en god sommer?")
    return {
        "pk": initiative.pk,
        "activity_pk": ActivityFactory(initiative=initiative).pk,
        "invitation_pk": InvitationFactory(initiative=initiative).pk,
        "partnership_pk": editor.partnerships.get().pk,
        "meeting_pk": meeting.pk,
        "registration_pk": RegistrationFactory(meeting=meeting).pk,
        "group_pk": group.pk,
        "survey_pk": survey.pk,
        "question_pk": question.pk,
        "answer_pk": answer.pk,
        "insight_pk": InsightFactory(initiative=initiative).pk,
        "action_pk": FollowUpActionFactory(initiative=initiative).pk,
        "import_pk": IdeaWallImportFactory(initiative=initiative).pk,
        "fmt": "svg",
        "number": 1,
        "plans:slug": plan.slug,
        "plans:pk": report.pk,
        "stories:pk": story.pk,
        "dialogues:method_detail:slug": method.slug,
        "dialogues:method_copy:slug": method.slug,
        "dialogues:slug": meeting.slug,
        "surveys:slug": survey.slug,
        "insights:slug": FeedbackPageFactory(initiative=initiative).slug,
        "dialogues:token": RegistrationFactory(meeting=meeting).token,
        "surveys:token": RecipientFactory(survey=survey).token,
        "invitations:token": "not-a-valid-token",
        "live:code": wall.codes.get(group=group).code,
        "insights:handoff_receipt:token": Handoff.objects.create(
            insight=InsightFactory(initiative=initiative, is_surplus=True), to_email="mottak@example.no"
        ).token,
        "insights:token": unsubscribe_url(initiative_id=initiative.pk, email="ja@example.no", kind="feedback").rstrip("/").rsplit("/", 1)[-1],
        "live:slug": meeting.slug,
    }


def url_for(name, kwarg_names, world) -> str:
    kwargs = url_arguments(name, kwarg_names, world)
    if kwargs is None:
        pytest.fail(f"{name}: add a value for each of {kwarg_names} to build_world() in tests/world.py")
    return reverse(name, kwargs=kwargs)
