"""Who we did not hear: reach per target group against its size, flagged while the survey is still open."""
import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.reach import target_group_reach
from dialogues.surveys.models import Response
from initiatives.models import TargetGroup, TargetGroupSize
from initiatives.services import target_group_size_set
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.surveys.factories import SurveyFactory


@pytest.fixture
def tonsberg(initiative):
    """The Tønsberg survey: open, 91 adults and 9 youth answered, for an initiative whose target group is youth."""
    youth = TargetGroup.objects.create(name="Ungdom 13–18")
    initiative.target_groups.add(youth)
    target_group_size_set(initiative=initiative, target_group_id=youth.pk, size=400,
                          note="ca. 400 ungdomsskoleelever i området", ages="youth")
    survey = SurveyFactory(initiative=initiative, title="Evaluering av sommeren")
    now = timezone.now()
    Response.objects.bulk_create(
        [Response(survey=survey, completed=True, respondent_group="adults", submitted_at=now) for _ in range(91)]
        + [Response(survey=survey, completed=True, respondent_group="youth", submitted_at=now) for _ in range(9)]
    )
    meeting = MeetingFactory(initiative=initiative)
    RegistrationFactory(meeting=meeting, age_group="16-18", attended=True)
    RegistrationFactory(meeting=meeting, age_group="26-66")
    return {"youth": youth, "survey": survey}


def test_youth_at_9_percent_is_flagged_against_a_youth_target_group(tonsberg, initiative):
    (row,) = target_group_reach(initiative=initiative)
    assert (row.target_group, row.size, row.registered, row.attended, row.answered) == ("Ungdom 13–18", 400, 1, 1, 9)
    assert (row.answered_percent, row.expected_percent, row.under_represented) == (9, 100, True)


def test_a_group_reached_in_proportion_is_not_flagged(tonsberg, initiative):
    adults = TargetGroup.objects.create(name="Foreldre")
    initiative.target_groups.add(adults)
    target_group_size_set(initiative=initiative, target_group_id=adults.pk, size=4000, ages="adults")
    rows = {row.target_group: row for row in target_group_reach(initiative=initiative)}
    assert rows["Ungdom 13–18"].expected_percent == 9 and not rows["Ungdom 13–18"].under_represented
    assert rows["Foreldre"].answered_percent == 91 and not rows["Foreldre"].under_represented


def test_the_survey_results_show_it_while_the_survey_is_open(tonsberg, initiative, client_for, coordinator):
    survey = tonsberg["survey"]
    assert survey.is_open()
    html = client_for(coordinator).get(reverse("surveys:results", args=[initiative.pk, survey.pk])).content.decode()
    assert "Underrepresentert" in html
    assert "Ungdom 13–18 ga 9 % av svarene, men er 100 % av dem initiativet vil nå." in html


def test_the_reach_page_sets_sizes_and_refuses_bad_ones(tonsberg, initiative, client_for, coordinator, viewer):
    youth = tonsberg["youth"]
    client = client_for(coordinator)
    prefix = f"tg-{youth.pk}"
    bad = client.post(reverse("dialogues:reach", args=[initiative.pk]), {f"{prefix}-size": "-5", f"{prefix}-ages": "youth"})
    assert bad.status_code == 400 and "Skriv størrelsen som et helt tall over 0" in bad.content.decode()
    assert TargetGroupSize.objects.get().size == 400
    client.post(reverse("dialogues:reach", args=[initiative.pk]),
                {f"{prefix}-size": "450", f"{prefix}-note": "SSB 2024", f"{prefix}-ages": "youth"})
    assert TargetGroupSize.objects.get().size == 450
    reader = client_for(viewer)
    assert "Underrepresentert" in reader.get(reverse("dialogues:reach", args=[initiative.pk])).content.decode()
    assert reader.post(reverse("dialogues:reach", args=[initiative.pk]), {f"{prefix}-size": "1", f"{prefix}-ages": "youth"}).status_code == 403
    assert TargetGroupSize.objects.get().size == 450


def test_the_leaders_summary_names_the_group_we_did_not_hear(tonsberg, initiative):
    from reports.leader_summary import leader_summary_data

    (reach,) = leader_summary_data(initiative=initiative)["who"]["reach"]
    assert reach == {"group": "Ungdom 13–18", "size": 400, "answered_percent": 9, "expected_percent": 100,
                     "under_represented": True}


def test_every_signup_answer_and_change_is_counted_at_the_next_look(tonsberg, initiative, client_for, coordinator):
    """The counts are kept between looks (a large survey's answers take a scan), so each write must replace them."""
    from dialogues.services import registration_cancel, registration_set_attended

    survey = tonsberg["survey"]
    results = reverse("surveys:results", args=[initiative.pk, survey.pk])
    client = client_for(coordinator)

    def youth():
        (row,) = target_group_reach(initiative=initiative)
        return row.registered, row.attended, row.answered

    assert "Ungdom 13–18 ga 9 % av svarene" in client.get(results).content.decode()
    for _ in range(11):
        Response.objects.create(survey=survey, completed=True, respondent_group="youth", submitted_at=timezone.now())
    assert "Ungdom 13–18 ga 18 % av svarene" in client.get(results).content.decode()

    meeting = MeetingFactory(initiative=initiative)
    pupil = RegistrationFactory(meeting=meeting, age_group="13-15")
    assert youth() == (2, 1, 20)
    registration_set_attended(registration=pupil, attended=True)
    assert youth() == (2, 2, 20)
    registration_cancel(registration=pupil)
    assert youth() == (1, 1, 20)
    RegistrationFactory(meeting=meeting, age_group="16-18")
    assert youth() == (2, 1, 20)
    meeting.delete()
    assert youth() == (1, 1, 20)
    survey.delete()
    assert youth() == (1, 1, 0)
