"""The method library: reading method cards and copying a card's run sheet into an initiative."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogues import method_services
from dialogues.models import MethodCard
from initiatives.models import Activity
from tests.factories import ActivityFactory

LIST = reverse("dialogues:method_list")


@pytest.fixture
def naermiljoprat(db):
    return MethodCard.objects.get(slug="naermiljoprat")


def detail(method):
    return reverse("dialogues:method_detail", args=[method.slug])


def copy(method):
    return reverse("dialogues:method_copy", args=[method.slug])


def titles(initiative):
    return list(initiative.activities.order_by("position").values_list("title", flat=True))


def test_the_seeded_cards_are_filled_in(db):
    cards = {card.slug: card for card in MethodCard.objects.all()}
    assert {"naermiljoprat", "dialogmote", "verksted", "brukertest", "sporreundersokelse"} <= set(cards)
    for slug in ("naermiljoprat", "dialogmote", "verksted", "brukertest", "sporreundersokelse"):
        card = cards[slug]
        assert card.purpose and card.when_to_use and card.preparation_items and card.role_items and card.pitfall_items
        assert card.run_sheet_template and card.full_clean() is None
    assert [a["title"] for a in cards["naermiljoprat"].run_sheet_template] == [
        "Velkommen",
        "Gruppearbeid: Hva er en god sommer?",
        "Deling i plenum",
        "Gruppearbeid: Hva kan vi gjøre sammen?",
        "Oppsummering og veien videre",
    ]


@pytest.mark.parametrize(
    "template",
    [{"title": "x"}, [{"purpose": "uten tittel"}], [{"title": "Velkommen", "duration_minutes": "ti"}], [{"title": "A", "varighet": 5}]],
)
def test_a_broken_run_sheet_template_is_refused(naermiljoprat, template):
    naermiljoprat.run_sheet_template = template
    with pytest.raises(ValidationError) as error:
        naermiljoprat.full_clean()
    assert "run_sheet_template" in error.value.message_dict


def test_coordinator_and_partner_read_the_library(client_for, coordinator, viewer, naermiljoprat):
    for user in (coordinator, viewer):
        client = client_for(user)
        page = client.get(LIST).content.decode()
        assert "Nærmiljøprat" in page and "Brukertest" in page
        page = client.get(detail(naermiljoprat)).content.decode()
        assert "Gruppearbeid: Hva er en god sommer?" in page
        assert "Sjekkliste for forberedelser" in page
        assert "Forankre opplegget i politirådet" in page


def test_the_library_is_for_signed_in_staff_and_partners(client, client_for, stranger, naermiljoprat):
    for url in (LIST, detail(naermiljoprat)):
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
        assert client_for(stranger).get(url).status_code == 403  # an account with no invitation at all
    assert client_for(stranger).get(reverse("dialogues:method_detail", args=["finnes-ikke"])).status_code == 403


def test_an_unknown_method_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("dialogues:method_detail", args=["finnes-ikke"])).status_code == 404


def test_copy_appends_the_activities_in_order(client_for, coordinator, initiative, naermiljoprat):
    ActivityFactory(initiative=initiative, title="Forberedelsesmøte", position=0)
    client = client_for(coordinator)
    assert f'<option value="{initiative.pk}">' in client.get(detail(naermiljoprat)).content.decode()

    response = client.post(copy(naermiljoprat), {"initiative": initiative.pk}, follow=True)

    welcome = initiative.activities.get(title="Velkommen")
    assert response.redirect_chain[-1][0] == reverse("initiatives:runsheet", args=[initiative.pk]) + f"#activity-{welcome.pk}"
    assert "5 aktiviteter fra «Nærmiljøprat» ble lagt til i kjøreplanen." in response.content.decode()
    assert titles(initiative) == [
        "Forberedelsesmøte",
        "Velkommen",
        "Gruppearbeid: Hva er en god sommer?",
        "Deling i plenum",
        "Gruppearbeid: Hva kan vi gjøre sammen?",
        "Oppsummering og veien videre",
    ]
    group_work = initiative.activities.get(title="Gruppearbeid: Hva er en god sommer?")
    assert (group_work.duration_minutes, group_work.roles) == (25, "Fasilitator og referent per gruppe")
    assert list(initiative.activities.order_by("position").values_list("position", flat=True)) == [0, 1, 2, 3, 4, 5]


def test_a_copied_method_gets_start_times_from_the_time_given_and_its_durations(
    client_for, coordinator, initiative, naermiljoprat
):
    client = client_for(coordinator)
    assert "Første aktivitet starter (valgfritt)" in client.get(detail(naermiljoprat)).content.decode()
    response = client.post(copy(naermiljoprat), {"initiative": initiative.pk, "starts_at": "2027-06-10T18:00"}, follow=True)
    page = response.content.decode()
    # Velkommen 10 min, group work 25, plenary …: each starts when the one before ends.
    assert '<time datetime="2027-06-10T18:00:00+02:00">18:00</time>–<time datetime="2027-06-10T18:10:00+02:00">18:10</time>' in page
    assert "ca.</abbr>\n        <time datetime=\"2027-06-10T18:10:00+02:00\">18:10</time>" in page
    assert "· 20 minutter" not in page
    bad = client.post(copy(naermiljoprat), {"initiative": initiative.pk, "starts_at": "i morgen"})
    assert bad.status_code == 400 and initiative.activities.count() == 5  # nothing more copied
    assert "Oppgi gyldig dato og tidspunkt." in bad.content.decode()


def test_a_facilitator_may_copy(client_for, facilitator, initiative, naermiljoprat):
    client_for(facilitator).post(copy(naermiljoprat), {"initiative": initiative.pk})
    assert len(titles(initiative)) == 5


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("other_coordinator", 404), ("stranger", 403)])
def test_without_change_runsheet_nothing_is_copied(request, client_for, initiative, naermiljoprat, who, status):
    user = request.getfixturevalue(who)
    client = client_for(user)
    if who == "viewer":
        assert f'value="{initiative.pk}"' not in client.get(detail(naermiljoprat)).content.decode()
    assert client.post(copy(naermiljoprat), {"initiative": initiative.pk}).status_code == status
    assert not Activity.objects.exists()


def test_copy_needs_a_chosen_initiative(client_for, coordinator, initiative, naermiljoprat):
    response = client_for(coordinator).post(copy(naermiljoprat), {"initiative": ""})
    assert response.status_code == 400
    assert "Feltet er påkrevet." in response.content.decode()
    assert not Activity.objects.exists()


def test_copy_is_post_only_and_needs_login(client, client_for, coordinator, initiative, naermiljoprat):
    assert client_for(coordinator).get(copy(naermiljoprat)).status_code == 405
    client.logout()
    response = client.post(copy(naermiljoprat), {"initiative": initiative.pk})
    assert response.status_code == 302 and not Activity.objects.exists()


def test_copy_service_uses_the_method_name_when_the_template_has_no_method(initiative, naermiljoprat):
    naermiljoprat.run_sheet_template = [{"title": "Innsjekk", "duration_minutes": 5}]
    [activity] = method_services.method_copy_to_runsheet(method=naermiljoprat, initiative=initiative)
    assert (activity.title, activity.method, activity.duration_minutes) == ("Innsjekk", "Nærmiljøprat", 5)


def test_national_team_edits_cards_in_the_admin(client_for, national, naermiljoprat):
    client = client_for(national)
    national.is_superuser = True
    national.save(update_fields=["is_superuser"])
    page = client.get(reverse("admin:dialogues_methodcard_change", args=[naermiljoprat.pk])).content.decode()
    assert "Gruppearbeid: Hva er en god sommer?" in page
    assert f'href="{reverse("admin:dialogues_methodcard_change", args=[naermiljoprat.pk])}"' in client.get(
        detail(naermiljoprat)
    ).content.decode()


@pytest.mark.parametrize("size", [1, 15])
def test_detail_queries_do_not_grow_with_initiatives(client_for, coordinator, organisation, naermiljoprat, size,
                                                      django_assert_num_queries):
    from tests.factories import InitiativeFactory

    InitiativeFactory.create_batch(size, owner_organisation=organisation)
    client = client_for(coordinator)
    with django_assert_num_queries(6):
        response = client.get(detail(naermiljoprat))
    assert response.content.decode().count("<option") == size + 1
