"""Action plan pages: who may do what, the import with preview, inline editing and status reports."""
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.plans.models import ActionPlan, Measure, MeasureState, StatusReport
from initiatives.plans.services import measure_update, status_report_create

from .factories import ActionPlanFactory, MeasureFactory

DATA = Path(__file__).resolve().parents[2] / "initiatives" / "plans" / "data"
HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = ActionPlanFactory(name="Gode krefter", slug="gode-krefter")
    for number in (1, 2, 3):
        MeasureFactory(plan=plan, number=number, package="Tidlig innsats" if number < 3 else "Samarbeid")
    return plan


@pytest.fixture
def report(plan):
    return status_report_create(plan=plan, title="Status per august 2011", as_of=date(2011, 8, 31))


def urls(plan, report):
    """Every action plan URL: (name, url, method, needs the change permission)."""
    return [
        ("list", reverse("plans:list"), "get", False),
        ("detail", reverse("plans:detail", args=[plan.slug]), "get", False),
        ("measure", reverse("plans:measure", args=[plan.slug, 1]), "get", False),
        ("report", reverse("plans:report", args=[plan.slug, report.pk]), "get", False),
        # Asking for the PDF is reading: the worker makes it (in-process here), then it downloads.
        ("report_pdf_request", reverse("plans:report_pdf_request", args=[plan.slug, report.pk]), "post", False),
        ("report_pdf_status", reverse("plans:report_pdf_status", args=[plan.slug, report.pk]), "get", False),
        ("report_pdf", reverse("plans:report_pdf", args=[plan.slug, report.pk]), "get", False),
        ("import", reverse("plans:import"), "get", True),
        ("import_confirm", reverse("plans:import_confirm"), "post", True),
        ("measure_edit", reverse("plans:measure_edit", args=[plan.slug, 1]), "get", True),
        ("measure_edit_post", reverse("plans:measure_edit", args=[plan.slug, 1]), "post", True),
        ("report_create", reverse("plans:report_create", args=[plan.slug]), "get", True),
        ("report_create_post", reverse("plans:report_create", args=[plan.slug]), "post", True),
    ]


SECTION_PAGES = {"list", "import", "import_confirm"}  # not one plan: 403 rather than 404


def test_anonymous_is_sent_to_login_everywhere(client, plan, report):
    for name, url, method, _ in urls(plan, report):
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name


@pytest.mark.parametrize("who", ["stranger", "editor", "viewer"])
def test_partners_see_no_action_plans(request, client_for, plan, report, who):
    client = client_for(request.getfixturevalue(who))
    for name, url, method, _ in urls(plan, report):
        response = getattr(client, method)(url, {"status": "completed", "title": "x", "as_of": "2011-08-31"})
        expected = 403 if name in SECTION_PAGES else 404
        assert response.status_code == expected, name
    assert Measure.objects.get(number=1).status == MeasureState.NOT_STARTED
    assert StatusReport.objects.count() == 1


@pytest.mark.parametrize("who", ["coordinator", "other_coordinator"])
def test_police_staff_read_but_do_not_change(request, client_for, plan, report, who):
    client = client_for(request.getfixturevalue(who))
    for name, url, method, needs_change in urls(plan, report):
        response = getattr(client, method)(url, {"status": "completed", "title": "x", "as_of": "2011-08-31"})
        if needs_change:
            assert response.status_code == 403, name
        else:
            # A measure's row outside htmx redirects to the plan at that row; asking for the PDF to the report.
            assert response.status_code == (302 if name in ("measure", "report_pdf_request") else 200), name
    assert Measure.objects.get(number=1).status == MeasureState.NOT_STARTED
    assert StatusReport.objects.count() == 1
    page = client.get(reverse("plans:detail", args=[plan.slug])).content.decode()
    assert "Rediger" not in page and "Lag statusrapport" not in page


def test_national_team_may_use_every_page(client_for, national, plan, report):
    client = client_for(national)
    for name, url, method, _ in urls(plan, report):
        if name == "import_confirm":
            continue  # needs a preview; covered below
        # The row alone is for htmx (a browser goes to the plan); asking for the PDF leads back to the report.
        expected = 302 if name in ("measure", "report_pdf_request") else 200
        assert getattr(client, method)(url).status_code == expected, name


def test_unknown_plan_measure_or_report_is_404(client_for, national, plan, report):
    client = client_for(national)
    other = ActionPlanFactory()
    other_report = status_report_create(plan=other, title="Annen", as_of=date(2012, 1, 1))
    assert client.get(reverse("plans:detail", args=["finnes-ikke"])).status_code == 404
    assert client.get(reverse("plans:measure_edit", args=[plan.slug, 99])).status_code == 404
    assert client.get(reverse("plans:report", args=[plan.slug, other_report.pk])).status_code == 404


def test_plan_page_groups_measures_by_package_with_counts(client_for, coordinator, plan):
    measure_update(measure=plan.measures.get(number=2), status=MeasureState.STARTED, status_text="I gang.")

    page = client_for(coordinator).get(reverse("plans:detail", args=[plan.slug])).content.decode()

    assert page.index("Tidlig innsats") < page.index("Samarbeid")
    assert 'data-count="not_started">2<' in page
    assert 'data-count="started">1<' in page
    assert "Igangsatt" in page and "I gang." in page


def test_inline_edit_with_htmx_returns_the_row_and_fresh_counts(client_for, national, plan):
    client = client_for(national)
    url = reverse("plans:measure_edit", args=[plan.slug, 2])

    form = client.get(url, **HTMX).content.decode()
    assert form.startswith('<tr id="measure-2"') and "<form" in form and "<html" not in form

    response = client.post(url, {"status": "completed", "status_text": "Ferdig i 2010."}, **HTMX)

    html = response.content.decode()
    assert html.startswith('<tr id="measure-2"') and "<form" not in html
    assert "Gjennomført" in html and "Ferdig i 2010." in html
    assert 'id="plan-counts"' in html and 'hx-swap-oob="true"' in html
    assert 'data-count="completed">1<' in html
    measure = plan.measures.get(number=2)
    assert (measure.status, measure.status_text) == (MeasureState.COMPLETED, "Ferdig i 2010.")


def test_inline_edit_without_javascript_redirects_back_to_the_row(client_for, national, plan):
    client = client_for(national)
    url = reverse("plans:measure_edit", args=[plan.slug, 2])

    assert "<html" in client.get(url).content.decode()
    response = client.post(url, {"status": "being_planned", "status_text": ""})

    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.slug]) + "#measure-2"
    assert plan.measures.get(number=2).status == MeasureState.BEING_PLANNED


def test_inline_edit_with_an_invalid_status_shows_the_error_and_changes_nothing(client_for, national, plan):
    url = reverse("plans:measure_edit", args=[plan.slug, 2])

    response = client_for(national).post(url, {"status": "maybe", "status_text": "x"}, **HTMX)

    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert plan.measures.get(number=2).status == MeasureState.NOT_STARTED


def test_cancel_returns_the_read_only_row(client_for, national, plan):
    response = client_for(national).get(reverse("plans:measure", args=[plan.slug, 1]), **HTMX)

    assert response.content.decode().startswith('<tr id="measure-1"')


def upload(client, content: bytes, name="plan.csv", plan_name="Gode krefter 2009–2012"):
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("plans:import"), {"name": plan_name, "period": "2009–2012", "file": file})


def test_import_shows_a_preview_and_saves_only_on_confirm(client_for, national):
    client = client_for(national)
    content = (DATA / "gode-krefter-2009-2012.csv").read_bytes() + b"36,Pakke,,JD,2010,Igangsatt\n"

    preview = upload(client, content)

    html = preview.content.decode()
    assert "35 nye tiltak" in html and "1 rad avvist" in html
    assert "Tiltaket har ingen tittel." in html
    assert not ActionPlan.objects.exists()

    confirm = client.post(reverse("plans:import_confirm"), {"payload": preview.context["confirm_form"].initial["payload"]})

    plan = ActionPlan.objects.get()
    assert confirm["Location"] == plan.get_absolute_url()
    assert (plan.name, plan.period, plan.measures.count()) == ("Gode krefter 2009–2012", "2009–2012", 35)

    again = upload(client, (DATA / "gode-krefter-2009-2012.csv").read_bytes())
    assert "35 tiltak uendret" in again.content.decode() and "0 nye tiltak" in again.content.decode()


def test_import_confirm_refuses_a_tampered_preview(client_for, national):
    client = client_for(national)
    preview = upload(client, b"nr,title\n1,Tiltak\n")
    payload = preview.context["confirm_form"].initial["payload"]

    response = client.post(reverse("plans:import_confirm"), {"payload": payload[:-3] + "abc"}, follow=True)

    assert "Forhåndsvisningen kunne ikke leses" in response.content.decode()
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"nummer,tittel\n1,Noe\n", "plan.csv", "mangler: nr, title"),
        ("nr,title\n1,Tiltak for æøå\n".encode("latin-1"), "plan.csv", "ikke UTF-8"),
        (b"nr,title\n" + b"1,x\n" * 300_000, "plan.csv", "for stor"),
        (b"nr,title\n1,Tiltak\n", "plan.xlsx", "CSV-fil"),
    ],
    ids=["wrong columns", "not utf-8", "too large", "not csv"],
)
def test_bad_upload_gives_a_clear_message_and_creates_nothing(client_for, national, content, name, message):
    response = upload(client_for(national), content, name=name)

    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html and message in html
    assert not ActionPlan.objects.exists()


def test_status_report_is_created_and_shows_what_changed(client_for, national, plan, report):
    client = client_for(national)
    measure_update(measure=plan.measures.get(number=1), status=MeasureState.STARTED, status_text="")
    measure_update(measure=plan.measures.get(number=3), status=MeasureState.NOT_STARTED, status_text="Venter på midler.")

    response = client.post(
        reverse("plans:report_create", args=[plan.slug]), {"title": "Status per mars 2012", "as_of": "2012-03-31"}
    )

    new = StatusReport.objects.get(title="Status per mars 2012")
    assert response["Location"] == reverse("plans:report", args=[plan.slug, new.pk])
    html = client.get(response["Location"]).content.decode()
    assert "2 tiltak er endret siden forrige rapport, «Status per august 2011»." in html
    assert "Status var: Ikke igangsatt" in html and "Statusteksten er endret" in html
    changed_only = client.get(response["Location"] + "?endret=1").content.decode()
    assert 'id="measure-1"' in changed_only and 'id="measure-2"' not in changed_only
    first = client.get(reverse("plans:report", args=[plan.slug, report.pk])).content.decode()
    assert "første statusrapporten" in first


def test_status_report_form_requires_a_date(client_for, national, plan):
    response = client_for(national).post(reverse("plans:report_create", args=[plan.slug]), {"title": "Status"})

    assert "error-summary" in response.content.decode()
    assert not StatusReport.objects.exists()


def test_report_pdf_is_made_on_request_and_then_downloads(client_for, coordinator, plan, report):
    client = client_for(coordinator)
    assert client.get(reverse("plans:report_pdf", args=[plan.slug, report.pk])).status_code == 404  # not made yet
    made = client.post(reverse("plans:report_pdf_request", args=[plan.slug, report.pk]), HTTP_HX_REQUEST="true")
    assert made.status_code == 200 and reverse("plans:report_pdf", args=[plan.slug, report.pk]) in made.content.decode()
    response = client.get(reverse("plans:report_pdf", args=[plan.slug, report.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="gode-krefter-2011-08-31.pdf"'
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("size", [3, 40])
def test_plan_page_queries_do_not_grow_with_the_plan(client_for, national, coordinator, django_assert_max_num_queries, size):
    plan = ActionPlanFactory(slug="stor")
    for number in range(1, size + 1):
        MeasureFactory(plan=plan, number=number, package=f"Pakke {number % 4}")
    status_report_create(plan=plan, title="Første", as_of=date(2011, 1, 1))
    status_report_create(plan=plan, title="Andre", as_of=date(2012, 1, 1))
    for user in (national, coordinator):
        client = client_for(user)
        with django_assert_max_num_queries(8):
            assert client.get(reverse("plans:detail", args=["stor"])).status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get(reverse("plans:list")).status_code == 200
        report = plan.status_reports.first()
        with django_assert_max_num_queries(11):
            assert client.get(reverse("plans:report", args=["stor", report.pk])).status_code == 200
