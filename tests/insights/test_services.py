import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from initiatives.models import TargetGroup
from innbyggerstemmen.core.models import OutgoingEmail
from innbyggerstemmen.core.personal_text import personal_data_warnings
from insights import citizen_news, services
from insights.models import FollowUpAction, Insight, Theme
from tests.insights.factories import FollowUpActionFactory, InsightFactory, ThemeFactory


def test_theme_names_are_unique_per_initiative_whatever_the_case(initiative, other_initiative):
    ThemeFactory(initiative=initiative, name="Trygghet")
    ThemeFactory(initiative=other_initiative, name="trygghet")  # another initiative: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        ThemeFactory(initiative=initiative, name="TRYGGHET")
    themes = services.themes_get_or_create(initiative=initiative, names=["trygghet, Møteplasser"])
    assert [t.name for t in themes] == ["Trygghet", "Møteplasser"]
    assert Theme.objects.filter(initiative=initiative).count() == 2


def test_bulk_create_gives_every_line_the_same_kind_themes_groups_and_actors(initiative, coordinator):
    group = TargetGroup.objects.create(name="Ungdom 13–15 år")
    insights = services.insight_bulk_create(
        initiative=initiative, user=coordinator, texts=["Mer lys", "  ", "Flere voksne"], kind="need",
        source="citizens", theme_names=["Trygghet"], target_groups=[group], actors=["police", "volunteers"],
    )
    assert [i.text for i in insights] == ["Mer lys", "Flere voksne"]
    for insight in Insight.objects.all():
        assert insight.kind == "need" and insight.actors == ["police", "volunteers"]
        assert [t.name for t in insight.themes.all()] == ["Trygghet"]
        assert list(insight.target_groups.all()) == [group]


def test_bulk_create_refuses_empty_input_and_unknown_actors(initiative):
    with pytest.raises(ValidationError):
        services.insight_bulk_create(initiative=initiative, texts=[" "], kind="idea", source="citizens")
    with pytest.raises(ValidationError):
        services.insight_create(initiative=initiative, text="x", kind="idea", source="citizens", actors=["mayor"])
    assert not Insight.objects.exists()


def test_merge_keeps_themes_actions_and_hides_duplicates(initiative):
    theme = ThemeFactory(initiative=initiative)
    kept = InsightFactory(initiative=initiative)
    duplicate = InsightFactory(initiative=initiative, actor_business=True, is_priority=True)
    duplicate.themes.add(theme)
    action = FollowUpActionFactory(initiative=initiative)
    action.insights.add(duplicate)
    target = services.insight_merge(initiative=initiative, insights=[duplicate, kept])
    assert target == kept
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert list(kept.themes.all()) == [theme]
    assert list(kept.actions.all()) == [action] and list(duplicate.actions.all()) == [action]
    assert kept.actor_business and kept.is_priority


def test_merge_needs_two_insights_of_the_same_initiative(initiative, other_initiative):
    mine = InsightFactory(initiative=initiative)
    with pytest.raises(ValidationError):
        services.insight_merge(initiative=initiative, insights=[mine])
    with pytest.raises(ValidationError):
        services.insight_merge(initiative=initiative, insights=[mine, InsightFactory(initiative=other_initiative)])


def test_action_traces_to_its_insights_and_back(initiative):
    insight = InsightFactory(initiative=initiative)
    action = services.action_create(initiative=initiative, insights=[insight], title="Åpen hall", owner="municipality")
    assert list(action.insights.all()) == [insight]
    assert list(insight.actions.all()) == [action]


def test_action_cannot_use_another_initiatives_insight_or_a_backwards_period(initiative, other_initiative):
    from datetime import date

    with pytest.raises(ValidationError):
        services.action_create(initiative=initiative, insights=[InsightFactory(initiative=other_initiative)], title="x")
    with pytest.raises(ValidationError):
        services.action_create(initiative=initiative, title="x", period_start=date(2021, 8, 1), period_end=date(2021, 6, 1))
    assert not FollowUpAction.objects.exists()


def test_kuba_fill_adds_prioritised_insights_and_open_actions_once(initiative):
    InsightFactory(initiative=initiative, is_priority=True, text="Prioritert")
    InsightFactory(initiative=initiative, text="Ikke prioritert")
    FollowUpActionFactory(initiative=initiative, title="Åpent tiltak")
    FollowUpActionFactory(initiative=initiative, title="Ferdig tiltak", status="completed")
    kuba_input = services.kuba_input_get_or_create(initiative=initiative)
    assert services.kuba_items_fill(kuba_input=kuba_input) == 2
    assert services.kuba_items_fill(kuba_input=kuba_input) == 0
    texts = list(kuba_input.items.values_list("text", flat=True))
    assert texts[0] == "Prioritert" and "Åpent tiltak" in texts[1]


def test_kuba_decisions_need_a_meeting_date(initiative):
    from datetime import date

    action = FollowUpActionFactory(initiative=initiative)
    kuba_input = services.kuba_input_get_or_create(initiative=initiative)
    with pytest.raises(ValidationError):
        services.kuba_decisions_record(kuba_input=kuba_input, decisions={action.pk: "Vedtatt"})
    kuba_input = services.kuba_input_save(initiative=initiative, intro="", meeting_date=date(2021, 6, 3), items=[])
    assert services.kuba_decisions_record(kuba_input=kuba_input, decisions={action.pk: "Vedtatt"}) == 1
    action.refresh_from_db()
    assert action.kuba_meeting_date == date(2021, 6, 3) and action.kuba_decision == "Vedtatt"


def test_publishing_emails_consenting_participants_once_for_the_same_content(initiative, participants):
    page = services.feedback_page_get_or_create(initiative=initiative)
    services.feedback_page_publish(page=page)
    services.feedback_page_publish(page=page)  # already published: nothing new
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["ja@example.no"]
    email = OutgoingEmail.objects.get()
    assert page.get_absolute_url() in email.body and email.sent_at is not None
    # Running the task again for the same publication queues nothing.
    assert citizen_news.feedback_published_notify(page_id=page.pk, publication_number=1) == 0
    # Unpublished and published again with the same content: the e-mail said "once", and it is.
    services.feedback_page_unpublish(page=page)
    services.feedback_page_publish(page=page)
    assert OutgoingEmail.objects.count() == 1
    # New content is news.
    services.feedback_page_update(page=page, intro="Nå er sommertiltakene på plass.")
    services.feedback_page_unpublish(page=page)
    services.feedback_page_publish(page=page)
    assert OutgoingEmail.objects.count() == 2


def test_slug_is_readable_and_unique(initiative, other_initiative):
    other_initiative.title = initiative.title
    other_initiative.save()
    first = services.feedback_page_get_or_create(initiative=initiative)
    second = services.feedback_page_get_or_create(initiative=other_initiative)
    assert first.slug == "en-god-sommer-i-tonsberg"
    assert second.slug.startswith("en-god-sommer-i-tonsberg-") and second.slug != first.slug


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Send til kari@example.no", ["en e-postadresse"]),
        ("Ring 912 34 567", ["et telefonnummer"]),
        ("Ring +47 91234567", ["et telefonnummer"]),
        ("Kari Nordmann sa at parken er mørk", ["et personnavn"]),
        ("Parken er mørk om kvelden, 2021", []),
    ],
)
def test_personal_data_warnings(text, expected):
    assert personal_data_warnings(text) == expected


def test_insight_records_the_meeting_it_came_from_but_only_of_its_initiative(initiative, other_initiative, participants):
    meeting = participants[0].meeting
    insight = services.insight_create(initiative=initiative, text="Fra møtet", kind="quote", source="citizens",
                                      meeting=meeting)
    assert list(meeting.insights.all()) == [insight]
    with pytest.raises(ValidationError):
        services.insight_create(initiative=other_initiative, text="Feil møte", kind="quote", source="citizens",
                                meeting=meeting)


def test_demo_loads_the_tonsberg_case_once(db):

    from initiatives import demo as initiatives_demo
    from innbyggerstemmen.accounts import demo as accounts_demo
    from insights import demo
    from insights.models import FeedbackPage, KubaInput

    accounts_demo.load()
    initiatives_demo.load()
    demo.load()
    demo.load()
    assert Insight.objects.filter(initiative__title=demo.TONSBERG_TITLE).count() == 26
    assert Insight.objects.count() == 28  # and two in Oslo that say what Tønsberg heard
    assert set(Theme.objects.filter(national_theme__isnull=False).values_list("name", "national_theme__name")) == {
        ("Trygghet i sentrum", "Trygghet"), ("Møteplasser", "Møteplasser"), ("Steder å være", "Møteplasser"),
        ("Trygt sentrum", "Trygghet"),
    }
    assert FollowUpAction.objects.count() == 5
    assert KubaInput.objects.get().items.count() > 5
    assert FeedbackPage.objects.get().is_published
    assert Theme.objects.filter(name="Trygghet i sentrum").exists()
    assert Insight.objects.filter(is_surplus=True).count() == 1


def test_the_kuba_input_keeps_at_most_its_bullet_limit_and_saves_all_or_nothing(initiative):
    from datetime import date

    kuba_input = services.kuba_input_save(
        initiative=initiative, intro="Før", meeting_date=None, items=[{"id": None, "text": "Første punkt"}]
    )
    too_many = [{"id": None, "text": f"Punkt {n}"} for n in range(services.MAX_KUBA_BULLETS + 1)]
    with pytest.raises(ValidationError, match=str(services.MAX_KUBA_BULLETS)):
        services.kuba_input_save(initiative=initiative, intro="Etter", meeting_date=date(2021, 6, 3), items=too_many)
    kuba_input.refresh_from_db()
    assert kuba_input.intro == "Før" and kuba_input.meeting_date is None
    assert [item.text for item in kuba_input.items.all()] == ["Første punkt"]
    # Filling never passes the limit either.
    for n in range(services.MAX_KUBA_BULLETS + 5):
        InsightFactory(initiative=initiative, is_priority=True, text=f"Prioritert {n}")
    assert services.kuba_items_fill(kuba_input=kuba_input) == services.MAX_KUBA_BULLETS - 1
    assert kuba_input.items.count() == services.MAX_KUBA_BULLETS


def test_suggested_themes_are_taken_for_a_selection_in_one_step(initiative):
    lights = Theme.objects.create(initiative=initiative, name="Belysning")
    for text in ("Mer lys i parken om kvelden", "Mer lys i parken langs stien"):
        InsightFactory(initiative=initiative, text=text).themes.add(lights)
    dark = InsightFactory(initiative=initiative, text="Mer lys i parken om natten")
    bus = InsightFactory(initiative=initiative, text="Bussen går for sjelden")
    given, without = services.insights_accept_theme_suggestions(initiative=initiative, insights=[dark, bus])
    assert (given, without) == (1, 1)
    assert list(dark.themes.values_list("name", flat=True)) == ["Belysning"] and not bus.themes.exists()


def test_suggested_themes_for_too_many_or_another_initiatives_insights_are_refused(initiative, other_initiative):
    with pytest.raises(ValidationError):
        services.insights_accept_theme_suggestions(
            initiative=initiative, insights=[InsightFactory(initiative=other_initiative)]
        )
    many = [InsightFactory(initiative=initiative) for _ in range(services.MAX_SUGGESTIONS_AT_ONCE + 1)]
    with pytest.raises(ValidationError, match="høyst 50"):
        services.insights_accept_theme_suggestions(initiative=initiative, insights=many)
