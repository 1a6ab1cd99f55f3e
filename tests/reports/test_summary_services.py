"""Asking for the summary PDF: made once per content, reused while nothing changes, made anew after a change."""
from datetime import timedelta

import pytest
from django.utils import timezone

from reports import summary_services, tasks
from reports.models import SummaryPdf, SummaryPdfStatus
from tests.insights.factories import FollowUpActionFactory, InsightFactory
from tests.reports.summary_factories import fill_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Count the renderings; each produces a small PDF-looking file without running WeasyPrint."""
    calls = []

    def fake_render(*, initiative, language):
        calls.append((initiative.pk, language))
        return b"%PDF-1.7 fake " + str(len(calls)).encode()

    monkeypatch.setattr(summary_services, "summary_pdf_render", fake_render)
    return calls


def request(initiative, user=None, language="nb"):
    return summary_services.summary_pdf_request(initiative=initiative, user=user, language=language)


def test_asking_makes_the_pdf_through_the_task(initiative, coordinator):
    fill_initiative(initiative)
    made = request(initiative, coordinator)
    assert made.status == SummaryPdfStatus.READY
    stored = SummaryPdf.objects.get(pk=made.pk)
    assert bytes(stored.content).startswith(b"%PDF")
    assert stored.size == len(bytes(stored.content)) and stored.requested_by == coordinator


def test_asking_again_without_changes_reuses_the_same_pdf(initiative, renders):
    fill_initiative(initiative)
    first = request(initiative)
    second = request(initiative)
    assert second.pk == first.pk
    assert len(renders) == 1
    assert SummaryPdf.objects.filter(initiative=initiative).count() == 1


def test_after_a_change_a_new_pdf_is_made_and_the_old_one_removed(initiative, renders):
    first = request(initiative)
    InsightFactory(initiative=initiative, text="Mørkt ved busstoppet")
    second = request(initiative)
    assert second.pk != first.pk and second.status == SummaryPdfStatus.READY
    assert len(renders) == 2
    assert list(SummaryPdf.objects.filter(initiative=initiative).values_list("pk", flat=True)) == [second.pk]


def test_a_changed_action_status_also_counts_as_a_change(initiative, renders):
    action = FollowUpActionFactory(initiative=initiative, status="started")
    request(initiative)
    action.status = "completed"
    action.save()
    request(initiative)
    assert len(renders) == 2


def test_another_language_is_another_pdf(initiative, renders):
    assert request(initiative, language="nb").pk != request(initiative, language="en").pk
    assert [language for _pk, language in renders] == ["nb", "en"]


def test_a_pdf_being_made_is_not_queued_twice(initiative, renders, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.generate_summary_pdf, "delay_on_commit", lambda pk: queued.append(pk))
    first = request(initiative)
    second = request(initiative)
    assert first.pk == second.pk and second.status == SummaryPdfStatus.PENDING
    assert queued == [first.pk] and renders == []


def test_a_pending_pdf_whose_task_was_lost_is_queued_again(initiative, renders, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.generate_summary_pdf, "delay_on_commit", lambda pk: queued.append(pk))
    first = request(initiative)
    SummaryPdf.objects.filter(pk=first.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    request(initiative)
    assert queued == [first.pk, first.pk]


def test_a_failed_rendering_is_shown_as_failed_and_can_be_retried(initiative, monkeypatch):
    def broken(*, initiative, language):
        raise RuntimeError("font missing")

    monkeypatch.setattr(summary_services, "summary_pdf_render", broken)
    failed = request(initiative)
    assert failed.status == SummaryPdfStatus.FAILED and "font missing" in failed.error

    monkeypatch.setattr(summary_services, "summary_pdf_render", lambda *, initiative, language: b"%PDF ok")
    retried = request(initiative)
    assert retried.pk == failed.pk and retried.status == SummaryPdfStatus.READY and retried.error == ""


def test_the_task_run_twice_renders_once(initiative, renders, monkeypatch):
    monkeypatch.setattr(tasks.generate_summary_pdf, "delay_on_commit", lambda pk: None)
    pending = request(initiative)
    assert tasks.generate_summary_pdf(pending.pk) is True
    assert tasks.generate_summary_pdf(pending.pk) is False
    assert len(renders) == 1
