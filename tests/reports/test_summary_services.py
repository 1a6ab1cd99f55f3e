"""Asking for the summary PDF: made once per content, reused while nothing changes, made anew after a change.

The summary is a stored PDF document (core.stored_pdfs), so these tests are also those of the one PDF path.
"""
from datetime import timedelta

import pytest
from django.utils import timezone

from innbyggerstemmen.core import stored_pdfs, tasks
from innbyggerstemmen.core.models import StoredPdf
from reports.summary_services import DOCUMENT
from tests.insights.factories import FollowUpActionFactory, InsightFactory
from tests.reports.summary_factories import fill_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Count the renderings; each produces a small PDF-looking file without running WeasyPrint."""
    calls = []

    def fake_render(html):
        calls.append(html[html.index("lang=") + 6 : html.index("lang=") + 8])
        return b"%PDF-1.7 fake " + str(len(calls)).encode()

    monkeypatch.setattr(stored_pdfs, "html_to_pdf", fake_render)
    return calls


def request(initiative, user=None, language="nb"):
    return stored_pdfs.stored_pdf_request(document=DOCUMENT, subject_id=initiative.pk, user=user, language=language)


def pdfs_of(initiative):
    return StoredPdf.objects.filter(document=DOCUMENT, subject_id=initiative.pk)


def test_asking_makes_the_pdf_through_the_task(initiative, coordinator):
    fill_initiative(initiative)
    made = request(initiative, coordinator)
    assert made.status == StoredPdf.Status.READY
    stored = StoredPdf.objects.get(pk=made.pk)
    assert bytes(stored.content).startswith(b"%PDF")
    assert stored.size == len(bytes(stored.content)) and stored.requested_by == coordinator


def test_asking_again_without_changes_reuses_the_same_pdf(initiative, renders):
    fill_initiative(initiative)
    first = request(initiative)
    second = request(initiative)
    assert second.pk == first.pk
    assert len(renders) == 1
    assert pdfs_of(initiative).count() == 1


def test_after_a_change_a_new_pdf_is_made_and_the_old_one_removed(initiative, renders):
    first = request(initiative)
    InsightFactory(initiative=initiative, text="Mørkt ved busstoppet")
    second = request(initiative)
    assert second.pk != first.pk and second.status == StoredPdf.Status.READY
    assert len(renders) == 2
    assert list(pdfs_of(initiative).values_list("pk", flat=True)) == [second.pk]


def test_a_changed_action_status_also_counts_as_a_change(initiative, renders):
    action = FollowUpActionFactory(initiative=initiative, status="started")
    request(initiative)
    action.status = "completed"
    action.save()
    request(initiative)
    assert len(renders) == 2


def test_another_language_is_another_pdf(initiative, renders):
    assert request(initiative, language="nb").pk != request(initiative, language="en").pk
    assert renders == ["nb", "en"]


def test_a_pdf_being_made_is_not_queued_twice(initiative, renders, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.generate_stored_pdf, "delay", lambda pk: queued.append(pk))
    first = request(initiative)
    second = request(initiative)
    assert first.pk == second.pk and second.status == StoredPdf.Status.PENDING
    assert queued == [first.pk] and renders == []


def test_a_pending_pdf_whose_task_was_lost_is_queued_again(initiative, renders, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.generate_stored_pdf, "delay", lambda pk: queued.append(pk))
    first = request(initiative)
    StoredPdf.objects.filter(pk=first.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    request(initiative)
    assert queued == [first.pk, first.pk]


def test_a_failed_rendering_is_shown_as_failed_and_can_be_retried(initiative, monkeypatch):
    def broken(html):
        raise RuntimeError("font missing")

    monkeypatch.setattr(stored_pdfs, "html_to_pdf", broken)
    failed = request(initiative)
    assert failed.status == StoredPdf.Status.FAILED and "font missing" in failed.error

    monkeypatch.setattr(stored_pdfs, "html_to_pdf", lambda html: b"%PDF ok")
    retried = request(initiative)
    assert retried.pk == failed.pk and retried.status == StoredPdf.Status.READY and retried.error == ""


def test_the_task_run_twice_renders_once(initiative, renders, monkeypatch):
    monkeypatch.setattr(tasks.generate_stored_pdf, "delay", lambda pk: None)
    pending = request(initiative)
    assert tasks.generate_stored_pdf(pending.pk) is True
    assert tasks.generate_stored_pdf(pending.pk) is False
    assert len(renders) == 1
