"""Shared themes across districts: the national team's list with synonyms, initiative themes mapped to it, search
filtering by it whatever each initiative called it, and a word that would mean two themes refused."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from insights import national_themes, selectors, services
from insights.models import NationalTheme, Theme
from tests.insights.factories import InsightFactory


@pytest.fixture
def two_districts(initiative, other_initiative):
    """Tønsberg says "Trygghet", Oslo "trygt nærmiljø"; both have something else too."""
    tonsberg = InsightFactory(initiative=initiative, text="Flere voksne ute om kvelden")
    oslo = InsightFactory(initiative=other_initiative, text="Mer lys i bakgårdene")
    other = InsightFactory(initiative=other_initiative, text="Sommerjobber")
    services.insights_assign_theme(initiative=initiative, insights=[tonsberg], name="Trygghet")
    services.insights_assign_theme(initiative=other_initiative, insights=[oslo], name="Trygt nærmiljø")
    services.insights_assign_theme(initiative=other_initiative, insights=[other], name="Aktiviteter")
    return {"tonsberg": tonsberg, "oslo": oslo, "other": other}


def test_synonyms_map_each_initiatives_own_theme_and_search_filters_across_districts(two_districts, national):
    safety = national_themes.national_theme_save(name="Trygghet", synonyms="trygt nærmiljø, Trygg by\ntrygghet")
    assert safety.synonyms == "trygt nærmiljø\nTrygg by"  # its own name and repeats dropped
    assert set(Theme.objects.filter(national_theme=safety).values_list("name", flat=True)) == {"Trygghet", "Trygt nærmiljø"}
    found = selectors.insight_search(user=national, filters={"national_theme": str(safety.pk)})
    assert set(found) == {two_districts["tonsberg"], two_districts["oslo"]}
    facets = selectors.insight_search_facets(queryset=selectors.insight_search(user=national))
    assert (safety.pk, "Trygghet", 2) in facets["national_theme"]


def test_a_theme_created_later_is_mapped_at_once_and_a_removed_synonym_unmaps(initiative):
    safety = national_themes.national_theme_save(name="Trygghet", synonyms="trygg by")
    (later,) = services.themes_get_or_create(initiative=initiative, names=["Trygg by"])
    assert later.national_theme == safety
    national_themes.national_theme_save(theme_id=safety.pk, name="Trygghet", synonyms="")
    later.refresh_from_db()
    assert later.national_theme is None


@pytest.mark.parametrize(
    ("name", "synonyms", "message"),
    [
        ("", "", "Skriv navnet"),
        ("Lys", "trygghet", "«trygghet» hører allerede til det nasjonale temaet «Trygghet»"),
        ("Trygg by", "", "«Trygg by» hører allerede til"),
        ("Lys", "x" * 101, "høyst 100 tegn"),
    ],
)
def test_a_word_meaning_two_themes_or_bad_input_is_refused_and_changes_nothing(db, name, synonyms, message):
    national_themes.national_theme_save(name="Trygghet", synonyms="trygg by")
    with pytest.raises(ValidationError, match=message):
        national_themes.national_theme_save(name=name, synonyms=synonyms)
    assert list(NationalTheme.objects.values_list("name", flat=True)) == ["Trygghet"]


def test_the_list_is_the_national_teams_page(client_for, national, coordinator, two_districts):
    assert client_for(coordinator).get(reverse("insights:national_themes")).status_code == 403
    client = client_for(national)
    client.post(reverse("insights:national_themes"), {"new-name": "Trygghet", "new-synonyms": "trygt nærmiljø"})
    page = client.get(reverse("insights:national_themes")).content.decode()
    assert "Samler 2 initiativtemaer i 2 initiativer." in page
    safety = NationalTheme.objects.get()
    refused = client.post(
        reverse("insights:national_themes"),
        {"new-name": "Nærmiljø", "new-synonyms": "Trygt nærmiljø"},
    )
    assert refused.status_code == 400 and "hører allerede til det nasjonale temaet «Trygghet»" in refused.content.decode()
    client.post(reverse("insights:national_themes"), {"theme": safety.pk, f"n{safety.pk}-name": "Trygghet og ro",
                                                      f"n{safety.pk}-synonyms": "trygghet, trygt nærmiljø"})
    assert NationalTheme.objects.get().name == "Trygghet og ro"
    assert Theme.objects.filter(national_theme=safety).count() == 2
    search = client.get(reverse("insights:search"), {"national_theme": safety.pk}).content.decode()
    assert "Flere voksne ute om kvelden" in search and "Sommerjobber" not in search
