"""Stories ("skattekisten"): police staff everywhere read them; the initiative's coordinator publishes them."""
import re

import pytest
import rules
from django.urls import reverse

from reports.models import Story
from tests.factories import CoordinatorFactory, InitiativeFactory
from tests.reports.summary_factories import fill_initiative, finish, make_story

pytestmark = pytest.mark.django_db

LIST = reverse("stories:list")


@pytest.fixture
def story(initiative):
    fill_initiative(initiative)
    return make_story(initiative)


def test_police_staff_of_another_district_read_the_story(client_for, other_coordinator, story):
    client = client_for(other_coordinator)
    listing = client.get(LIST).content.decode()
    assert story.get_absolute_url() in listing and "En god sommer i Tønsberg" in listing

    page = client.get(story.get_absolute_url()).content.decode()
    assert "Færre ungdommer involvert i kriminalitet" in page  # goal
    assert "Ungdom 13–15 år" in page  # target group
    assert "Medutvikler i forbedringsarbeid" in page  # involvement mode
    assert "Velkommen og innledning" in page and "Vert, gruppeledere" in page  # run sheet
    assert "Start tidlig, og møt ungdommen der de er." in page
    assert "14 møtte (15 påmeldt)" in page
    assert "1 av 2" in page  # actions done
    # They cannot open the initiative itself.
    assert story.initiative.get_absolute_url() not in page


def test_a_story_shows_no_personal_data(client_for, other_coordinator, story):
    page = client_for(other_coordinator).get(story.get_absolute_url()).content.decode()
    assert "Kari Hemmelig" not in page  # the run sheet's "responsible"
    assert not re.search(r"Deltaker \d", page)  # participants' names
    assert "deltaker" not in page  # participants' e-mail addresses


def test_the_national_team_reads_stories(client_for, national, story):
    assert client_for(national).get(story.get_absolute_url()).status_code == 200


def test_the_main_menu_links_to_stories(client_for, coordinator):
    page = client_for(coordinator).get(reverse("initiatives:dashboard")).content.decode()
    assert f'href="{LIST}"' in page and ">Historier<" in page


@pytest.mark.parametrize("partner", ["viewer", "editor", "stranger"])
def test_partners_cannot_read_stories(client_for, story, partner, request):
    client = client_for(request.getfixturevalue(partner))
    assert client.get(LIST).status_code == 403
    assert client.get(story.get_absolute_url()).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, story):
    for url in (LIST, story.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_an_unknown_story_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("stories:detail", args=[999])).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_runs_a_fixed_number_of_queries(client_for, other_coordinator, count, django_assert_max_num_queries):
    for _ in range(count):
        make_story(InitiativeFactory())
    client = client_for(other_coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.content.decode().count('class="ds-card"') == count


def test_the_story_page_runs_a_fixed_number_of_queries(client_for, other_coordinator, story, django_assert_max_num_queries):
    client = client_for(other_coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(story.get_absolute_url()).status_code == 200


# Publishing -------------------------------------------------------------------------------


def publish_url(initiative):
    return reverse("reports:story_publish", args=[initiative.pk])


def test_the_coordinator_publishes_a_finished_initiative(client_for, coordinator, initiative):
    finish(initiative)
    client = client_for(coordinator)
    detail = client.get(initiative.get_absolute_url()).content.decode()
    assert publish_url(initiative) in detail

    response = client.post(publish_url(initiative), {"summary": "Vi inviterte.", "lessons": "Start tidlig.", "method": "Nærmiljøprat"})
    story = Story.objects.get()
    assert response.status_code == 302 and response.url == story.get_absolute_url()
    assert story.published_by == coordinator
    assert story.get_absolute_url() in client.get(initiative.get_absolute_url()).content.decode()


def test_the_form_suggests_the_meetings_method(client_for, coordinator, initiative):
    from dialogues.models import MethodCard
    from tests.dialogues.factories import MeetingFactory

    MeetingFactory(initiative=finish(initiative), method=MethodCard.objects.get_or_create(name="Nærmiljøprat", defaults={"slug": "naermiljoprat-test"})[0])
    page = client_for(coordinator).get(publish_url(initiative)).content.decode()
    assert ">Nærmiljøprat<" in page or 'value="Nærmiljøprat"' in page


def test_missing_text_is_explained_and_nothing_is_published(client_for, coordinator, initiative):
    finish(initiative)
    response = client_for(coordinator).post(publish_url(initiative), {"summary": "", "lessons": "", "method": ""})
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert not Story.objects.exists()


def test_an_initiative_that_is_not_finished_cannot_be_published(client_for, coordinator, initiative):
    client = client_for(coordinator)
    assert publish_url(initiative) not in client.get(initiative.get_absolute_url()).content.decode()
    page = client.get(publish_url(initiative)).content.decode()
    assert "Bare et avsluttet initiativ kan publiseres" in page
    response = client.post(publish_url(initiative), {"summary": "x", "lessons": "y"})
    assert response.status_code == 200 and "Bare et avsluttet initiativ" in response.content.decode()
    assert not Story.objects.exists()


def test_the_coordinator_withdraws_a_story(client_for, coordinator, initiative):
    make_story(initiative)
    response = client_for(coordinator).post(reverse("reports:story_withdraw", args=[initiative.pk]))
    assert response.status_code == 302 and not Story.objects.exists()


@pytest.mark.parametrize("partner", ["viewer", "editor"])
def test_partners_of_the_initiative_may_not_publish(client_for, initiative, partner, request):
    finish(initiative)
    client = client_for(request.getfixturevalue(partner))
    assert client.get(publish_url(initiative)).status_code == 403
    assert client.post(publish_url(initiative), {"summary": "x", "lessons": "y"}).status_code == 403
    make_story(initiative)
    assert client.post(reverse("reports:story_withdraw", args=[initiative.pk])).status_code == 403
    assert Story.objects.count() == 1


@pytest.mark.parametrize("outsider", ["other_coordinator", "stranger"])
def test_outsiders_get_404_when_publishing(client_for, initiative, outsider, request):
    finish(initiative)
    client = client_for(request.getfixturevalue(outsider))
    assert client.get(publish_url(initiative)).status_code == 404
    assert client.post(publish_url(initiative), {"summary": "x", "lessons": "y"}).status_code == 404
    assert not Story.objects.exists()


def test_anonymous_is_sent_to_log_in_when_publishing(client, initiative):
    for url in (publish_url(initiative), reverse("reports:story_withdraw", args=[initiative.pk])):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_national_team_publishes_any_districts_story(client_for, national, initiative):
    finish(initiative)
    client_for(national).post(publish_url(initiative), {"summary": "Vi inviterte.", "lessons": "Start tidlig."})
    assert Story.objects.get().published_by == national


# Rules -------------------------------------------------------------------------------------


def test_who_may_read_and_publish_stories(initiative, coordinator, other_coordinator, national, editor, viewer, stranger):
    readers = {user: rules.has_perm("reports.view_stories", user) for user in (coordinator, other_coordinator, national, editor, viewer, stranger)}
    assert readers == {coordinator: True, other_coordinator: True, national: True, editor: False, viewer: False, stranger: False}
    publishers = {user for user in (coordinator, other_coordinator, national, editor, viewer, stranger)
                  if rules.has_perm("reports.publish_story", user, initiative)}
    assert publishers == {coordinator, national}


def test_a_coordinator_of_another_organisation_is_police_staff_but_no_partner(initiative):
    colleague = CoordinatorFactory(organisation=initiative.owner_organisation)
    assert rules.has_perm("reports.publish_story", colleague, initiative)
