"""The status report PDF: what a leader reads, and what the renderer refuses to fetch."""
import csv
import io
import re
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.utils import translation

from initiatives.plans.services import (
    action_plan_csv_parse,
    action_plan_import,
    status_report_create,
    status_report_pdf,
)
from innbyggerstemmen.core import pdf

DATA = Path(__file__).resolve().parents[2] / "initiatives" / "plans" / "data"
GODE_KREFTER = DATA / "gode-krefter-2009-2012.csv"
NAME = "Gode krefter – handlingsplan mot kriminalitet 2009–2012"
NORWEGIAN_STATUS = ["Ikke igangsatt", "Under planlegging", "Igangsatt", "Gjennomført"]

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    """Text without whitespace, so words wrapped across lines in a table cell still match."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def plan():
    action_plan_import(name=NAME, rows=action_plan_csv_parse(GODE_KREFTER.read_bytes()), period="2009–2012")
    from initiatives.plans.models import ActionPlan

    return ActionPlan.objects.get(name=NAME)


@pytest.fixture
def report_pdf(plan):
    report = status_report_create(plan=plan, title="Status per august 2011", as_of=date(2011, 8, 31))
    with translation.override("nb"):
        return status_report_pdf(plan=plan, report=report)


def test_pdf_states_the_number_of_measures_in_each_status(report_pdf):
    rows = list(csv.DictReader(GODE_KREFTER.open(encoding="utf-8")))
    expected = Counter(row["status"] for row in rows)
    summary = pdf_text(report_pdf)[1]

    for status in NORWEGIAN_STATUS:
        found = re.search(rf"^{status} (\d+)$", summary, re.MULTILINE)
        assert found, f"{status} missing in the counts table"
        assert int(found.group(1)) == expected[status], status
    assert re.search(r"^Totalt 35$", summary, re.MULTILINE)


def test_pdf_lists_each_measure_once_under_its_package(report_pdf):
    rows = list(csv.DictReader(GODE_KREFTER.open(encoding="utf-8")))
    summary = squeeze("\n".join(pdf_text(report_pdf)))
    packages = list(dict.fromkeys(row["package"] for row in rows))
    starts = [summary.index(squeeze(package)) for package in packages]
    assert starts == sorted(starts), "packages appear in the order of their first measure"

    for row in rows:
        title = squeeze(row["title"])
        assert summary.count(title) == 1, row["title"]
        position = summary.index(title)
        package_index = packages.index(row["package"])
        end = starts[package_index + 1] if package_index + 1 < len(packages) else len(summary)
        assert starts[package_index] < position < end, f"measure {row['nr']} is not under its package"
    # No measure has a status text: no second section repeating all 35 with "Ingen statustekst.".
    assert "Statustekster" not in summary and "Ingenstatustekst" not in summary


def test_only_measures_with_a_status_text_get_a_section_of_their_own(plan):
    from initiatives.plans.services import measure_update

    for number in (3, 7):
        measure_update(measure=plan.measures.get(number=number), status="started", status_text=f"Godt i gang ({number}).")
    report = status_report_create(plan=plan, title="Status per august 2011", as_of=date(2011, 8, 31))
    with translation.override("nb"):
        text = squeeze("\n".join(pdf_text(status_report_pdf(plan=plan, report=report))))
    details = text.split("Statustekster", 1)[1]
    assert squeeze("33 tiltak har ingen statustekst") in details
    assert details.count("Tiltak3:") == 1 and details.count("Tiltak7:") == 1 and "Tiltak1:" not in details
    assert "Godtigang(3)." in details


def test_a_later_report_says_what_changed_since_the_previous_one(plan):
    from initiatives.plans.services import measure_update

    status_report_create(plan=plan, title="Status per august 2011", as_of=date(2011, 8, 31))
    measure = plan.measures.get(number=1)
    before = measure.get_status_display()
    measure_update(measure=measure, status="completed", status_text="Ferdig i 2012.")
    later = status_report_create(plan=plan, title="Status per juni 2012", as_of=date(2012, 6, 30))
    with translation.override("nb"):
        text = "\n".join(pdf_text(status_report_pdf(plan=plan, report=later)))
    assert "1 tiltak er endret siden forrige rapport, «Status per august 2011» (31. august 2011)." in " ".join(text.split())
    assert squeeze(f"Tiltak 1: {measure.title} – {before} → Gjennomført") in squeeze(text)
    assert squeeze(f"var: {before}") in squeeze(text)


def test_pdf_has_a_title_page_page_numbers_norwegian_letters_and_metadata(report_pdf):
    reader = pypdf.PdfReader(io.BytesIO(report_pdf))
    pages = [page.extract_text() for page in reader.pages]

    assert "Status per august 2011" in pages[0] and "31. august 2011" in pages[0]
    assert "Side" not in pages[0], "no page number on the title page"
    assert f"Side 2 av {len(pages)}" in pages[1]
    assert "JD/KRÅD" in pages[1] and "Gjennomført" in pages[1]
    assert reader.metadata.title == f"{NAME} – Status per august 2011"
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    fonts = {str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts, "text is set in embedded fonts"


def test_command_writes_the_same_pdf_as_the_report_page(plan, tmp_path):
    status_report_create(plan=plan, title="Status per august 2011", as_of=date(2011, 8, 31))
    out = tmp_path / "rapport.pdf"

    call_command("action_plan_report", NAME, pdf=str(out))

    pages = pdf_text(out.read_bytes())
    assert "Status per august 2011" in pages[0]
    assert re.search(r"^Igangsatt 21$", pages[1], re.MULTILINE)


def test_command_without_a_saved_report_uses_the_current_status(plan, tmp_path):
    out = tmp_path / "rapport.pdf"

    call_command("action_plan_report", NAME, pdf=str(out))

    assert "Status per" in pdf_text(out.read_bytes())[0]
    assert not plan.status_reports.exists()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/static/css/app.css",
        "https://example.com/static/css/app.css",
        "data:text/plain,hei",
        f"{pdf.PDF_BASE_URL}etc/passwd",
        f"{pdf.PDF_BASE_URL}static/../../../../etc/passwd",
        f"{pdf.PDF_BASE_URL}static/%2e%2e/%2e%2e/settings.py",
        f"{pdf.PDF_BASE_URL}static/css/no-such-file.css",
    ],
)
def test_url_fetcher_refuses_everything_but_static_files(url, monkeypatch):
    opened = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: opened.append(a))
    fetcher = pdf.static_url_fetcher()

    with pytest.raises(pdf.ResourceRefused):
        fetcher.fetch(url)
    assert opened == []


def test_url_fetcher_serves_the_portals_own_static_files():
    response = pdf.static_url_fetcher().fetch(f"{pdf.PDF_BASE_URL}static/css/app.css")

    assert b"Visible focus" in response.read()
    assert response.content_type == "text/css"


def test_a_document_asking_for_local_files_gets_nothing(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::after { content: 'HEMMELIG'; }")
    html = (
        f'<html lang="nb"><head><link rel="stylesheet" href="file://{secret}">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><p>Synlig</p><img src="file:///etc/passwd" alt=""></body></html>'
    )

    text = pdf_text(pdf.html_to_pdf(html))[0]

    assert "Synlig" in text and "HEMMELIG" not in text


def test_rendering_stops_at_the_time_limit():
    big = "<html><body>" + "<table>" + "<tr><td>æøå</td></tr>" * 1500 + "</table></body></html>"

    with pytest.raises(pdf.PdfTimeout):
        pdf.html_to_pdf(big, time_limit=0.2)


def test_time_limit_also_holds_in_a_web_server_thread():
    big = "<html><body>" + "<table>" + "<tr><td>æøå</td></tr>" * 1500 + "</table></body></html>"
    errors = []

    def request_thread():
        try:
            pdf.html_to_pdf(big, time_limit=0.2)
        except pdf.PdfTimeout as error:
            errors.append(error)

    thread = threading.Thread(target=request_thread)
    thread.start()
    thread.join(10)
    assert len(errors) == 1
