"""The live wall's rules: when posting is open, what a post may hold, moderation, closing once and sharing once."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dialogues.live import selectors, services
from dialogues.live.models import LivePost
from innbyggerstemmen.core.models import OutgoingEmail
from insights.models import Insight
from tests.dialogues.factories import GroupFactory, MeetingFactory


def post(code, prompt, text, **kwargs):
    return services.post_create(code=code, prompt_id=prompt.pk, text=text, **kwargs)


def test_turning_on_twice_gives_one_wall_and_one_link_per_group_and_the_room(meeting, groups):
    first = services.wall_open(meeting=meeting)
    second = services.wall_open(meeting=meeting)
    assert first.pk == second.pk
    assert sorted(str(code.group) for code in first.codes.all()) == ["Gruppe 1", "Gruppe 2", "None"]
    codes = [code.code for code in first.codes.all()]
    assert len(set(codes)) == 3 and all(len(code) >= 12 for code in codes)


def test_a_group_added_later_gets_its_link_at_once(wall, meeting):
    group = GroupFactory(meeting=meeting, name="Gruppe 3")
    assert wall.codes.filter(group=group).count() == 1


def test_prompts_are_checked(wall):
    with pytest.raises(ValidationError, match="allerede på veggen"):
        services.prompt_add(wall=wall, text="  hva er en GOD sommer? ")
    with pytest.raises(ValidationError, match="Skriv spørsmålet"):
        services.prompt_add(wall=wall, text="   ")
    with pytest.raises(ValidationError, match="høyst 200 tegn"):
        services.prompt_add(wall=wall, text="x" * 201)
    assert wall.prompts.count() == 2


def test_a_prompt_with_posts_stays(wall, codes, prompts):
    post(codes["Gruppe 1"], prompts[0], "Badeplass med livredder")
    with pytest.raises(ValidationError, match="blir stående på veggen"):
        services.prompt_delete(wall=wall, prompt_id=prompts[0].pk)
    services.prompt_delete(wall=wall, prompt_id=prompts[1].pk)
    assert list(wall.prompts.values_list("text", flat=True)) == ["Hva er en god sommer?"]


def test_a_post_keeps_its_group_and_prompt_and_nothing_about_the_person(codes, prompts):
    created = post(codes["Gruppe 2"], prompts[1], "  Jeg kan være med som natteravn\x07 ")
    assert created.group.name == "Gruppe 2" and created.prompt == prompts[1]
    assert created.text == "Jeg kan være med som natteravn"
    fields = {field.name for field in LivePost._meta.get_fields()}
    assert not fields & {"ip_address", "user", "device", "created_by", "email", "session"}


@pytest.mark.parametrize(
    ("text", "prompt_of_other_wall", "message"),
    [
        ("", False, "Skriv innspillet ditt"),
        ("x" * 2001, False, "høyst 2000 tegn; det har 2001"),
        ("Mer lys i parken", True, "Velg et av spørsmålene på veggen"),
    ],
)
def test_bad_posts_are_refused_and_change_nothing(codes, prompts, text, prompt_of_other_wall, message):
    prompt = prompts[0]
    if prompt_of_other_wall:
        other = services.wall_open(meeting=MeetingFactory(initiative=prompts[0].wall.meeting.initiative))
        prompt = services.prompt_add(wall=other, text="Et annet møte")
    with pytest.raises(ValidationError, match=message):
        post(codes["room"], prompt, text)
    assert LivePost.objects.count() == 0


def test_personal_data_is_caught_before_the_screen(wall, codes, prompts):
    with pytest.raises(services.PersonalDataSuspected, match="et telefonnummer"):
        post(codes["room"], prompts[0], "Ring meg på 912 34 567")
    assert LivePost.objects.count() == 0
    held = post(codes["room"], prompts[0], "Ring meg på 912 34 567", send_for_review=True)
    assert held.needs_review
    shown = [p for column in selectors.screen_columns(wall=wall) for p in column.posts]
    assert held not in shown


def test_posting_is_open_in_the_meeting_window_with_its_margin(initiative):
    now = timezone.now()
    later = MeetingFactory(initiative=initiative, starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=3))
    wall = services.wall_open(meeting=later)
    prompt = services.prompt_add(wall=wall, text="Hva er en god sommer?")
    room = wall.codes.get()
    with pytest.raises(ValidationError, match="Veggen åpner"):
        services.post_create(code=room, prompt_id=prompt.pk, text="For tidlig")
    services.wall_margin_set(wall=wall, margin_minutes=150)
    assert services.post_create(code=room, prompt_id=prompt.pk, text="Nå går det").pk
    with pytest.raises(ValidationError, match="antall minutter"):
        services.wall_margin_set(wall=wall, margin_minutes="-1")
    assert services.capture_closed_reason(wall, now=now + timedelta(hours=6)).startswith("Veggen er stengt")


def test_moderation_hides_highlights_and_merges(wall, codes, prompts):
    first = post(codes["Gruppe 1"], prompts[0], "Mer lys i parken")
    second = post(codes["Gruppe 2"], prompts[0], "Bedre belysning i parken")
    third = post(codes["Gruppe 2"], prompts[0], "Åpen hall om kvelden")
    services.posts_moderate(wall=wall, group_ids=None, action="hide", post_ids=[str(third.pk)])
    services.posts_moderate(wall=wall, group_ids=None, action="highlight", post_ids=[first.pk])
    kept = services.posts_merge(wall=wall, group_ids=None, post_ids=[second.pk, first.pk])
    assert kept == first
    column = selectors.screen_columns(wall=wall)[0]
    assert [(p.text, p.merged_count, p.is_highlighted) for p in column.posts] == [("Mer lys i parken", 1, True)]


def test_a_facilitator_moderates_only_their_group_and_a_foreign_id_changes_nothing(wall, codes, prompts, meeting):
    mine = post(codes["Gruppe 1"], prompts[0], "Mer lys i parken")
    theirs = post(codes["Gruppe 2"], prompts[0], "Åpen hall")
    at_the_same_time = MeetingFactory(initiative=meeting.initiative, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    other_wall = services.wall_open(meeting=at_the_same_time)
    foreign_prompt = services.prompt_add(wall=other_wall, text="Annet")
    foreign = services.post_create(code=other_wall.codes.get(), prompt_id=foreign_prompt.pk, text="Fremmed")
    group_one = {codes["Gruppe 1"].group_id}
    for ids in ([mine.pk, theirs.pk], [foreign.pk], ["x"], []):
        with pytest.raises(ValidationError):
            services.posts_moderate(wall=wall, group_ids=group_one, action="hide", post_ids=ids)
    with pytest.raises(ValidationError, match="Ukjent handling"):
        services.posts_moderate(wall=wall, group_ids=None, action="delete", post_ids=[mine.pk])
    assert not LivePost.objects.filter(is_hidden=True).exists()
    services.posts_moderate(wall=wall, group_ids=group_one, action="hide", post_ids=[mine.pk])
    assert LivePost.objects.get(pk=mine.pk).is_hidden


def test_closing_makes_insights_once_with_meeting_group_prompt_and_time(wall, codes, prompts, coordinator, meeting):
    shown = post(codes["Gruppe 1"], prompts[0], "Mer lys i parken")
    duplicate = post(codes["Gruppe 2"], prompts[0], "Bedre lys i parken")
    hidden = post(codes["room"], prompts[1], "Tull")
    services.posts_merge(wall=wall, group_ids=None, post_ids=[shown.pk, duplicate.pk])
    services.posts_moderate(wall=wall, group_ids=None, action="hide", post_ids=[hidden.pk])

    assert services.wall_close(wall=wall, user=coordinator, keep_hidden=False) == 2
    assert services.wall_close(wall=wall, user=coordinator, keep_hidden=True) == 0

    insights = Insight.objects.filter(initiative=meeting.initiative).order_by("pk")
    assert insights.count() == 2
    kept, merged = insights
    assert kept.text == "Mer lys i parken" and kept.meeting == meeting and kept.source == "citizens"
    assert "Gruppe 1" in kept.source_description and "«Hva er en god sommer?»" in kept.source_description
    assert timezone.localtime(shown.created_at).strftime("%H:%M") in kept.source_description
    assert merged.merged_into == kept
    assert LivePost.objects.get(pk=hidden.pk).insight is None
    with pytest.raises(ValidationError, match="Veggen er stengt"):
        post(selectors.code_get(code=codes["room"].code), prompts[0], "Etter slutt")


def test_closing_can_keep_the_hidden_posts_marked(wall, codes, prompts, coordinator):
    hidden = post(codes["room"], prompts[1], "Skjult innspill")
    services.posts_moderate(wall=wall, group_ids=None, action="hide", post_ids=[hidden.pk])
    assert services.wall_close(wall=wall, user=coordinator, keep_hidden=True) == 1
    assert "skjult på veggen" in LivePost.objects.get(pk=hidden.pk).insight.source_description


def test_a_long_prompt_gives_way_in_the_insight_source(wall, codes, coordinator):
    prompt = services.prompt_add(wall=wall, text="Hva " + "veldig " * 27 + "lang?")
    post(codes["Gruppe 1"], prompt, "Noe")
    services.wall_close(wall=wall, user=coordinator, keep_hidden=False)
    description = Insight.objects.get().source_description
    assert len(description) <= 200 and "Gruppe 1" in description and description.count("«") == 1


def test_sharing_needs_a_closed_wall_and_mails_each_consenting_participant_once(wall, coordinator, participants):
    with pytest.raises(ValidationError, match="Steng veggen før du deler den"):
        services.wall_share(wall=wall)
    services.wall_close(wall=wall, user=coordinator, keep_hidden=False)
    assert services.wall_share(wall=wall) == 2
    assert services.wall_share(wall=wall) == 0  # again, or a retry: nobody twice
    sent = OutgoingEmail.objects.filter(dedupe_key__startswith="live:shared:")
    assert sorted(sent.values_list("to", flat=True)) == ["ja@example.no", "ogsa@example.no"]
    nynorsk = sent.get(to="ogsa@example.no")
    assert "/vegg/" in nynorsk.body
    assert selectors.shared_wall(slug=wall.meeting.slug) == wall
