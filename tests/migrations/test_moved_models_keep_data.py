"""Models that moved between apps keep their rows: a database as the previous layout left it migrates forward.

It also checks the one data migration of the change: the meeting's own log
of who saw its participant list is folded into the audit log.

The fixture is the demo data (``load_demo``) dumped from commit 6b904ee, the last
commit before the layout change, with the model labels of that time
(accounts.partnership, initiatives.story, …). The test migrates the test
database back to that commit's migrations, loads the fixture through the
historical models, adds a row for each moved model the demo has none of, and
migrates forward; every row must then be read through the models' new homes,
and the pages built on them must show it.
"""
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

FIXTURE = Path(__file__).parent / "data" / "demo_before_layout.json"
# The leaf migrations of commit 6b904ee for the apps the layout changed, and for those whose tables
# changed since (surveys: a condition's single value became a list, core: see below); None: the app did not exist.
BEFORE_LAYOUT = [
    ("accounts", "0002_initial"),
    # core: its list of people in the audit log (0011) is made after the participant lists' log is folded in.
    ("core", "0005_email_case_insensitive_index"),
    ("dialogues", "0004_email_case_insensitive_index"),
    ("initiatives", "0004_summary_pdf_and_story"),
    ("live", None),
    ("plans", None),
    ("reports", None),
    ("surveys", "0003_email_case_insensitive_index"),
]


def _migrate_back():
    """Migrate to the previous layout; returns its historical models (every app's, at that point)."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_LAYOUT)
    changed = {app for app, _name in BEFORE_LAYOUT}
    nodes = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in changed]
    nodes += [(app, name) for app, name in BEFORE_LAYOUT if name]
    return executor.loader.project_state(nodes).apps


def _migrate_forward(leaves):
    executor = MigrationExecutor(connection)
    executor.migrate(leaves)


def _load(old_apps, objects):
    """Create the dumped rows through the historical models (loaddata would use today's)."""
    for item in objects:
        model = old_apps.get_model(item["model"])
        if model.objects.filter(pk=item["pk"]).exists():
            continue  # seeded by a data migration (method cards, indicator questions)
        values, many = {"pk": item["pk"]}, {}
        for name, value in item["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                many[name] = value
            elif field.is_relation:
                values[field.attname] = value
            else:
                values[name] = field.to_python(value)
        instance = model(**values)
        instance.save(force_insert=True)
        for name, ids in many.items():
            getattr(instance, name).set(ids)


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_layout_keeps_every_row_of_the_moved_models(client):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = _migrate_back()
    objects = json.loads(FIXTURE.read_text())
    with transaction.atomic():
        _load(old_apps, objects)
        initiative = old_apps.get_model("initiatives", "Initiative").objects.get(title__contains="Tønsberg")
        coordinator = old_apps.get_model("accounts", "User").objects.get(email="koordinator@example.no")
        old_apps.get_model("accounts", "Invitation").objects.create(
            email="kommune@example.no", initiative=initiative, role="viewer", organisation_name="Tønsberg kommune",
            expires_at=timezone.now() + timedelta(days=14),
        )
        old_apps.get_model("initiatives", "Story").objects.create(
            initiative=initiative, summary="Sju møter med ungdom.", lessons="Start tidlig.",
            published_at=timezone.now(), published_by=coordinator,
        )
        meeting = old_apps.get_model("dialogues", "Meeting").objects.filter(initiative=initiative).first()
        # A participant list seen before the audit log existed: only the meeting's own log has it.
        seen = old_apps.get_model("dialogues", "PersonalDataAccess").objects.create(
            user=coordinator, meeting=meeting, action="view"
        )
        measure = old_apps.get_model("initiatives", "Measure").objects.get(plan__name__startswith="Gode", number="1")
        initiative.measures.add(measure)
        report = old_apps.get_model("initiatives", "StatusReport").objects.create(
            plan=measure.plan, title="Status per august 2011", as_of=date(2011, 8, 1)
        )
        old_apps.get_model("initiatives", "MeasureStatus").objects.create(
            report=report, measure=measure, status="started", status_text="Godt i gang."
        )

    _migrate_forward(leaves)

    from initiatives.models import Initiative, Invitation, Partnership
    from initiatives.plans.models import ActionPlan, Measure, MeasureStatus
    from innbyggerstemmen.accounts.models import User
    from innbyggerstemmen.core.models import AuditActor, AuditEvent
    from reports.models import Story

    dumped = {item["model"] for item in objects}
    assert "accounts.partnership" in dumped
    partner = Partnership.objects.select_related("user", "initiative").get()
    assert (partner.user.email, partner.role) == ("partner@example.no", "editor")
    assert Invitation.objects.get().organisation_name == "Tønsberg kommune"
    assert Story.objects.get().lessons == "Start tidlig."
    assert ActionPlan.objects.count() == 2
    assert Measure.objects.count() == sum(item["model"] == "initiatives.measure" for item in objects)
    tonsberg = Initiative.objects.get(pk=partner.initiative_id)
    assert [m.title for m in tonsberg.measures.all()] == [Measure.objects.get(plan__name__startswith="Gode", number="1").title]
    assert MeasureStatus.objects.get().status_text == "Godt i gang."
    from dialogues.surveys.models import Question

    conditional = Question.objects.exclude(show_if_question=None).select_related("show_if_question")
    assert [(q.text, q.show_if_question.text, q.show_if_values) for q in conditional] == [
        ("Hvilke tiltak la du merke til?", "Har du hørt om tiltakene i sommer?", ["Ja"])
    ] * 2
    trace = AuditEvent.objects.get(action="personal_data_viewed", object_id=str(meeting.pk))
    assert (trace.actor_label, trace.at, trace.detail) == ("koordinator@example.no", seen.at, "participant list")
    # ...and its viewer is in the list the audit search reads (core 0011), so searching for them finds it.
    from innbyggerstemmen.core.audit import audit_list

    assert AuditActor.objects.filter(label="koordinator@example.no").exists()
    assert trace in list(audit_list(query="KOORDINATOR@"))

    # The pages built on the moved rows show them.
    client.force_login(User.objects.get(email="koordinator@example.no"))  # police staff: reads action plans too
    partners_page = client.get(reverse("initiatives:partners", args=[partner.initiative_id])).content.decode()
    assert "partner@example.no" in partners_page and "kommune@example.no" in partners_page
    story_page = client.get(reverse("stories:detail", args=[Story.objects.get().pk]))
    assert story_page.status_code == 200 and "Start tidlig." in story_page.content.decode()
    entry = MeasureStatus.objects.select_related("report__plan").get()
    report_page = client.get(reverse("plans:report", args=[entry.report.plan.slug, entry.report.pk]))
    assert report_page.status_code == 200 and "Godt i gang." in report_page.content.decode()
