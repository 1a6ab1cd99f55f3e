"""The summary PDF pages: one click makes it, htmx polls while it is made, only the initiative's people read it."""
import pytest
from django.urls import reverse

from innbyggerstemmen.core import stored_pdfs, tasks
from innbyggerstemmen.core.models import StoredPdf

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def quick_render(monkeypatch):
    monkeypatch.setattr(
        stored_pdfs, "html_to_pdf", lambda html: b"%PDF-1.7 sammendrag " + html.split('lang="')[1][:2].encode()
    )


def urls(initiative):
    return {name: reverse(f"reports:{name}", args=[initiative.pk])
            for name in ("summary", "summary_request", "summary_status", "summary_download")}


def test_the_initiative_page_offers_the_summary_button(client_for, coordinator, initiative):
    page = client_for(coordinator).get(initiative.get_absolute_url()).content.decode()
    assert 'hx-post="%s"' % urls(initiative)["summary_request"] in page
    assert "Sammendrag (PDF)" in page
    assert 'id="pdf-status"' in page


def test_one_click_with_htmx_returns_the_download_link(client_for, coordinator, initiative):
    client = client_for(coordinator)
    response = client.post(urls(initiative)["summary_request"], **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert urls(initiative)["summary_download"] in html
    assert "every 2s" not in html

    download = client.get(urls(initiative)["summary_download"])
    assert download["Content-Type"] == "application/pdf"
    assert download.content == b"%PDF-1.7 sammendrag nb"
    assert 'filename="sammendrag-en-god-sommer-i-tonsberg.pdf"' in download["Content-Disposition"]


def test_without_javascript_the_form_post_leads_to_the_summary_page(client_for, coordinator, initiative):
    client = client_for(coordinator)
    response = client.post(urls(initiative)["summary_request"])
    assert response.status_code == 302 and response.url == urls(initiative)["summary"]
    page = client.get(response.url).content.decode()
    assert "Last ned PDF-en" in page


def test_while_the_pdf_is_made_the_fragment_polls_every_two_seconds(client_for, coordinator, initiative, monkeypatch):
    monkeypatch.setattr(tasks.generate_stored_pdf, "delay", lambda pk: None)
    client = client_for(coordinator)
    html = client.post(urls(initiative)["summary_request"], **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'hx-get="%s"' % urls(initiative)["summary_status"] in html
    assert "<progress" in html
    assert urls(initiative)["summary_download"] not in html

    # The worker finishes; the next poll shows the link and stops polling.
    tasks.generate_stored_pdf(StoredPdf.objects.get().pk)
    html = client.get(urls(initiative)["summary_status"], **HTMX).content.decode()
    assert urls(initiative)["summary_download"] in html and "every 2s" not in html
    assert "<html" not in html


def test_a_failed_pdf_says_so_and_offers_to_try_again(client_for, coordinator, initiative, monkeypatch):
    def broken(html):
        raise RuntimeError("boom")

    monkeypatch.setattr(stored_pdfs, "html_to_pdf", broken)
    client = client_for(coordinator)
    client.post(urls(initiative)["summary_request"])
    page = client.get(urls(initiative)["summary"]).content.decode()
    assert "PDF-en kunne ikke lages" in page
    assert 'action="%s"' % urls(initiative)["summary_request"] in page


def test_download_before_any_pdf_is_404(client_for, coordinator, initiative):
    assert client_for(coordinator).get(urls(initiative)["summary_download"]).status_code == 404


@pytest.mark.parametrize("name", ["summary", "summary_status", "summary_download", "summary_request"])
def test_anonymous_visitors_are_sent_to_log_in(client, initiative, name):
    response = client.post(urls(initiative)[name]) if name == "summary_request" else client.get(urls(initiative)[name])
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("outsider", ["other_coordinator", "stranger"])
def test_people_outside_the_initiative_get_404_everywhere(client_for, coordinator, initiative, outsider, request):
    client_for(coordinator).post(urls(initiative)["summary_request"])
    client = client_for(request.getfixturevalue(outsider))
    for name in ("summary", "summary_status", "summary_download"):
        assert client.get(urls(initiative)[name]).status_code == 404, name
    assert client.post(urls(initiative)["summary_request"]).status_code == 404
    assert StoredPdf.objects.count() == 1


def test_a_viewer_may_download_but_not_make_the_pdf(client_for, coordinator, viewer, initiative):
    client_for(coordinator).post(urls(initiative)["summary_request"])
    client = client_for(viewer)
    assert client.get(urls(initiative)["summary_download"]).content.startswith(b"%PDF")
    page = client.get(urls(initiative)["summary"]).content.decode()
    assert urls(initiative)["summary_download"] in page
    assert 'action="%s"' % urls(initiative)["summary_request"] not in page
    assert client.post(urls(initiative)["summary_request"]).status_code == 403


@pytest.mark.parametrize("who", ["editor", "national"])
def test_editors_and_the_national_team_may_make_it(client_for, initiative, who, request):
    client = client_for(request.getfixturevalue(who))
    assert client.post(urls(initiative)["summary_request"], **HTMX).status_code == 200
    assert client.get(urls(initiative)["summary_download"]).status_code == 200


@pytest.mark.parametrize("insights", [1, 12])
def test_the_status_fragment_runs_a_fixed_number_of_queries(client_for, coordinator, initiative, insights, django_assert_max_num_queries):
    from tests.insights.factories import InsightFactory

    InsightFactory.create_batch(insights, initiative=initiative)
    client = client_for(coordinator)
    client.post(urls(initiative)["summary_request"])
    with django_assert_max_num_queries(9):
        client.get(urls(initiative)["summary_status"], **HTMX)


def test_a_summary_made_in_english_is_not_served_as_ready_to_a_norwegian_reader(
    client_for, coordinator, initiative
):
    from django.conf import settings
    from django.test import Client

    english = Client()
    english.force_login(coordinator)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english.post(urls(initiative)["summary_request"])
    assert english.get(urls(initiative)["summary_download"]).content == b"%PDF-1.7 sammendrag en"

    norwegian = Client()
    norwegian.force_login(coordinator)
    page = norwegian.get(urls(initiative)["summary"]).content.decode()
    assert "Last ned PDF-en" not in page and 'action="%s"' % urls(initiative)["summary_request"] in page
    assert norwegian.get(urls(initiative)["summary_download"]).status_code == 404
    norwegian.post(urls(initiative)["summary_request"])
    assert norwegian.get(urls(initiative)["summary_download"]).content == b"%PDF-1.7 sammendrag nb"


def test_the_page_offers_the_leaders_summary_and_the_full_report_each_with_its_own_status(
    client_for, coordinator, initiative
):
    from reports.summary_services import DOCUMENT, LEADER_DOCUMENT

    client = client_for(coordinator)
    page = client.get(urls(initiative)["summary"]).content.decode()
    full_request = reverse("reports:full_report_request", args=[initiative.pk])
    assert "Sammendrag for ledere" in page and "Fullstendig rapport" in page
    assert 'hx-target="#pdf-status"' in page and 'hx-target="#pdf-status-full"' in page
    html = client.post(full_request, **HTMX).content.decode()
    assert 'hx-target="#pdf-status-full"' in html or "Last ned PDF-en" in html
    assert StoredPdf.objects.get().document == DOCUMENT
    client.post(urls(initiative)["summary_request"])
    assert set(StoredPdf.objects.values_list("document", flat=True)) == {DOCUMENT, LEADER_DOCUMENT}
    download = client.get(reverse("reports:full_report_download", args=[initiative.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="rapport-')
