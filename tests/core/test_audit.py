"""The audit log records sign-ins and access changes, is append-only, and only the national team reads it."""
import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from initiatives import partner_services as services
from initiatives.models import Partnership
from innbyggerstemmen.core import audit
from innbyggerstemmen.core.audit import Action, audit_list, audit_record
from innbyggerstemmen.core.models import AuditActor, AuditEvent
from tests.factories import PASSWORD


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(client, coordinator):
    client.post(reverse("account_login"), {"login": coordinator.email, "password": "feil"})
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    client.post(reverse("account_logout"))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [Action.LOGIN_FAILED, Action.LOGIN, Action.LOGOUT]
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.detail == coordinator.email and "feil" not in failed.detail


def test_removing_a_partner_is_recorded_with_who_did_it(coordinator, editor, initiative):
    services.partnership_remove(partnership=Partnership.objects.get(user=editor), removed_by=coordinator)
    event = AuditEvent.objects.get(action=Action.PERMISSION_REVOKED)
    assert event.actor == coordinator and str(editor) in event.object_label


def test_events_cannot_be_changed_or_deleted(coordinator):
    event = audit_record(actor=coordinator, action=Action.LOGIN)
    event.detail = "endret"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get().detail == ""


def test_only_the_national_team_reads_the_log(client, national, coordinator):
    audit_record(actor=coordinator, action=Action.LOGIN)
    client.force_login(coordinator)
    assert client.get(reverse("audit_log")).status_code == 403
    client.force_login(national)
    response = client.get(reverse("audit_log"), {"action": "login"})
    assert response.status_code == 200
    assert coordinator.email in response.content.decode()
    assert "Logget inn" in response.content.decode()


def test_each_row_shows_when_who_what_and_a_dash_for_nobody(client, national, coordinator):
    audit_record(actor=None, action=Action.LOGIN_FAILED, detail="feil passord")
    audit_record(actor=coordinator, action=Action.PERMISSION_GRANTED, obj=coordinator)
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    client.force_login(national)
    page = client.get(reverse("audit_log"), {"action": "login_failed"}).content.decode()
    when = timezone.localtime(event.at)
    row = f"<td>{when:%d.%m.%Y} {when:%H:%M:%S}</td><td>–</td><td>Mislykket innlogging</td><td>–</td><td>feil passord</td>"
    assert row in page
    granted = client.get(reverse("audit_log"), {"action": "permission_granted"}).content.decode()
    assert f"<td>{coordinator.email}</td><td>Tilgang gitt</td><td>{coordinator}</td>" in granted


def test_participant_list_views_and_exports_reach_the_audit_log(client, coordinator, initiative):
    from tests.dialogues.factories import MeetingFactory, RegistrationFactory

    meeting = MeetingFactory(initiative=initiative)
    RegistrationFactory(meeting=meeting)
    client.force_login(coordinator)
    client.get(reverse("dialogues:participants", args=[initiative.pk, meeting.pk]))
    client.get(reverse("dialogues:participants_export", args=[initiative.pk, meeting.pk]))
    events = list(AuditEvent.objects.filter(actor=coordinator).exclude(action=Action.LOGIN).values_list("action", "object_label"))
    assert events == [(Action.PERSONAL_DATA_EXPORTED, str(meeting)), (Action.PERSONAL_DATA_VIEWED, str(meeting))]


def test_survey_answer_exports_reach_the_audit_log(client, coordinator, initiative):
    from tests.surveys.factories import SurveyFactory

    survey = SurveyFactory(initiative=initiative)
    client.force_login(coordinator)
    for name in ("surveys:export_csv", "surveys:export_xlsx"):
        assert client.get(reverse(name, args=[initiative.pk, survey.pk])).status_code == 200
    assert AuditEvent.objects.filter(action=Action.PERSONAL_DATA_EXPORTED, actor=coordinator).count() == 2


def test_the_log_pages_from_the_last_row_shown_and_keeps_the_filter(client, national, coordinator):
    from innbyggerstemmen.core import views

    for n in range(views.AUDIT_PAGE_SIZE + 5):
        audit_record(actor=coordinator, action=Action.LOGIN, detail=f"innlogging {n}")
    audit_record(actor=coordinator, action=Action.LOGOUT, detail="utlogging")
    client.force_login(national)  # itself a sign-in, the newest in the log
    first = client.get(reverse("audit_log"), {"action": "login"})
    html = first.content.decode()
    older = first.context["page"].older
    assert "utlogging" not in html
    assert "Eldre hendelser" in html and f"older={older}" in html and "action=login" in html
    second = client.get(reverse("audit_log"), {"action": "login", "older": older})
    assert "Nyere hendelser" in second.content.decode() and "Eldre hendelser" not in second.content.decode()
    shown = [event.detail for response in (first, second) for event in response.context["page"].rows]
    assert shown == [""] + [f"innlogging {n}" for n in reversed(range(views.AUDIT_PAGE_SIZE + 5))]


def test_a_broken_page_link_shows_the_newest_entries_with_a_message(client, national, coordinator):
    audit_record(actor=coordinator, action=Action.LOGIN, detail="innlogging")
    client.force_login(national)
    for position in ("ikke-en-posisjon", "9" * 18 + ".1", "1." + "9" * 19):
        response = client.get(reverse("audit_log"), {"older": position})
        assert response.status_code == 200
        assert "Sidelenken var ikke gyldig" in response.content.decode() and "innlogging" in response.content.decode()


def test_searching_finds_events_by_person_or_object_and_asks_for_three_letters(client, national, coordinator):
    audit_record(actor=coordinator, action=Action.PERSONAL_DATA_VIEWED, obj=coordinator, detail="deltakerliste")
    audit_record(actor=None, action=Action.LOGIN_FAILED, detail="ukjent")
    client.force_login(national)
    by_object = client.get(reverse("audit_log"), {"q": str(coordinator)[:6].upper()})
    assert [event.detail for event in by_object.context["page"].rows] == ["deltakerliste"]
    nobody = client.get(reverse("audit_log"), {"q": "finnes-ikke"}).content.decode()
    assert "Ingen hendelser" in nobody and "Skriv minst tre tegn" not in nobody
    short = client.get(reverse("audit_log"), {"q": "ko"})
    html = short.content.decode()
    assert "Skriv minst tre tegn for å søke." in html and 'aria-invalid="true"' in html
    assert {event.detail for event in short.context["page"].rows} >= {"deltakerliste", "ukjent"}


def test_the_search_and_the_action_filter_are_answered_from_indexes(coordinator):
    audit_record(actor=coordinator, action=Action.LOGIN)
    if connection.vendor != "postgresql":  # SQLite has no trigram index; it reads one action's events in order
        assert "audit_action_recent_idx" in audit_list(action=Action.PERSONAL_DATA_ERASED).explain()
        return
    # A handful of rows and no statistics: forbid reading the whole table or an index in full, as the
    # planner avoids at a million events, and check that an index answers each filter.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # The bounded look for a rare text's matches, in any order (see audit._matching): by the names found.
        search_plan = (
            audit.audit_text_matches(AuditEvent.objects.all(), "ola nordmann", ["ola.nordmann@politiet.no"])
            .order_by()[:10]
            .explain()
        )
        cursor.execute("SET LOCAL enable_indexscan = on")
        cursor.execute("SET LOCAL enable_sort = off")
        action_plan = audit_list(action=Action.PERSONAL_DATA_ERASED).explain()
    assert "audit_actor_idx" in search_plan and "audit_object_trgm_idx" in search_plan, search_plan
    assert "audit_action_recent_idx" in action_plan, action_plan


def test_a_rare_and_a_common_text_both_find_their_events_newest_first(coordinator, national, monkeypatch):
    """A text matching at most RARE_MATCHES events is read through its matches, a common one by walking the log:
    either way the same events, newest first."""
    for n in range(5):
        audit_record(actor=coordinator, action=Action.LOGIN, detail=f"innlogging {n}")
    audit_record(actor=national, action=Action.LOGIN, detail="nasjonal")
    mine = [e.detail for e in audit_list(query=coordinator.email)]
    monkeypatch.setattr(audit, "RARE_MATCHES", 3)  # now five matches are "common"
    assert [e.detail for e in audit_list(query=coordinator.email)] == mine
    assert mine == [f"innlogging {n}" for n in reversed(range(5))]
    assert [e.detail for e in audit_list(query=national.email)] == ["nasjonal"]


def test_a_person_is_found_by_any_part_of_the_address_the_log_named_them_by(coordinator, national, monkeypatch):
    """The search reads the list of everyone the log has named (AuditActor), so an address changed or erased
    since still finds the events it was written on, and a text in many people's names finds the same events."""
    old_address = coordinator.email
    audit_record(actor=coordinator, action=Action.LOGIN, detail="før")
    coordinator.email = "ny.adresse@politiet.no"
    coordinator.save(update_fields=["email"])
    audit_record(actor=coordinator, action=Action.LOGIN, detail="etter")
    audit_record(actor=national, action=Action.LOGIN, detail="nasjonal")
    middle = old_address[2:-3].upper()
    assert [e.detail for e in audit_list(query=middle)] == ["før"]
    assert [e.detail for e in audit_list(query="adresse@politiet")] == ["etter"]
    everyone = [e.detail for e in audit_list(query="@")]
    assert set(everyone) >= {"før", "etter", "nasjonal"}
    monkeypatch.setattr(audit, "MANY_ACTORS", 1)  # now "@" is in too many names: the log is walked instead
    assert [e.detail for e in audit_list(query="@")] == everyone
    assert [e.detail for e in audit_list(query=middle)] == ["før"]


def test_every_name_the_log_holds_is_in_the_list_after_the_migration(coordinator):
    """Migration 0011 names everyone the log named before the list existed, each once."""
    import importlib

    from django.apps import apps

    audit_record(actor=coordinator, action=Action.LOGIN)
    audit_record(actor=coordinator, action=Action.LOGOUT)
    audit_record(actor=None, action=Action.LOGIN_FAILED)
    AuditActor.objects.all().delete()
    migration = importlib.import_module("innbyggerstemmen.core.migrations.0011_audit_actors")
    migration.name_everyone_logged(apps, None)
    assert list(AuditActor.objects.values_list("label", flat=True)) == [coordinator.email]


@pytest.mark.django_db(transaction=True)  # in autocommit, as a page records it
def test_recording_an_event_names_its_actor_in_one_statement(coordinator, django_assert_num_queries):
    """An audited page pays two statements, the name and the event, not a transaction of its own for the name."""
    with django_assert_num_queries(2):
        audit_record(actor=coordinator, action=Action.PERSONAL_DATA_VIEWED, obj=coordinator)
    with django_assert_num_queries(2):  # named already: the same, nothing added
        audit_record(actor=coordinator, action=Action.PERSONAL_DATA_VIEWED, obj=coordinator)
    assert list(AuditActor.objects.values_list("label", flat=True)) == [coordinator.email]
