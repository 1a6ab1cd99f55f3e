"""Insight pages as the people who use them see them."""
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from initiatives.models import TargetGroup
from innbyggerstemmen.core.models import OutgoingEmail
from insights import services
from insights.models import FollowUpAction, Insight
from insights.selectors import ACTION_FORM_INSIGHTS, BOARD_COLUMN_SIZE
from tests.dialogues.factories import MeetingFactory
from tests.insights.factories import FeedbackPageFactory, FollowUpActionFactory, InsightFactory, ThemeFactory

# (url name, needs insight/action, method, permission level)
URLS = [
    ("insight_list", None, "get", "view"),
    ("insight_add", None, "post", "change"),
    ("insight_bulk", None, "get", "change"),
    ("insight_bulk_action", None, "post", "change"),
    ("board", None, "get", "view"),
    ("insight_detail", "insight", "get", "view"),
    ("insight_edit", "insight", "get", "change"),
    ("action_list", None, "get", "view"),
    ("action_create", None, "get", "change"),
    ("action_detail", "action", "get", "view"),
    ("action_edit", "action", "get", "change"),
    ("progress_note_add", "action", "post", "change"),
    ("kuba", None, "get", "view"),
    ("kuba_edit", None, "get", "kuba"),
    ("kuba_fill", None, "post", "kuba"),
    ("kuba_decisions", None, "post", "kuba"),
    # Asking for the PDF is reading: the worker makes it (in-process here), then it downloads.
    ("kuba_pdf_request", None, "post", "view"),
    ("kuba_pdf_status", None, "get", "view"),
    ("kuba_pdf", None, "get", "view"),
    ("feedback_manage", None, "get", "view"),
    ("feedback_publish", None, "post", "kuba"),
    ("feedback_unpublish", None, "post", "kuba"),
]


def _url(name, initiative, obj):
    args = [initiative.pk] + ([obj.pk] if obj is not None else [])
    return reverse(f"insights:{name}", args=args)


@pytest.fixture
def kuba_ready(initiative):
    kuba_input = services.kuba_input_get_or_create(initiative=initiative)
    return kuba_input


@pytest.fixture
def urls(initiative, insight, action, kuba_ready):
    objects = {None: None, "insight": insight, "action": action}
    return [(name, _url(name, initiative, objects[obj]), method, level) for name, obj, method, level in URLS]


def test_anonymous_is_sent_to_login_everywhere(client, urls):
    for name, url, method, _level in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert "/konto/login/" in response["Location"], name


@pytest.mark.parametrize("outsider", ["other_coordinator", "stranger"])
def test_outsiders_get_not_found_everywhere(request, client_for, urls, outsider):
    client = client_for(request.getfixturevalue(outsider))
    for name, url, method, _level in urls:
        assert getattr(client, method)(url).status_code == 404, name


def test_viewer_reads_but_cannot_change(client_for, viewer, urls):
    client = client_for(viewer)
    for name, url, method, level in urls:
        status = getattr(client, method)(url).status_code
        if level == "view":
            assert status == (302 if method == "post" else 200), name  # asking for the PDF leads back to KUBA
        else:
            assert status == 403, name


def test_editor_works_with_insights_but_kuba_and_publishing_are_the_coordinators(client_for, editor, urls):
    client = client_for(editor)
    for name, url, method, level in urls:
        status = getattr(client, method)(url).status_code
        if level == "kuba":
            assert status == 403, name
        elif method == "post":
            # Done and redirected; the two forms posted empty are shown again with their error.
            assert status == (200 if name in ("insight_add", "progress_note_add") else 302), name
        else:
            assert status == 200, name


def test_objects_of_another_initiative_are_not_found(client_for, coordinator, initiative, other_initiative):
    foreign_insight = InsightFactory(initiative=other_initiative)
    foreign_action = FollowUpActionFactory(initiative=other_initiative)
    client = client_for(coordinator)
    assert client.get(_url("insight_detail", initiative, foreign_insight)).status_code == 404
    assert client.get(_url("insight_edit", initiative, foreign_insight)).status_code == 404
    assert client.get(_url("action_detail", initiative, foreign_action)).status_code == 404
    assert client.post(_url("progress_note_add", initiative, foreign_action)).status_code == 404


# Capture -------------------------------------------------------------------------


def test_quick_entry_with_htmx_returns_a_fresh_form_and_the_new_insight(client_for, coordinator, initiative):
    client = client_for(coordinator)
    response = client.post(
        reverse("insights:insight_add", args=[initiative.pk]),
        {"text": "Flere aktiviteter på kveldstid", "kind": "idea", "source": "citizens", "themes": "Aktiviteter",
         "actors": ["municipality", "volunteers"]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="afterbegin:#insight-list"' in html
    assert "Flere aktiviteter på kveldstid" in html
    # The fresh form keeps kind, source and themes for the next insight, with the text empty.
    assert 'value="Aktiviteter"' in html
    assert re.search(r"<textarea[^>]*data-quick-entry-text[^>]*>\s*</textarea>", html)
    insight = Insight.objects.get()
    assert insight.actors == ["municipality", "volunteers"]
    assert [t.name for t in insight.themes.all()] == ["Aktiviteter"]


def test_quick_entry_without_javascript_redirects_back_to_the_list(client_for, coordinator, initiative):
    client = client_for(coordinator)
    url = reverse("insights:insight_add", args=[initiative.pk])
    response = client.post(url, {"text": "Trygg vei til skolen", "kind": "need", "source": "citizens"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("insights:insight_list", args=[initiative.pk])
    assert "Trygg vei til skolen" in response.content.decode()


def test_quick_entry_warns_about_a_phone_number_and_saves_when_confirmed(client_for, coordinator, initiative):
    client = client_for(coordinator)
    url = reverse("insights:insight_add", args=[initiative.pk])
    data = {"text": "Ring meg på 912 34 567", "kind": "idea", "source": "citizens"}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert "et telefonnummer" in response.content.decode()
    assert not Insight.objects.exists()
    client.post(url, {**data, "confirm_personal_data": "on"}, headers={"HX-Request": "true"})
    assert Insight.objects.get().text == "Ring meg på 912 34 567"


def test_quick_entry_refuses_another_initiatives_meeting_and_saves_nothing(
    client_for, coordinator, initiative, other_initiative
):
    """The form shows the kept meetings, but what is sent is checked against this initiative's own."""
    mine, theirs = MeetingFactory(initiative=initiative), MeetingFactory(initiative=other_initiative)
    client = client_for(coordinator)
    url = reverse("insights:insight_add", args=[initiative.pk])
    data = {"text": "Trygg vei til skolen", "kind": "need", "source": "citizens"}
    response = client.post(url, {**data, "meeting": theirs.pk}, headers={"HX-Request": "true"})
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Insight.objects.exists()
    client.post(url, {**data, "meeting": mine.pk}, headers={"HX-Request": "true"})
    assert Insight.objects.get().meeting == mine


def test_empty_quick_entry_shows_an_error_and_saves_nothing(client_for, coordinator, initiative):
    client = client_for(coordinator)
    response = client.post(reverse("insights:insight_add", args=[initiative.pk]), {"text": " ", "kind": "idea",
                           "source": "citizens"}, headers={"HX-Request": "true"})
    assert "data-error-summary" in response.content.decode()
    assert not Insight.objects.exists()


def test_bulk_paste_makes_one_insight_per_line(client_for, coordinator, initiative):
    client = client_for(coordinator)
    client.post(
        reverse("insights:insight_bulk", args=[initiative.pk]),
        {"text": "Mer lys i parken\n\nFlere voksne ute\n", "kind": "need", "source": "research", "themes": "Trygghet"},
    )
    assert sorted(Insight.objects.values_list("text", "kind", "source")) == [
        ("Flere voksne ute", "need", "research"),
        ("Mer lys i parken", "need", "research"),
    ]


def test_bulk_paste_says_which_line_holds_it_back_and_does_not_read_names_across_lines(
    client_for, coordinator, initiative
):
    client = client_for(coordinator)
    url = reverse("insights:insight_bulk", args=[initiative.pk])
    # Each line ends and the next begins with a capital: read across the break, "Tønsberg Flere" looked like a name.
    harmless = "\n".join(["Mer lys i Tønsberg", "Flere voksne ute", "Gratis aktiviteter i Slottsfjellsparken",
                          "Kortere ventetid", "Bedre busser", "Åpen hall", "Trygg skolevei", "Sommerjobb",
                          "Benker i parken", "Natteravner"])
    client.post(url, {"text": harmless, "kind": "idea", "source": "citizens"})
    assert Insight.objects.count() == 10

    page = client.post(
        url, {"text": "Mer lys\n\nRing Kari Nordmann om dette\nBedre busser", "kind": "idea", "source": "citizens"}
    ).content.decode()
    assert "Linje 3: «Ring Kari Nordmann om dette» (et personnavn)" in page
    assert "Linje 1" not in page and "Linje 4" not in page
    assert Insight.objects.count() == 10


def test_insight_list_filters_and_hides_merged(client_for, coordinator, initiative):
    theme = ThemeFactory(initiative=initiative, name="Trygghet")
    kept = InsightFactory(initiative=initiative, text="Mørkt i parken")
    kept.themes.add(theme)
    InsightFactory(initiative=initiative, text="Parken er for mørk", merged_into=kept)
    InsightFactory(initiative=initiative, text="Flere fotballbaner", kind="need")
    client = client_for(coordinator)
    url = reverse("insights:insight_list", args=[initiative.pk])
    html = client.get(url).content.decode()
    assert "Mørkt i parken" in html and "Flere fotballbaner" in html
    assert "Parken er for mørk" not in html
    assert "1 duplikat slått sammen" in html
    filtered = client.get(url, {"theme": theme.pk}).content.decode()
    assert "Mørkt i parken" in filtered and "Flere fotballbaner" not in filtered
    assert "Mørkt i parken" not in client.get(url, {"kind": "need"}).content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_insight_list_query_count_does_not_grow(client_for, coordinator, initiative, django_assert_max_num_queries, size):
    theme = ThemeFactory(initiative=initiative)
    for insight in InsightFactory.create_batch(size, initiative=initiative):
        insight.themes.add(theme)
        FollowUpActionFactory(initiative=initiative).insights.add(insight)
    client = client_for(coordinator)
    client.get(reverse("insights:insight_list", args=[initiative.pk]))  # session and role warm-up
    with django_assert_max_num_queries(6):
        response = client.get(reverse("insights:insight_list", args=[initiative.pk]))
    assert response.status_code == 200


# Make sense ----------------------------------------------------------------------


def test_selected_insights_become_an_action_and_trace_both_ways(client_for, coordinator, initiative):
    first = InsightFactory(initiative=initiative, text="Ungdom vil ha et sted å være")
    second = InsightFactory(initiative=initiative, text="Fritidsklubben stenger tidlig")
    client = client_for(coordinator)
    response = client.post(
        reverse("insights:insight_bulk_action", args=[initiative.pk]),
        {"operation": "action", "insight": [first.pk, second.pk]},
    )
    form_url = response["Location"]
    assert form_url.startswith(reverse("insights:action_create", args=[initiative.pk]))
    html = client.get(form_url).content.decode()
    assert re.search(rf'value="{first.pk}"[^>]*checked', html)
    response = client.post(
        form_url,
        {"title": "Åpen hall fredager", "owner": "municipality", "status": "being_planned",
         "insights": [first.pk, second.pk]},
    )
    action = FollowUpAction.objects.get()
    assert response["Location"] == action.get_absolute_url()
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert "Ungdom vil ha et sted å være" in action_page and "Fritidsklubben stenger tidlig" in action_page
    assert "Under planlegging" in action_page
    insight_page = client.get(first.get_absolute_url()).content.decode()
    assert "Åpen hall fredager" in insight_page


def test_an_older_insight_is_linked_to_an_existing_action_through_its_form(client_for, coordinator, initiative):
    old = InsightFactory(initiative=initiative, text="Gammelt innspill om lys")
    linked = InsightFactory(initiative=initiative, text="Allerede koblet")
    newer = InsightFactory.create_batch(ACTION_FORM_INSIGHTS + 1, initiative=initiative, text="Nyere innspill")
    action = FollowUpActionFactory(initiative=initiative, title="Bedre belysning")
    action.insights.add(linked)
    client = client_for(coordinator)
    edit_url = reverse("insights:action_edit", args=[initiative.pk, action.pk])
    form = client.get(edit_url).content.decode()
    # The form lists the linked insight, checked, and the newest others: not every insight of the initiative.
    assert re.search(rf'value="{linked.pk}"[^>]*checked', form)
    assert "Gammelt innspill om lys" not in form and f'value="{newer[-1].pk}"' in form
    assert "Koble dem til et oppfølgingstiltak" in form

    bulk = reverse("insights:insight_bulk_action", args=[initiative.pk])
    list_url = reverse("insights:insight_list", args=[initiative.pk])
    refused = client.post(bulk, {"operation": "link", "action": "", "insight": [old.pk]}, follow=True)
    assert "Velg oppfølgingstiltaket de skal kobles til." in refused.content.decode()
    response = client.post(bulk, {"operation": "link", "action": action.pk, "insight": [old.pk]})
    assert response["Location"] == f"{edit_url}?insight={old.pk}"
    form = client.get(response["Location"]).content.decode()
    assert re.search(rf'value="{old.pk}"[^>]*checked', form) and re.search(rf'value="{linked.pk}"[^>]*checked', form)
    client.post(response["Location"], {
        "title": action.title, "owner": action.owner, "status": action.status, "insights": [old.pk, linked.pk],
    })
    assert set(action.insights.all()) == {old, linked}
    assert "Bedre belysning" in client.get(list_url).content.decode()  # offered in the list's bulk bar


def test_bulk_theme_priority_and_merge(client_for, coordinator, initiative):
    a = InsightFactory(initiative=initiative, text="Mer lys")
    b = InsightFactory(initiative=initiative, text="Mer lys, takk")
    client = client_for(coordinator)
    url = reverse("insights:insight_bulk_action", args=[initiative.pk])
    client.post(url, {"operation": "theme", "theme_name": "Trygghet", "insight": [a.pk, b.pk]})
    client.post(url, {"operation": "priority", "insight": [a.pk]})
    client.post(url, {"operation": "merge", "insight": [a.pk, b.pk], "return_to": "board"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.is_priority and b.merged_into == a
    board = client.get(reverse("insights:board", args=[initiative.pk])).content.decode()
    assert "Trygghet" in board and "Mer lys, takk" not in board


def test_an_insight_in_two_themes_is_explained_on_the_board(client_for, coordinator, initiative):
    card = InsightFactory(initiative=initiative, text="Lys og folk i parken")
    card.themes.add(ThemeFactory(initiative=initiative, name="Trygghet"), ThemeFactory(initiative=initiative, name="Park"))
    client = client_for(coordinator)
    board = client.get(reverse("insights:board", args=[initiative.pk])).content.decode()
    assert "vises i hver av kolonnene sine" in board and "mer enn 1 innsikt" in board


def test_removing_a_theme_the_initiative_does_not_have_is_refused(client_for, coordinator, initiative, insight):
    client = client_for(coordinator)
    url = reverse("insights:insight_bulk_action", args=[initiative.pk])
    response = client.post(url, {"operation": "untheme", "theme_name": "Finnes ikke", "insight": [insight.pk]}, follow=True)
    assert "Velg et av temaene i dette initiativet." in response.content.decode()


def test_the_board_shows_each_columns_first_insights_and_links_to_the_rest(client_for, coordinator, initiative):
    theme = ThemeFactory(initiative=initiative, name="Trygghet")
    many = InsightFactory.create_batch(BOARD_COLUMN_SIZE + 2, initiative=initiative, text="Mer lys i parken")
    for insight in many:
        insight.themes.add(theme)
    oldest = many[0]
    Insight.objects.filter(pk=oldest.pk).update(text="Eldst, men prioritert", is_priority=True)
    InsightFactory(initiative=initiative, text="Uten tema ennå")
    client = client_for(coordinator)
    url = reverse("insights:board", args=[initiative.pk])
    client.get(url)  # session and role warm-up
    html = client.get(url).content.decode()
    assert f"Trygghet ({BOARD_COLUMN_SIZE + 2})" in html and "Uten tema (1)" in html
    assert html.count(">Mer lys i parken</a>") == BOARD_COLUMN_SIZE - 1  # the prioritised one is shown first
    assert "Uten tema ennå" in html
    assert html.index(">Eldst, men prioritert</a>") < html.index(">Mer lys i parken</a>")
    list_url = reverse("insights:insight_list", args=[initiative.pk])
    assert f'href="{list_url}?theme={theme.pk}">Se alle {BOARD_COLUMN_SIZE + 2} i innsiktslisten' in html
    assert "?theme=none" not in html  # the column without a theme shows all it has
    unthemed = client.get(list_url, {"theme": "none"}).content.decode()
    assert "Uten tema ennå" in unthemed and "Mer lys i parken" not in unthemed


@pytest.mark.parametrize("size", [3, 40])
def test_board_query_count_does_not_grow(client_for, coordinator, initiative, django_assert_max_num_queries, size):
    themes = ThemeFactory.create_batch(3, initiative=initiative)
    for insight in InsightFactory.create_batch(size, initiative=initiative):
        insight.themes.add(*themes[: insight.pk % 3])
    client = client_for(coordinator)
    url = reverse("insights:board", args=[initiative.pk])
    client.get(url)  # session and role warm-up
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_bulk_action_without_selection_changes_nothing(client_for, coordinator, initiative, insight):
    client = client_for(coordinator)
    response = client.post(
        reverse("insights:insight_bulk_action", args=[initiative.pk]), {"operation": "priority"}, follow=True
    )
    assert "Velg minst ett innsikt" in response.content.decode() or "Velg minst én innsikt" in response.content.decode()
    insight.refresh_from_db()
    assert not insight.is_priority


def test_surplus_insight_is_routed(client_for, coordinator, initiative, insight):
    client = client_for(coordinator)
    url = reverse("insights:insight_edit", args=[initiative.pk, insight.pk])
    data = {"text": insight.text, "kind": "concern", "source": "citizens", "surplus_status": "sent", "is_surplus": "on"}
    response = client.post(url, data)
    assert response.status_code == 200  # no receiver: a clear message, nothing changed
    insight.refresh_from_db()
    assert not insight.is_surplus
    client.post(url, {**data, "surplus_receiver": "Kommunens ungdomstjeneste"})
    insight.refresh_from_db()
    assert insight.is_surplus and insight.surplus_receiver == "Kommunens ungdomstjeneste"
    assert "Kommunens ungdomstjeneste" in client.get(insight.get_absolute_url()).content.decode()


def test_progress_note_is_shown_on_the_action(client_for, facilitator, initiative, action):
    client = client_for(facilitator)
    client.post(
        reverse("insights:progress_note_add", args=[initiative.pk, action.pk]),
        {"date": "2021-07-01", "text": "Første runde gjennomført"},
    )
    assert "Første runde gjennomført" in client.get(action.get_absolute_url()).content.decode()


# KUBA ----------------------------------------------------------------------------


def test_kuba_pdf_contains_the_prioritised_insights_and_proposed_actions(client_for, coordinator, initiative):
    InsightFactory(initiative=initiative, text="Ungdom savner voksne i parken", is_priority=True)
    InsightFactory(initiative=initiative, text="Ikke prioritert innspill")
    FollowUpActionFactory(initiative=initiative, title="Natteravner fredag og lørdag", owner="volunteers")
    client = client_for(coordinator)
    client.post(reverse("insights:kuba_fill", args=[initiative.pk]))
    assert client.get(reverse("insights:kuba_pdf", args=[initiative.pk])).status_code == 404  # not made yet
    made = client.post(reverse("insights:kuba_pdf_request", args=[initiative.pk]), follow=True)
    assert "Last ned PDF-en" in made.content.decode()
    response = client.get(reverse("insights:kuba_pdf", args=[initiative.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Ungdom savner voksne i parken" in text
    assert "Natteravner fredag og lørdag" in text
    assert "Ikke prioritert innspill" not in text
    assert "En god sommer i Tønsberg" in text


def test_each_kuba_bullet_says_how_many_said_it_who_and_where_and_finished_actions_are_listed(
    client_for, coordinator, initiative, django_assert_max_num_queries
):
    youth, parents = TargetGroup.objects.create(name="Ungdom"), TargetGroup.objects.create(name="Foreldre")
    meeting = MeetingFactory(initiative=initiative, title="Nærmiljøprat #1")
    park = InsightFactory(initiative=initiative, text="Ungdom savner voksne i parken", is_priority=True, meeting=meeting)
    park.target_groups.set([youth, parents])
    for _ in range(2):  # two more people said the same; the coordinator merged them
        InsightFactory(initiative=initiative, text="Voksne i parken", merged_into=park)
    jobs = FollowUpActionFactory(initiative=initiative, title="Sommerjobb for ungdom", status="started")
    jobs.insights.set([park, InsightFactory(initiative=initiative, source="research")])
    FollowUpActionFactory(initiative=initiative, title="Natteravner i sentrum", status="completed",
                          kuba_decision="Vedtatt, frivilligsentralen leder", kuba_meeting_date="2021-06-03")
    client = client_for(coordinator)
    filled = client.post(reverse("insights:kuba_fill", args=[initiative.pk]), follow=True).content.decode()
    assert "2 punkter ble lagt til. Gjennomførte tiltak foreslås ikke på nytt" in filled
    with django_assert_max_num_queries(14):
        page = client.get(reverse("insights:kuba", args=[initiative.pk])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Ungdom savner voksne i parken Sagt 3 ganger · Foreldre, Ungdom · fra Nærmiljøprat #1" in text
    assert "Bygger på 4 innsikter · Status: igangsatt · Foreldre, Ungdom · fra Forskning og data, Nærmiljøprat #1" in text
    assert "Gjennomført Natteravner i sentrum Vedtatt i KUBA 3. juni 2021: Vedtatt, frivilligsentralen leder" in text
    assert 'data-print hidden>Skriv ut</button>' in page


def test_kuba_edit_reorders_and_records_decisions_on_actions(client_for, coordinator, initiative):
    action = FollowUpActionFactory(initiative=initiative, title="Sommerjobb for ungdom")
    client = client_for(coordinator)
    client.post(reverse("insights:kuba_fill", args=[initiative.pk]))
    item = initiative.kuba_input.items.get()
    client.post(
        reverse("insights:kuba_edit", args=[initiative.pk]),
        {
            "intro": "Innspill fra nærmiljøprat 27. mai",
            "meeting_date": "2021-06-03",
            "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "1", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "100",
            "items-0-id": item.pk, "items-0-text": "Sommerjobb (foreslått)", "items-0-ORDER": "2",
            "items-1-id": "", "items-1-text": "Flere voksne ute", "items-1-ORDER": "1",
        },
    )
    assert list(initiative.kuba_input.items.values_list("text", flat=True)) == ["Flere voksne ute", "Sommerjobb (foreslått)"]
    client.post(reverse("insights:kuba_decisions", args=[initiative.pk]), {f"decision_{action.pk}": "Vedtatt, kommunen leder"})
    action.refresh_from_db()
    assert str(action.kuba_meeting_date) == "2021-06-03"
    assert action.kuba_decision == "Vedtatt, kommunen leder"


def test_opening_the_kuba_edit_page_writes_nothing(client_for, coordinator, initiative):
    from insights.models import KubaInput

    response = client_for(coordinator).get(reverse("insights:kuba_edit", args=[initiative.pk]))
    assert response.status_code == 200
    assert not KubaInput.objects.filter(initiative=initiative).exists()


def test_a_kuba_post_past_the_bullet_limit_says_so_and_saves_nothing(client_for, coordinator, initiative):
    count = services.MAX_KUBA_BULLETS + 1
    data = {
        "intro": "Skal ikke lagres", "meeting_date": "2021-06-03",
        "items-TOTAL_FORMS": str(count), "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        **{f"items-{n}-text": f"Punkt {n}" for n in range(count)},
    }
    response = client_for(coordinator).post(reverse("insights:kuba_edit", args=[initiative.pk]), data)
    assert response.status_code == 200
    assert f"{services.MAX_KUBA_BULLETS}" in response.content.decode()
    from insights.models import KubaInput, KubaItem

    assert not KubaInput.objects.filter(initiative=initiative, intro="Skal ikke lagres").exists()
    assert not KubaItem.objects.exists()


# "You said, we did" ---------------------------------------------------------------------


def test_public_page_shows_only_selected_and_published_content(client, client_for, coordinator, initiative):
    InsightFactory(initiative=initiative, text="Valgt innspill om lys", published_in_feedback=True)
    InsightFactory(initiative=initiative, text="Hemmelig innspill")
    FollowUpActionFactory(initiative=initiative, title="Publisert tiltak", published=True, status="started")
    FollowUpActionFactory(initiative=initiative, title="Upublisert tiltak")
    page = services.feedback_page_get_or_create(initiative=initiative)
    url = reverse("insights:public_feedback", args=[page.slug])
    assert client.get(url).status_code == 404  # not published yet
    client_for(coordinator).post(reverse("insights:feedback_publish", args=[initiative.pk]))
    client.logout()
    html = client.get(url).content.decode()
    assert "Valgt innspill om lys" in html and "Publisert tiltak" in html and "Igangsatt" in html
    assert "Hemmelig innspill" not in html and "Upublisert tiltak" not in html
    client_for(coordinator).post(reverse("insights:feedback_unpublish", args=[initiative.pk]))
    client.logout()
    assert client.get(url).status_code == 404


def test_the_public_page_pairs_what_was_said_with_the_action_that_answers_it(client, client_for, coordinator, initiative):
    dark = InsightFactory(initiative=initiative, text="Mørkt i parken", published_in_feedback=True)
    lonely = InsightFactory(initiative=initiative, text="Savner benker", published_in_feedback=True)
    light = FollowUpActionFactory(initiative=initiative, title="Nye lys i parken", published=True, status="completed")
    light.insights.set([dark, lonely])
    FollowUpActionFactory(initiative=initiative, title="Politiet på skolebesøk", published=True)
    InsightFactory(initiative=initiative, text="Gratis buss om kvelden", published_in_feedback=True)
    lonely.published_in_feedback = False  # linked, but not chosen for the public page: it must not show
    lonely.save()
    page = services.feedback_page_get_or_create(initiative=initiative)
    client_for(coordinator).post(reverse("insights:feedback_publish", args=[initiative.pk]))
    client.logout()
    html = client.get(reverse("insights:public_feedback", args=[page.slug])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Nye lys i parken Dere sa Mørkt i parken Vi gjorde Status Gjennomført" in text
    assert "Politiet på skolebesøk Dere sa Dette gjør vi på eget initiativ." in text
    assert text.index("Nye lys i parken") < text.index("Politiet på skolebesøk")  # answers first
    assert "Dere sa også" in text and "Gratis buss om kvelden" in text
    assert "Savner benker" not in text


def test_unknown_feedback_slug_is_not_found(client, initiative):
    FeedbackPageFactory(initiative=initiative, slug="upublisert")
    assert client.get(reverse("insights:public_feedback", args=["finnes-ikke"])).status_code == 404
    assert client.get(reverse("insights:public_feedback", args=["upublisert"])).status_code == 404


def test_publishing_twice_sends_no_second_email(client_for, coordinator, initiative, participants):
    client = client_for(coordinator)
    client.post(reverse("insights:feedback_publish", args=[initiative.pk]))
    client.post(reverse("insights:feedback_publish", args=[initiative.pk]))
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == ["ja@example.no"]


# Search ---------------------------------------------------------------------------


def test_search_finds_visible_insights_with_highlight_and_facets(client_for, coordinator, initiative, other_initiative):
    InsightFactory(initiative=initiative, text="Ungdom <b>ønsker</b> en ungdomsklubb")
    InsightFactory(initiative=other_initiative, text="Ungdom i Oslo vil ha en ungdomsklubb")
    client = client_for(coordinator)
    html = client.get(reverse("insights:search"), {"q": "ungdomsklubb"}).content.decode()
    assert "<mark>ungdomsklubb</mark>" in html
    assert "&lt;b&gt;ønsker&lt;/b&gt;" in html  # the user's text is escaped
    assert "Oslo" not in html.split('id="results-heading"')[1]
    assert "Sør-Øst politidistrikt (1)" in html


def test_search_year_is_when_it_was_said_not_when_it_was_typed_in(client_for, coordinator, initiative):
    # Notes from the 2021 meeting typed into the portal in 2026: searching 2021 finds them.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.dialogues.factories import MeetingFactory

    starts = datetime(2021, 6, 10, 18, tzinfo=ZoneInfo("Europe/Oslo"))
    meeting = MeetingFactory(initiative=initiative, starts_at=starts, ends_at=starts.replace(hour=20))
    services.insight_create(
        initiative=initiative, user=coordinator, text="Mer lys i parken om kvelden", kind="idea", source="citizens",
        meeting=meeting,
    )
    InsightFactory(initiative=initiative, text="Mer lys langs stien til skolen")  # said and recorded now
    client = client_for(coordinator)
    page = client.get(reverse("insights:search"), {"q": "lys", "year": "2021"})
    results = page.content.decode().split('id="results-heading"')[1]
    assert "parken" in results and "stien" not in results
    assert "Sagt 10. juni 2021" in results
    assert page.context["page"].paginator.count == 1
    assert "<strong>2021</strong> (1)" in page.content.decode()  # the chosen year facet counts it


@pytest.mark.parametrize("size", [2, 25])
def test_search_query_count_does_not_grow(client_for, coordinator, initiative, django_assert_max_num_queries, size):
    theme = ThemeFactory(initiative=initiative)
    for insight in InsightFactory.create_batch(size, initiative=initiative, text="Trygghet i sentrum om kvelden"):
        insight.themes.add(theme)
    client = client_for(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("insights:search"), {"q": "sentrum"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


def test_search_needs_login(client):
    assert client.get(reverse("insights:search"))["Location"].startswith("/konto/login/")


def test_search_facets_follow_a_new_theme_after_commit(
    client_for, coordinator, initiative, django_capture_on_commit_callbacks
):
    insight = InsightFactory(initiative=initiative, text="Trygghet i parken")
    client = client_for(coordinator)
    assert "Nattliv (1)" not in client.get(reverse("insights:search"), {"q": "parken"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        insight.themes.add(ThemeFactory(initiative=initiative, name="Nattliv"))
    assert "Nattliv (1)" in client.get(reverse("insights:search"), {"q": "parken"}).content.decode()


def test_an_insight_row_gives_its_kind_themes_groups_merges_and_actions_in_norwegian(
    client_for, coordinator, initiative
):
    from initiatives.models import TargetGroup

    first = InsightFactory(initiative=initiative, text="Mørk undergang ved skolen", kind="quote", source="citizens")
    first.themes.add(ThemeFactory(initiative=initiative, name="Belysning"))
    first.target_groups.add(TargetGroup.objects.create(name="Foreldre"))
    duplicates = InsightFactory.create_batch(2, initiative=initiative)
    kept = services.insight_merge(initiative=initiative, insights=[first, *duplicates])
    FollowUpActionFactory(initiative=initiative).insights.add(kept)
    page = client_for(coordinator).get(reverse("insights:insight_list", args=[initiative.pk])).content.decode()
    row = page[page.index(f'id="insight-{kept.pk}"'):]
    row = row[: row.index("</li>")]
    for text in ("Mørk undergang ved skolen", "Sitat", "Innbyggere", "Belysning", "Foreldre",
                 "2 duplikater slått sammen", "1 tiltak"):
        assert text in row


def test_the_next_page_link_keeps_the_filters(client_for, coordinator, initiative):
    from insights.views import PAGE_SIZE

    InsightFactory.create_batch(PAGE_SIZE + 1, initiative=initiative, kind="idea")
    url = reverse("insights:insight_list", args=[initiative.pk])
    html = client_for(coordinator).get(url, {"kind": "idea"}).content.decode()
    link = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "kind=idea" in link and "page=2" in link
    second = client_for(coordinator).get(url, {"kind": "idea", "page": 2})
    assert len(second.context["page"].object_list) == 1


def test_a_bulk_action_naming_another_initiatives_insight_is_refused_and_changes_nothing(
    client_for, coordinator, initiative, other_initiative, insight
):
    foreign = InsightFactory(initiative=other_initiative, text="Fra Oslo")
    response = client_for(coordinator).post(
        reverse("insights:insight_bulk_action", args=[initiative.pk]),
        {"operation": "priority", "insight": [insight.pk, foreign.pk]},
        follow=True,
    )
    assert "Velg innsikter fra dette initiativet." in response.content.decode()
    insight.refresh_from_db()
    foreign.refresh_from_db()
    assert not insight.is_priority and not foreign.is_priority


def test_what_is_public_is_what_a_coordinator_approved(coordinator, facilitator, initiative):
    from django.core.exceptions import ValidationError
    from django.test import Client

    from insights.services import feedback_page_get_or_create, feedback_page_publish

    page = feedback_page_get_or_create(initiative=initiative)
    feedback_page_publish(page=page)
    public = page.get_absolute_url()
    client, helper, coord = Client(), Client(), Client()  # a citizen, the facilitator and the coordinator
    helper.force_login(facilitator)
    coord.force_login(coordinator)

    # A facilitator's own insight and action cannot put themselves on the public page.
    insight = InsightFactory(initiative=initiative, text="Fasilitatorens innspill", created_by=facilitator)
    form = helper.get(reverse("insights:insight_edit", args=[initiative.pk, insight.pk])).content.decode()
    assert 'name="published_in_feedback"' not in form
    assert 'name="published"' not in helper.get(reverse("insights:action_create", args=[initiative.pk])).content.decode()
    refused = helper.post(reverse("insights:insight_bulk_action", args=[initiative.pk]),
                          {"operation": "feedback", "insight": [insight.pk]}, follow=True)
    assert "Bare koordinatoren velger hva den offentlige tilbakemeldingssiden viser." in refused.content.decode()
    with pytest.raises(ValidationError):
        services.action_create(initiative=initiative, title="Fasilitatorens tiltak", published=True)
    assert not FollowUpAction.objects.filter(published=True).exists()
    assert "Fasilitatorens" not in client.get(public).content.decode()

    # The coordinator publishes; the page shows it.
    coord.post(reverse("insights:insight_bulk_action", args=[initiative.pk]), {"operation": "feedback", "insight": [insight.pk]})
    assert "Fasilitatorens innspill" in client.get(public).content.decode()

    # A later edit by the facilitator waits for approval: the page keeps the approved text.
    helper.post(reverse("insights:insight_edit", args=[initiative.pk, insight.pk]),
                {"text": "Endret av fasilitator", "kind": "idea", "source": "citizens", "surplus_status": "not_sent"})
    insight.refresh_from_db()
    assert insight.text == "Endret av fasilitator"
    body = client.get(public).content.decode()
    assert "Fasilitatorens innspill" in body and "Endret av fasilitator" not in body
    manage = coord.get(reverse("insights:feedback_manage", args=[initiative.pk])).content.decode()
    assert "Endringer som venter på godkjenning" in manage and "Endret av fasilitator" in manage

    coord.post(reverse("insights:feedback_manage", args=[initiative.pk]), {"action": "approve"})
    body = client.get(public).content.decode()
    assert "Endret av fasilitator" in body and "Fasilitatorens innspill" not in body


def test_an_insight_shows_similar_ones_merges_a_duplicate_and_suggests_their_theme(client_for, coordinator, initiative):
    theme = ThemeFactory(initiative=initiative, name="Trygghet")
    first = InsightFactory(initiative=initiative, text="Det er for mørkt i parken om kvelden")
    first.themes.add(theme)
    second = InsightFactory(initiative=initiative, text="For mørkt i parken på kvelden")
    InsightFactory(initiative=initiative, text="Bedre busstilbud til Husøy")
    client = client_for(coordinator)
    page = client.get(reverse("insights:insight_detail", args=[initiative.pk, second.pk])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "1 lignende" in text and "Det er for mørkt i parken om kvelden" in text
    assert "busstilbud" not in text
    assert "Legg til temaet «Trygghet»" in text  # the similar one's theme, for this one without a theme

    response = client.post(reverse("insights:insight_bulk_action", args=[initiative.pk]),
                           {"operation": "theme", "theme_name": "Trygghet", "insight": [second.pk], "return_to": "insight"})
    assert response["Location"] == reverse("insights:insight_detail", args=[initiative.pk, second.pk])
    assert list(second.themes.values_list("name", flat=True)) == ["Trygghet"]

    merged = client.post(reverse("insights:insight_bulk_action", args=[initiative.pk]),
                         {"operation": "merge", "insight": [second.pk, first.pk], "return_to": "insight"})
    assert merged["Location"] == reverse("insights:insight_detail", args=[initiative.pk, first.pk])  # the oldest kept
    second.refresh_from_db()
    assert second.merged_into == first
    kept = client.get(merged["Location"]).content.decode()
    assert "For mørkt i parken på kvelden" in kept  # under "Sammenslåtte duplikater", with where it came from


# Merging the same insight across initiatives (the national team) -----------------------------


def _merge_across(client, insight, other):
    url = reverse("insights:insight_merge_across", args=[insight.initiative_id, insight.pk])
    return client.post(url, {"other": other.pk})


def test_the_national_team_merges_the_same_insight_heard_in_two_initiatives(
    client_for, national, coordinator, other_coordinator, initiative, other_initiative
):
    older = InsightFactory(initiative=other_initiative, text="Ungdommene savner et åpent fritidshus på fredager",
                           source_description="Nærmiljøprat i Oslo")
    newer = InsightFactory(initiative=initiative, text="Ungdommene savner et åpent fritidshus fredager")
    staff = client_for(national)
    page = staff.get(newer.get_absolute_url()).content.decode()
    assert "Sagt omtrent det samme i andre initiativ" in page and "Slå sammen på tvers av initiativ" in page

    response = _merge_across(staff, newer, older)
    assert response["Location"] == older.get_absolute_url()  # the older one is kept
    newer.refresh_from_db()
    assert newer.merged_into == older and newer.initiative == initiative  # its own initiative and source stay
    kept_page = staff.get(older.get_absolute_url()).content.decode()
    assert "Ungdommene savner et åpent fritidshus fredager" in kept_page and initiative.title in kept_page

    # The newer one's district sees it is merged, but not the other district's text or initiative.
    theirs = client_for(coordinator)
    listed = theirs.get(reverse("insights:insight_list", args=[initiative.pk])).content.decode()
    assert "åpent fritidshus fredager" not in listed
    page = theirs.get(newer.get_absolute_url()).content.decode()
    assert "Nasjonalt team slo denne innsikten sammen med den samme innsikten fra et annet initiativ" in page
    assert "Oslo" not in page and other_initiative.title not in page
    # The older one's district sees it was heard elsewhere too, without the other's text.
    page = client_for(other_coordinator).get(older.get_absolute_url()).content.decode()
    assert "Også hørt i 1 annet initiativ." in page and "fredager</li>" not in page and initiative.title not in page


def test_only_the_national_team_merges_across_initiatives_and_only_with_another_initiatives_insight(
    client_for, national, coordinator, initiative, other_initiative
):
    mine = InsightFactory(initiative=initiative, text="Mer lys i parken")
    same_initiative = InsightFactory(initiative=initiative, text="Mer lys i parken!")
    elsewhere = InsightFactory(initiative=other_initiative, text="Mer lys i parken ved skolen")
    assert _merge_across(client_for(coordinator), mine, elsewhere).status_code == 403
    assert "Slå sammen på tvers" not in client_for(coordinator).get(mine.get_absolute_url()).content.decode()

    staff = client_for(national)
    for other in (same_initiative, mine):
        response = _merge_across(staff, mine, other)
        assert response["Location"].endswith("#similar-elsewhere-heading")
        page = staff.get(response["Location"]).content.decode()
        assert "Velg en innsikt fra et annet initiativ som ikke alt er slått sammen." in page
    response = staff.post(reverse("insights:insight_merge_across", args=[initiative.pk, mine.pk]), {"other": "x"})
    assert Insight.objects.filter(merged_into__isnull=False).count() == 0


def test_the_kept_insight_list_shows_every_write_at_once(client_for, coordinator, initiative, other_initiative, settings):
    """The list's count and page are kept between looks; a new insight, a theme, a priority, a merge and a hand-off
    (the "only surplus" filter) are each seen on the next look, and a write in another initiative keeps the list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from insights import handoffs

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client = client_for(coordinator)
    url = reverse("insights:insight_list", args=[initiative.pk])
    light = ThemeFactory(initiative=initiative, name="Lys")
    first = InsightFactory(initiative=initiative, text="Mer lys i parken")

    def shown(**filters) -> list[int]:
        page = client.get(url, filters).content.decode()
        return [int(pk) for pk in re.findall(r'<li class="insight" id="insight-(\d+)"', page)]

    assert shown() == [first.pk] and shown(theme=light.pk) == []
    second = InsightFactory(initiative=initiative, text="Lys ved skolen")
    assert shown() == [second.pk, first.pk]
    services.insights_assign_theme(initiative=initiative, insights=[first], name="Lys")
    assert shown(theme=light.pk) == [first.pk]
    services.insights_set_priority(initiative=initiative, insights=[second], value=True)
    assert shown(priority="1") == [second.pk] and shown(surplus="1") == []
    handoffs.handoff_send(insight=first, user=coordinator, email="post@vkt.example.no")
    assert shown(surplus="1") == [first.pk]
    with CaptureQueriesContext(connection) as cold:
        shown()
    with CaptureQueriesContext(connection) as kept:
        shown()
    assert len(kept) < len(cold)
    InsightFactory(initiative=other_initiative, text="Lys i Oslo")
    with CaptureQueriesContext(connection) as after_elsewhere:
        assert shown() == [second.pk, first.pk]
    assert len(after_elsewhere) == len(kept)
    services.insight_merge(initiative=initiative, insights=[first, second])
    assert len(shown()) == 1


def test_the_insight_list_and_board_offer_each_new_or_renamed_choice_at_once(
    client_for, coordinator, initiative, other_initiative
):
    """The themes, target groups, meetings and actions the list and the board offer are kept between looks; a new,
    renamed or deleted one is seen on the next look, and a meeting in another initiative keeps them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dialogues import services as meeting_services
    from initiatives import services as initiative_services

    client = client_for(coordinator)
    list_url = reverse("insights:insight_list", args=[initiative.pk])
    board_url = reverse("insights:board", args=[initiative.pk])

    def options(url: str, name: str) -> list[str]:
        """The labels of the options of the select (or the checkboxes) called ``name`` on the page."""
        page = client.get(url).content.decode()
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
        if select:
            return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]
        return [label.strip() for label in re.findall(rf'name="{name}"[^>]*> <label[^>]*>([^<]+)</label>', page)]

    group = TargetGroup.objects.create(name="Ungdom 13–17")
    initiative_services.initiative_update(initiative=initiative, target_groups=[group])
    assert options(list_url, "target_group") == ["Alle", "Ungdom 13–17"]
    group.name = "Ungdom 13–19"
    group.save()
    assert options(list_url, "target_group") == ["Alle", "Ungdom 13–19"]
    assert options(list_url, "target_groups") == ["Ungdom 13–19"]

    assert options(list_url, "meeting") == ["Ikke fra et møte"]
    meeting = MeetingFactory(initiative=initiative, title="Nærmiljøprat på Furuset")
    assert options(list_url, "meeting") == ["Ikke fra et møte", "Nærmiljøprat på Furuset"]
    meeting_services.meeting_update(meeting=meeting, title="Nærmiljøprat på Haugenstua")
    assert options(list_url, "meeting") == ["Ikke fra et møte", "Nærmiljøprat på Haugenstua"]

    ThemeFactory(initiative=initiative, name="Lys")
    assert options(list_url, "theme")[2:] == ["Lys"]  # after "All" and "Without theme"
    assert '<option value="Lys">' in client.get(list_url).content.decode()  # the quick entry's suggestions
    assert "Lys" in client.get(board_url).content.decode()

    action = FollowUpActionFactory(initiative=initiative, title="Lys langs stien")
    assert options(list_url, "action") == ["Velg et tiltak", "Lys langs stien"]
    assert options(board_url, "action") == ["Velg et tiltak", "Lys langs stien"]

    with CaptureQueriesContext(connection) as kept:
        client.get(list_url)
    MeetingFactory(initiative=other_initiative)
    with CaptureQueriesContext(connection) as after_elsewhere:
        client.get(list_url)
    assert len(after_elsewhere) == len(kept)

    action.delete()
    meeting.delete()
    assert options(list_url, "action") == []  # no action to link to: the bulk bar offers none
    assert options(list_url, "meeting") == ["Ikke fra et møte"]


@pytest.mark.parametrize("size", [2, 12])
def test_the_national_teams_insight_page_reads_its_similar_ones_kept(
    client_for, national, initiative, other_initiative, django_assert_max_num_queries, size
):
    """The similar insights, here and elsewhere, are shown from what was kept at the first look: no query per
    similar insight, nor for their themes and initiatives."""
    mine = InsightFactory(initiative=initiative, text="Mer lys i parken om kvelden")
    theme = ThemeFactory(initiative=other_initiative, name="Lys")
    for n in range(size):
        InsightFactory(initiative=initiative, text=f"Mer lys i parken om kvelden {n}")
        InsightFactory(initiative=other_initiative, text=f"Mer lys i parken om kvelden, takk {n}").themes.add(theme)
    client = client_for(national)
    url = reverse("insights:insight_detail", args=[initiative.pk, mine.pk])
    first = client.get(url).content.decode()
    assert "Mer lys i parken om kvelden, takk" in first and other_initiative.title in first
    with django_assert_max_num_queries(9):  # 13 when the similar ones, their themes and initiatives were read again
        page = client.get(url).content.decode()
    assert page.count('class="similar-list"') == 2
