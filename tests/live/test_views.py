"""The live wall through its pages: phones posting without an account, the hosts moderating, the screen, closing."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogues.live.models import LivePost
from innbyggerstemmen.core.bot_protection import form_timestamp
from insights.models import Insight
from tests.live.factories import LivePostFactory


def post_url(code) -> str:
    return reverse("live:post", args=[code.code])


def form_data(prompt, text, **extra):
    return {"prompt": prompt.pk, "text": text, "started": form_timestamp(), "website": "", **extra}


def wall_url(name, meeting) -> str:
    return reverse(f"live:{name}", args=[meeting.initiative_id, meeting.pk])


@pytest.fixture
def group_facilitator(viewer, groups):
    """A partner with the viewer role who leads Gruppe 1."""
    groups[0].facilitator_user = viewer
    groups[0].save()
    return viewer


def test_a_phone_posts_without_an_account_and_gets_a_fresh_form(client, codes, prompts, fast_forms):
    page = client.get(post_url(codes["Gruppe 1"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gruppe 1" in html and "Hva er en god sommer?" in html and "Innspillet ditt" in html
    assert "live_device" in page.cookies

    sent = client.post(post_url(codes["Gruppe 1"]), form_data(prompts[0], "Badeplass med livredder"), HTTP_HX_REQUEST="true")
    assert sent.status_code == 200
    assert "Sendt! Innspillet ditt er på veggen." in sent.content.decode()
    created = LivePost.objects.get()
    assert (created.group.name, created.prompt, created.text) == ("Gruppe 1", prompts[0], "Badeplass med livredder")

    plain = client.post(post_url(codes["Gruppe 1"]), form_data(prompts[1], "Være natteravn"))
    assert plain.status_code == 302 and plain.url.endswith(f"?sendt={prompts[1].pk}")
    assert "Sendt!" in client.get(plain.url).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Skriv innspillet ditt før du sender det."),
        ({"text": "x" * 2001}, "2000"),
        ({"prompt": 999999}, "Velg et av spørsmålene på veggen."),
        ({"website": "http://spam.example"}, "Vi kunne ikke ta imot skjemaet"),
        ({"started": "tuklet"}, "Skjemaet er utløpt"),
    ],
)
def test_bad_posts_get_a_clear_message_keep_the_text_and_change_nothing(client, codes, prompts, fast_forms, data, message):
    response = client.post(post_url(codes["room"]), {**form_data(prompts[0], "Min tekst som blir stående"), **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data.get("text") is None and "text" not in data:
        assert "Min tekst som blir stående" in html
    assert LivePost.objects.count() == 0


def test_a_post_sent_too_quickly_is_refused(client, codes, prompts, settings):
    settings.LIVE_POST_MIN_SECONDS = 30
    response = client.post(post_url(codes["room"]), form_data(prompts[0], "Rask robot"))
    assert response.status_code == 400 and "for raskt" in response.content.decode()
    assert LivePost.objects.count() == 0


def test_a_double_tap_posts_once(client, codes, prompts, fast_forms):
    data = form_data(prompts[0], "Sendt to ganger på treg mobil")
    client.post(post_url(codes["room"]), data)
    client.post(post_url(codes["room"]), data)
    assert LivePost.objects.count() == 1


def test_a_name_is_caught_and_can_be_sent_for_the_host_to_read_first(client, codes, prompts, fast_forms):
    text = "Kari Nordmann i klassen min er redd i parken"
    warned = client.post(post_url(codes["room"]), form_data(prompts[0], text))
    html = warned.content.decode()
    assert warned.status_code == 400 and "et personnavn" in html and text in html
    assert 'type="checkbox" name="send_for_review"' in html
    assert LivePost.objects.count() == 0
    client.post(post_url(codes["room"]), form_data(prompts[0], text, send_for_review="on"))
    assert LivePost.objects.get().needs_review


def test_a_script_is_stopped_but_a_room_on_one_network_is_not(client, codes, prompts, fast_forms, settings):
    settings.LIVE_POST_DEVICE_RATE = "3/m"
    for number in range(4):
        response = client.post(post_url(codes["room"]), form_data(prompts[0], f"Fra samme mobil {number}"))
    assert response.status_code == 429 and "vent et minutt" in response.content.decode().lower()
    assert LivePost.objects.count() == 3
    # Other phones on the same school network (same address, each with its own cookie) still get through.
    for phone in range(5):
        client.cookies["live_device"] = f"phone-{phone}"
        assert client.post(post_url(codes["room"]), form_data(prompts[0], f"Mobil {phone}")).status_code == 302
    assert LivePost.objects.count() == 8


def test_outside_the_window_the_phone_is_told_and_nothing_is_stored(client, codes, prompts, meeting, fast_forms):
    meeting.starts_at = meeting.starts_at.replace(year=meeting.starts_at.year + 1)
    meeting.ends_at = meeting.ends_at.replace(year=meeting.ends_at.year + 1)
    meeting.save()
    assert "Veggen åpner" in client.get(post_url(codes["room"])).content.decode()
    response = client.post(post_url(codes["room"]), form_data(prompts[0], "For tidlig"))
    assert response.status_code == 409 and "Veggen åpner" in response.content.decode()
    assert LivePost.objects.count() == 0


def test_an_unknown_code_is_not_found(client, wall):
    assert client.get("/l/gjettet-kode/").status_code == 404


def test_script_in_a_post_is_shown_as_text_on_the_screen_and_in_the_hosts_list(client_for, coordinator, codes, prompts, meeting):
    LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group, text='<script>alert("x")</script><b>fet</b>')
    client = client_for(coordinator)
    for name in ("screen", "screen_posts", "wall", "wall_posts"):
        html = client.get(wall_url(name, meeting), HTTP_HX_REQUEST="true").content.decode()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;fet&lt;/b&gt;" in html, name
        assert "<b>fet</b>" not in html


def test_the_screen_shows_what_is_shown_and_a_hidden_post_leaves_it(client_for, coordinator, codes, prompts, meeting):
    visible = LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group, text="Mer lys i parken")
    LivePostFactory(prompt=prompts[0], text="Allerede skjult", is_hidden=True)
    client = client_for(coordinator)
    screen = client.get(wall_url("screen_posts", meeting), HTTP_HX_REQUEST="true").content.decode()
    assert "Mer lys i parken" in screen and "Allerede skjult" not in screen
    client.post(wall_url("moderate", meeting), {"one": f"hide:{visible.pk}"}, HTTP_HX_REQUEST="true")
    assert "Mer lys i parken" not in client.get(wall_url("screen_posts", meeting), HTTP_HX_REQUEST="true").content.decode()
    hosts = client.get(wall_url("wall_posts", meeting), HTTP_HX_REQUEST="true").content.decode()
    assert "Mer lys i parken" in hosts and "Skjult" in hosts


def test_the_screen_costs_the_same_queries_with_many_posts(client_for, coordinator, codes, prompts, meeting):
    client = client_for(coordinator)
    LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group)
    client.get(wall_url("screen_posts", meeting), HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as few:
        client.get(wall_url("screen_posts", meeting), HTTP_HX_REQUEST="true")
    for number in range(40):
        LivePostFactory(prompt=prompts[number % 2], group=codes["Gruppe 2"].group)
    with CaptureQueriesContext(connection) as many:
        client.get(wall_url("screen_posts", meeting), HTTP_HX_REQUEST="true")
    assert len(many) == len(few) <= 8


def test_a_group_facilitator_sees_and_moderates_only_their_group(client_for, group_facilitator, codes, prompts, meeting):
    mine = LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group, text="Fra min gruppe")
    theirs = LivePostFactory(prompt=prompts[0], group=codes["Gruppe 2"].group, text="Fra en annen gruppe")
    client = client_for(group_facilitator)
    page = client.get(wall_url("wall", meeting)).content.decode()
    assert "Fra min gruppe" in page and "Fra en annen gruppe" not in page
    assert codes["Gruppe 1"].code in page and codes["Gruppe 2"].code not in page
    screen = client.get(wall_url("screen_posts", meeting), HTTP_HX_REQUEST="true").content.decode()
    assert "Fra min gruppe" in screen and "Fra en annen gruppe" not in screen
    # Another group's post id in the body: refused with a message, nothing changes.
    refused = client.post(wall_url("moderate", meeting), {"action": "hide", "post": [mine.pk, theirs.pk]}, HTTP_HX_REQUEST="true")
    assert "Velg innlegg på denne veggen fra din egen gruppe." in refused.content.decode()
    assert not LivePost.objects.filter(is_hidden=True).exists()
    client.post(wall_url("moderate", meeting), {"action": "hide", "post": [mine.pk]})
    assert LivePost.objects.get(pk=mine.pk).is_hidden
    # Running the wall is for those who run the meeting.
    assert client.post(wall_url("wall_close", meeting), {"hidden_posts": "leave"}).status_code == 403


def test_a_partner_who_leads_no_group_cannot_moderate(client_for, viewer, codes, prompts, meeting):
    post = LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group)
    client = client_for(viewer)
    assert client.get(wall_url("wall", meeting)).status_code == 403
    assert client.post(wall_url("moderate", meeting), {"action": "hide", "post": [post.pk]}).status_code == 403
    assert not LivePost.objects.get(pk=post.pk).is_hidden


def test_the_coordinator_turns_it_on_adds_prompts_and_prints_the_links(client_for, coordinator, meeting, groups):
    client = client_for(coordinator)
    assert "Slå på møteveggen" in client.get(wall_url("wall", meeting)).content.decode()
    client.post(wall_url("wall_open", meeting))
    refused = client.post(wall_url("prompt_add", meeting), {"text": ""})
    assert refused.status_code == 400
    client.post(wall_url("prompt_add", meeting), {"text": "Hva er en god sommer?"})
    page = client.get(wall_url("wall", meeting)).content.decode()
    assert "Hva er en god sommer?" in page and "Gruppe 1" in page and "Hele rommet" in page
    pdf = client.get(wall_url("codes_pdf", meeting))
    assert pdf["Content-Type"] == "application/pdf"
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 3  # one A4 per group, and one for the room
    assert "Gruppe 2" in reader.pages[2].extract_text() + reader.pages[1].extract_text()


def test_closing_twice_makes_the_insights_once(client_for, coordinator, codes, prompts, meeting):
    LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group, text="Mer lys i parken")
    LivePostFactory(prompt=prompts[1], group=codes["Gruppe 2"].group, text="Være natteravn")
    client = client_for(coordinator)
    for _ in range(2):
        client.post(wall_url("wall_close", meeting), {"hidden_posts": "leave"})
    assert Insight.objects.filter(meeting=meeting).count() == 2
    listed = client.get(reverse("insights:insight_list", args=[meeting.initiative_id])).content.decode()
    assert "Mer lys i parken" in listed and "Være natteravn" in listed


def test_after_closing_the_new_insights_that_resemble_others_can_be_merged_and_provenance_is_kept(
    client_for, coordinator, codes, prompts, meeting, other_initiative
):
    from tests.insights.factories import InsightFactory

    earlier = InsightFactory(initiative=meeting.initiative, text="Ungdommene savner et åpent fritidshus på fredager")
    InsightFactory(initiative=other_initiative, text="Mer lys i parken ved skolen")  # never offered here
    LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group, text="Ungdommene savner åpent fritidshus fredager")
    LivePostFactory(prompt=prompts[0], group=codes["Gruppe 2"].group, text="Mer lys i parken ved skolen")
    LivePostFactory(prompt=prompts[1], group=codes["Gruppe 2"].group, text="Mer lys i parken, ved skolen!")
    client = client_for(coordinator)
    page = client.get(wall_url("wall", meeting)).content.decode()
    assert "ligner på andre" not in page  # nothing to say before closing

    client.post(wall_url("wall_close", meeting), {"hidden_posts": "leave"})
    page = client.get(wall_url("wall", meeting)).content.decode()
    assert "2 nye innsikter ligner på andre" in page  # the two groups' "lys" posts are offered once, as one pair
    assert f'href="{earlier.get_absolute_url()}"' in page
    new = Insight.objects.get(text="Ungdommene savner åpent fritidshus fredager")

    response = client.post(
        reverse("insights:insight_bulk_action", args=[meeting.initiative_id]),
        {"operation": "merge", "return_to": "next", "next": wall_url("wall", meeting), "insight": [new.pk, earlier.pk]},
    )
    assert response["Location"] == wall_url("wall", meeting)
    new.refresh_from_db()
    assert new.merged_into == earlier  # the oldest is kept; the live post's insight stays under it, with its source
    assert new.source_description.startswith("Direkte på møtet")
    page = client.get(wall_url("wall", meeting)).content.decode()
    assert "1 ny innsikt ligner på andre" in page


def test_merging_from_the_wall_never_returns_to_another_site(client_for, coordinator, initiative):
    from tests.insights.factories import InsightFactory

    first, second = InsightFactory.create_batch(2, initiative=initiative)
    response = client_for(coordinator).post(
        reverse("insights:insight_bulk_action", args=[initiative.pk]),
        {"operation": "merge", "return_to": "next", "next": "https://evil.example/", "insight": [first.pk, second.pk]},
    )
    assert response["Location"] == reverse("insights:insight_list", args=[initiative.pk])


def test_the_shared_wall_is_public_without_names_only_once_shared(client, client_for, coordinator, codes, prompts, meeting):
    LivePostFactory(prompt=prompts[0], group=codes["Gruppe 1"].group, text="Mer lys i parken")
    LivePostFactory(prompt=prompts[0], text="Skjult tull", is_hidden=True)
    shared_url = reverse("live:shared", args=[meeting.slug])
    assert client.get(shared_url).status_code == 404
    staff = client_for(coordinator)
    staff.post(wall_url("wall_close", meeting), {"hidden_posts": "keep"})
    staff.post(wall_url("wall_share", meeting))
    html = client.get(shared_url).content.decode()
    assert "Mer lys i parken" in html and "Skjult tull" not in html and "Gruppe 1" not in html
