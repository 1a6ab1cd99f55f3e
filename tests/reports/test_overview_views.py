"""The overview pages: who may see what, the figures as a user reads them, filters and CSV export."""
import csv
import io

import pytest
import tinyhtml5
from django.urls import reverse

from innbyggerstemmen.accounts.models import Membership
from tests.reports.overview_factories import INDICATOR, build_world, grow

URL = reverse("overview:overview")
EXPORT = reverse("overview:export")


@pytest.fixture
def world(organisation, other_organisation):
    return build_world(organisation, other_organisation)


SVG = "{http://www.w3.org/2000/svg}"


def parse(html):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def cells(html, table_id) -> dict[str, list[str]]:
    """A table's rows as {row header: [cell texts]}."""
    table = parse(html).find(f".//table[@id='{table_id}']")
    assert table is not None, f"no table #{table_id}"
    return {text(row.find("th")): [text(td) for td in row.findall("td")] for row in table.find("tbody")}


def table_ids(html, prefix) -> list[str]:
    return [t.get("id") for t in parse(html).iter("table") if t.get("id", "").startswith(prefix)]


def key_figure(html, name) -> str:
    return text(parse(html).find(f".//div[@data-figure='{name}']/dd"))


def test_national_team_sees_every_district(client_for, national, world):
    response = client_for(national).get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Nasjonal oversikt" in html
    assert key_figure(html, "initiatives") == "3"
    assert key_figure(html, "reported-back") == "1 (33 %)"
    assert key_figure(html, "insights-acted-on") == "2 (50 %)"
    assert cells(html, "by-phase-table")["Utforske"] == ["2", "67 %"]
    assert cells(html, "reach-meetings-table")["13–15 år"] == ["2", "1"]
    assert cells(html, "reach-meetings-table")["16–18 år"] == ["2", "2"]
    assert cells(html, "action-owner-table")["Frivillige"] == ["1", "33 %"]
    [trend_table] = table_ids(html, "trend-")
    assert cells(html, trend_table) == {"2021": ["4,5", "2"], "2022": ["2,5", "2"]}
    # Every chart is an accessible image with a title and a description.
    charts = list(parse(html).iter(f"{SVG}svg"))
    assert len(charts) == 7
    assert all(c.get("role") == "img" and c.find(f"{SVG}title").text and c.find(f"{SVG}desc").text for c in charts)


def test_national_team_filters_by_district_year_and_target_group(client_for, national, world, other_organisation):
    html = client_for(national).get(URL, {"district": other_organisation.pk, "year": 2021}).content.decode()
    assert key_figure(html, "initiatives") == "1"
    assert cells(html, "reach-meetings-table")["13–15 år"] == ["0", "0"]
    assert cells(html, "reach-meetings-table")["16–18 år"] == ["2", "2"]


def test_the_national_team_filters_by_national_theme_whatever_each_initiative_called_it(client_for, national, world):
    from insights.models import Insight, NationalTheme, Theme

    safety = NationalTheme.objects.create(name="Trygghet")
    NationalTheme.objects.create(name="Møteplasser")
    summer_theme = Theme.objects.create(initiative=world.summer, name="Trygt nærmiljø", national_theme=safety)
    oslo_theme = Theme.objects.create(initiative=world.oslo, name="Trygg i byen", national_theme=safety)
    acted_on = Insight.objects.filter(initiative=world.summer, actions__isnull=False).distinct().first()
    acted_on.themes.add(summer_theme)
    Insight.objects.get(initiative=world.oslo).themes.add(oslo_theme)
    client = client_for(national)
    assert "Alle nasjonale tema" in client.get(URL).content.decode()

    html = client.get(URL, {"national_theme": safety.pk}).content.decode()
    assert key_figure(html, "initiatives") == "2"  # Sommer and Oslo; Skolevei has no such theme
    assert key_figure(html, "insights-acted-on") == "1 (50 %)"  # of their insights, the two tagged with it
    [trend_table] = table_ids(html, "trend-")
    assert cells(html, trend_table) == {"2021": ["4,5", "2"]}  # Skolevei's 2022 survey is not theirs
    html = client.get(URL, {"national_theme": "999999"}).content.decode()
    assert "Velg et gyldig valg" in html and key_figure(html, "initiatives") == "3"


def test_coordinator_sees_only_their_district(client_for, coordinator, world, other_organisation):
    response = client_for(coordinator).get(URL, {"district": other_organisation.pk})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Sør-Øst politidistrikt" in html
    assert 'name="district"' not in html  # no district filter offered
    assert key_figure(html, "initiatives") == "2"
    assert cells(html, "reach-meetings-table")["16–18 år"] == ["0", "0"]  # Oslo's participants
    assert cells(html, "action-owner-table")["Frivillige"] == ["0", "0 %"]


def test_bad_filter_input_is_explained_and_ignored(client_for, national, world):
    html = client_for(national).get(URL, {"year": "i fjor", "target_group": "999999"}).content.decode()
    assert "Velg et gyldig valg" in html
    assert key_figure(html, "initiatives") == "3"


@pytest.mark.parametrize("url", [URL, EXPORT])
def test_partners_and_anonymous_are_refused(client, client_for, editor, stranger, world, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert client_for(editor).get(url).status_code == 403
    assert client_for(stranger).get(url).status_code == 403


def test_menu_link_only_for_police_staff(client_for, coordinator, editor, initiative, organisation):
    dashboard = reverse("initiatives:dashboard")
    assert f'href="{URL}"' in client_for(coordinator).get(dashboard).content.decode()
    assert f'href="{URL}"' not in client_for(editor).get(dashboard).content.decode()
    # The menu remembers the answer, but forgets it when the partner becomes police staff.
    Membership.objects.create(user=editor, organisation=organisation)
    assert f'href="{URL}"' in client_for(editor).get(dashboard).content.decode()


def test_csv_export_has_the_figures_of_the_page(client_for, coordinator, world):
    response = client_for(coordinator).get(EXPORT, {"year": 2021})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Tall", "Kategori", "Størrelse", "Verdi"]
    assert ["Nøkkeltall", "Initiativer", "Antall", "1"] in rows  # Skolevei started in 2022
    assert ["Møtedeltakere etter aldersgruppe", "13–15 år", "Påmeldt", "2"] in rows
    assert ["Møtedeltakere etter aldersgruppe", "16–18 år", "Påmeldt", "0"] in rows
    assert [INDICATOR, "2022", "Gjennomsnitt (1–5)", "2.50"] in rows


@pytest.mark.parametrize("size", [1, 20])
def test_page_queries_do_not_grow_with_the_data(client_for, national, world, size, django_assert_num_queries):
    grow(world.summer, size)
    client = client_for(national)
    with django_assert_num_queries(15):  # the national theme choices are one query
        response = client.get(URL, {"year": 2021})
    assert cells(response.content.decode(), "reach-meetings-table")["19–25 år"] == [str(size), "0"]


def test_a_new_action_shows_at_once(client_for, national, world):
    from insights import services as insight_services

    client = client_for(national)
    assert cells(client.get(URL).content.decode(), "action-owner-table")["Næringsliv"] == ["0", "0 %"]
    insight_services.action_create(initiative=world.oslo, title="Butikkene holder åpent", owner="business")
    assert cells(client.get(URL).content.decode(), "action-owner-table")["Næringsliv"] == ["1", "25 %"]
