"""Initiative pages as each kind of user meets them."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import selectors
from initiatives.models import Activity, Initiative
from tests.factories import ActivityFactory, InitiativeFactory, PartnershipFactory

EDIT_FORM = {
    "title": "En god sommer i Tønsberg",
    "problem": "Uro",
    "goal": "Trygghet",
    "involvement_mode": "co_producer",
    "phase": "explore",
    "status": "active",
}


def test_dashboard_shows_own_organisations_and_invited_initiatives_only(
    client_for, coordinator, initiative, other_initiative, editor
):
    page = client_for(coordinator).get(reverse("initiatives:dashboard")).content.decode()
    assert initiative.title in page and other_initiative.title not in page

    page = client_for(editor).get(reverse("initiatives:dashboard")).content.decode()
    assert initiative.title in page and other_initiative.title not in page


def test_national_team_sees_every_initiative(client_for, national, initiative, other_initiative):
    page = client_for(national).get(reverse("initiatives:dashboard")).content.decode()
    assert initiative.title in page and other_initiative.title in page


@pytest.mark.parametrize("who, offered", [("coordinator", True), ("national", True), ("editor", False)])
def test_the_new_initiative_button_is_offered_to_those_who_may_create_one(request, client_for, initiative, who, offered):
    """Police staff and the national team get the button; a partner neither gets it nor may open the page."""
    client = client_for(request.getfixturevalue(who))
    page = client.get(reverse("initiatives:dashboard")).content.decode()
    assert (reverse("initiatives:create") in page) is offered
    assert client.get(reverse("initiatives:create")).status_code == (200 if offered else 403)


def test_dashboard_is_norwegian_by_default(client_for, coordinator, initiative):
    page = client_for(coordinator).get(reverse("initiatives:dashboard")).content.decode()
    assert "Nytt initiativ" in page and 'lang="nb"' in page


def test_language_switch_to_english(client_for, coordinator, initiative):
    client = client_for(coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/initiativer/"})
    page = client.get(reverse("initiatives:dashboard")).content.decode()
    assert "New initiative" in page and 'lang="en"' in page


def test_coordinator_creates_initiative(client_for, coordinator, organisation):
    response = client_for(coordinator).post(
        reverse("initiatives:create"),
        {**EDIT_FORM, "title": "Nærmiljøprat", "owner_organisation": organisation.pk, "new_target_groups": "Ungdom, Foreldre"},
    )
    initiative = Initiative.objects.get(title="Nærmiljøprat")
    assert response.status_code == 302 and response.url == initiative.get_absolute_url()
    assert initiative.target_groups.count() == 2


def test_missing_title_and_wrong_dates_give_norwegian_errors_and_create_nothing(client_for, coordinator, organisation):
    response = client_for(coordinator).post(
        reverse("initiatives:create"),
        {**EDIT_FORM, "title": "", "owner_organisation": organisation.pk, "start_date": "2021-09-01", "end_date": "2021-05-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Feltet er påkrevet." in page
    assert "Sluttdatoen kan ikke være før startdatoen." in page
    assert "data-error-summary" in page
    assert not Initiative.objects.exists()


def test_coordinator_cannot_create_for_other_organisation(client_for, coordinator, other_organisation):
    response = client_for(coordinator).post(
        reverse("initiatives:create"), {**EDIT_FORM, "owner_organisation": other_organisation.pk}
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not Initiative.objects.exists()


def test_partner_cannot_create_initiatives(client_for, editor):
    assert client_for(editor).get(reverse("initiatives:create")).status_code == 403


def test_editor_can_edit_viewer_cannot(client, initiative, editor, viewer):
    url = reverse("initiatives:edit", args=[initiative.pk])
    client.force_login(viewer)
    assert client.post(url, {**EDIT_FORM, "title": "Kapret"}).status_code == 403
    client.force_login(editor)
    assert client.post(url, {**EDIT_FORM, "title": "Endret av partner"}).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Endret av partner"


def test_detail_shows_phase_step_indicator(client_for, coordinator, initiative):
    initiative.phase = "develop"
    initiative.save()
    page = client_for(coordinator).get(initiative.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in page and "Utvikle" in page


def test_runsheet_add_edit_move_delete_without_javascript(client_for, coordinator, initiative):
    client = client_for(coordinator)
    add = reverse("initiatives:activity_add", args=[initiative.pk])
    client.post(add, {"title": "Velkommen", "duration_minutes": 10})
    client.post(add, {"title": "Gruppearbeid", "starts_at": "2021-05-27T18:10", "roles": "Fasilitator per gruppe"})
    second = Activity.objects.get(title="Gruppearbeid")
    response = client.post(
        reverse("initiatives:activity_move", args=[initiative.pk, second.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert list(initiative.activities.values_list("title", flat=True)) == ["Gruppearbeid", "Velkommen"]
    client.post(reverse("initiatives:activity_edit", args=[initiative.pk, second.pk]), {"title": "Grupper"})
    client.post(reverse("initiatives:activity_delete", args=[initiative.pk, second.pk]))
    assert list(initiative.activities.values_list("title", flat=True)) == ["Velkommen"]


def test_runsheet_durations_add_up_to_a_timeline_with_start_times(client_for, coordinator, initiative):
    ActivityFactory(initiative=initiative, title="Rigging", position=0, duration_minutes=20)
    ActivityFactory(initiative=initiative, title="Velkommen", position=1, duration_minutes=10,
                    starts_at=datetime(2021, 5, 27, 18, 0, tzinfo=ZoneInfo("Europe/Oslo")))
    ActivityFactory(initiative=initiative, title="Gruppearbeid", position=2, duration_minutes=25)
    ActivityFactory(initiative=initiative, title="Plenum", position=3,
                    starts_at=datetime(2021, 5, 27, 18, 30, tzinfo=ZoneInfo("Europe/Oslo")))
    rows = {row.activity.title: row for row in selectors.activity_timeline(initiative=initiative)}
    assert rows["Rigging"].starts_at is None
    assert timezone.localtime(rows["Gruppearbeid"].starts_at).strftime("%H:%M") == "18:10" and not rows["Gruppearbeid"].planned
    assert rows["Plenum"].overlaps_previous  # group work runs to 18:35
    page = client_for(coordinator).get(reverse("initiatives:runsheet", args=[initiative.pk])).content.decode()
    assert "(20 minutter)" in page and "· 20 minutter" not in page  # no time: the duration alone, no stray dot
    assert ">18:10</time>–<time" in page and ">18:35</time>" in page
    assert "Starter før aktiviteten før er ferdig." in page


def test_runsheet_htmx_returns_only_the_section(client_for, coordinator, initiative):
    response = client_for(coordinator).post(
        reverse("initiatives:activity_add", args=[initiative.pk]), {"title": "Velkommen"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="runsheet"') and "<html" not in page
    assert "Velkommen" in page


def test_runsheet_htmx_edit_swaps_whole_section_after_save(client_for, coordinator, initiative):
    activity = ActivityFactory(initiative=initiative, title="Gammel")
    response = client_for(coordinator).post(
        reverse("initiatives:activity_edit", args=[initiative.pk, activity.pk]), {"title": "Ny"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Retarget"] == "#runsheet"
    assert "Ny" in response.content.decode()


def test_runsheet_invalid_activity_shows_error_and_adds_nothing(client_for, coordinator, initiative):
    response = client_for(coordinator).post(
        reverse("initiatives:activity_add", args=[initiative.pk]), {"title": "", "duration_minutes": "-5"}
    )
    assert "Feltet er påkrevet." in response.content.decode()
    assert not initiative.activities.exists()


def test_viewer_reads_runsheet_without_edit_controls(client_for, initiative, viewer):
    ActivityFactory(initiative=initiative, title="Velkommen")
    page = client_for(viewer).get(reverse("initiatives:runsheet", args=[initiative.pk])).content.decode()
    assert "Velkommen" in page and "Legg til aktivitet" not in page


def test_activity_of_another_initiative_is_404(client_for, coordinator, initiative, other_initiative):
    foreign = ActivityFactory(initiative=other_initiative)
    url = reverse("initiatives:activity_edit", args=[initiative.pk, foreign.pk])
    assert client_for(coordinator).get(url).status_code == 404


def test_the_dashboard_finds_initiatives_by_text_phase_status_and_owner(
    client_for, coordinator, national, initiative, other_initiative, organisation, other_organisation
):
    InitiativeFactory(owner_organisation=organisation, title="Trygg skolevei", municipality="Færder", phase="deliver")
    dashboard = reverse("initiatives:dashboard")
    client = client_for(coordinator)
    page = client.get(dashboard, {"q": "færder"}).content.decode()
    assert "Trygg skolevei" in page and initiative.title not in page and "1 initiativ passer." in page
    page = client.get(dashboard, {"phase": "deliver", "q": "sommer"}).content.decode()
    assert "0 initiativer passer." in page and "Trygg skolevei" not in page
    assert 'name="organisation"' not in page  # a coordinator's own initiatives: no owner to choose

    national_client = client_for(national)
    page = national_client.get(dashboard, {"organisation": other_organisation.pk}).content.decode()
    assert other_initiative.title in page and initiative.title not in page and "Trygg skolevei" not in page


def test_a_filter_value_that_is_not_a_choice_is_reported_and_left_out(client_for, coordinator, initiative):
    page = client_for(coordinator).get(reverse("initiatives:dashboard"), {"phase": "tull", "q": "sommer"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Velg et gyldig valg" in html and 'aria-invalid="true"' in html
    assert initiative.title in html  # the text filter still applies, the phase is left out


@pytest.mark.parametrize("size", [1, 30])
def test_dashboard_query_count_does_not_grow(client_for, coordinator, organisation, django_assert_max_num_queries, size):
    for initiative in InitiativeFactory.create_batch(size, owner_organisation=organisation):
        ActivityFactory.create_batch(2, initiative=initiative)
        PartnershipFactory(initiative=initiative)
    client = client_for(coordinator)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("initiatives:dashboard")).status_code == 200


@pytest.mark.parametrize("size", [1, 40])
def test_initiative_pages_query_count_does_not_grow(
    client_for, coordinator, initiative, django_assert_max_num_queries, size
):
    ActivityFactory.create_batch(size, initiative=initiative)
    for _ in range(size):
        PartnershipFactory(initiative=initiative)
    client = client_for(coordinator)
    for name in ("detail", "runsheet"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(f"initiatives:{name}", args=[initiative.pk])).status_code == 200
    with django_assert_max_num_queries(3):  # its lists kept since the first look: session, user, initiative
        assert client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("initiatives:partners", args=[initiative.pk])).status_code == 200


def test_initiative_links_to_the_action_plan_measures_it_serves(client_for, coordinator, initiative):
    from initiatives.plans import services as plan_services
    from initiatives.plans.models import Measure

    plan_services.action_plan_import(
        name="Gode krefter",
        rows=[{"nr": "18", "package": "Tidlig innsats", "title": "Videreutvikle politiets bekymringssamtale", "responsible": "JD", "period": "2009–2011", "status": "Igangsatt"}],
    )
    measure = Measure.objects.get()
    client = client_for(coordinator)
    response = client.post(reverse("initiatives:edit", args=[initiative.pk]), {**EDIT_FORM, "measures": [measure.pk]})
    assert response.status_code == 302
    assert list(initiative.measures.all()) == [measure]
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Gode krefter – 18. Videreutvikle politiets bekymringssamtale" in page


def test_the_initiative_page_shows_each_change_to_what_it_lists_at_once(
    client_for, coordinator, initiative, other_initiative
):
    """Its target groups, run sheet, measures and story are kept between looks; each write to one of them is seen
    on the next look, from either side of a link, and a write in another initiative keeps them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from initiatives import services
    from initiatives.models import Status, TargetGroup
    from initiatives.plans import services as plan_services
    from reports import story_services

    client = client_for(coordinator)

    def page() -> str:
        return " ".join(client.get(initiative.get_absolute_url()).content.decode().split())

    assert "Ingen aktiviteter er planlagt ennå." in page()
    youth = TargetGroup.objects.create(name="Ungdom 13–17")
    services.initiative_update(initiative=initiative, target_groups=[youth])
    assert "<dd>Ungdom 13–17</dd>" in page()
    youth.name = "Ungdom 13–19"
    youth.save()
    assert "<dd>Ungdom 13–19</dd>" in page()

    welcome = services.activity_create(initiative=initiative, title="Velkommen")
    groups = services.activity_create(initiative=initiative, title="Gruppearbeid")
    assert "<li>Velkommen</li><li>Gruppearbeid</li>" in page()
    services.activity_move(activity=groups, direction="up")
    assert "<li>Gruppearbeid</li><li>Velkommen</li>" in page()
    services.activity_update(activity=welcome, title="Velkommen og kaffe")
    services.activity_delete(activity=groups)
    assert "<li>Velkommen og kaffe</li>" in page() and "Gruppearbeid" not in page()

    row = {"nr": "18", "package": "Tidlig innsats", "title": "Bekymringssamtalen", "status": "Igangsatt"}
    plan_services.action_plan_import(name="Gode krefter", rows=[row])
    measure = initiative.measures.model.objects.get()
    assert "Bekymringssamtalen" not in page()
    measure.initiatives.add(initiative)  # linked from the measure's side
    assert "Gode krefter – 18. Bekymringssamtalen" in page()
    plan_services.action_plan_import(name="Gode krefter", rows=[{**row, "title": "Videreutvikle bekymringssamtalen"}])
    assert "Gode krefter – 18. Videreutvikle bekymringssamtalen" in page()
    services.initiative_update(initiative=initiative, measures=[])
    assert "Bekymringssamtalen" not in page() and "bekymringssamtalen" not in page()

    with CaptureQueriesContext(connection) as kept:
        page()
    services.activity_create(initiative=other_initiative, title="Et annet møte")
    with CaptureQueriesContext(connection) as after_elsewhere:
        page()
    assert len(after_elsewhere) == len(kept)

    initiative.status = Status.COMPLETED
    initiative.save()
    story = story_services.story_publish(initiative=initiative, user=coordinator, summary="Vi gjorde", lessons="Vi lærte")
    assert f'href="{story.get_absolute_url()}">Les den publiserte historien' in page()
    story_services.story_withdraw(story=story)
    assert "Les den publiserte historien" not in page()


def test_a_dashboard_card_gives_phase_status_period_groups_and_run_sheet_in_norwegian(
    client_for, coordinator, organisation
):
    from datetime import date

    from initiatives.models import TargetGroup

    initiative = InitiativeFactory(
        owner_organisation=organisation,
        title="Trygg sommer på brygga",
        phase="explore",
        status="active",
        start_date=date(2026, 6, 1),
        end_date=date(2026, 8, 31),
    )
    initiative.target_groups.set([TargetGroup.objects.create(name="Ungdom 13–15 år")])
    ActivityFactory.create_batch(2, initiative=initiative)
    page = client_for(coordinator).get(reverse("initiatives:dashboard")).content.decode()
    card = page[page.index("Trygg sommer på brygga"):]
    card = card[: card.index("</li>")]
    for text in ("Utforske", "Pågår", "01.06.2026 – 31.08.2026", "Ungdom 13–15 år", "Kjøreplan", "2 aktiviteter"):
        assert text in card
