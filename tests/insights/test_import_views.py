"""The idea wall import pages: upload, map the columns, preview, confirm and see the result."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import TargetGroup
from insights import imports
from insights.models import IdeaWallImport, ImportStatus, Insight
from tests.insights.factories import IdeaWallImportFactory, InsightFactory
from tests.insights.test_import_services import PADLET, PADLET_TEXTS

URL_NAMES = ["import_upload", "import_detail", "import_mapping", "import_preview"]


def _url(name, initiative, idea_import=None):
    args = [initiative.pk] + ([idea_import.pk] if name != "import_upload" else [])
    return reverse(f"insights:{name}", args=args)


def _csv(content=PADLET, name="padlet.csv"):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def draft(initiative):
    return IdeaWallImportFactory(initiative=initiative)


@pytest.fixture
def urls(initiative, draft):
    return [(name, _url(name, initiative, draft)) for name in URL_NAMES]


# Who may import ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, urls):
    for name, url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, name
            assert "/konto/login/" in response["Location"], name


@pytest.mark.parametrize("outsider", ["other_coordinator", "stranger"])
def test_outsiders_get_not_found(request, client_for, urls, outsider):
    client = client_for(request.getfixturevalue(outsider))
    for name, url in urls:
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"file": _csv()}).status_code == 404, name
    assert not Insight.objects.exists()
    assert IdeaWallImport.objects.count() == 1


def test_a_viewer_may_not_import(client_for, viewer, urls):
    client = client_for(viewer)
    for name, url in urls:
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"file": _csv()}).status_code == 403, name
    assert IdeaWallImport.objects.count() == 1


@pytest.mark.parametrize("person", ["coordinator", "national", "editor", "facilitator"])
def test_people_who_record_insights_may_import(request, client_for, initiative, person):
    client = client_for(request.getfixturevalue(person))
    assert client.get(_url("import_upload", initiative)).status_code == 200
    response = client.post(_url("import_upload", initiative), {"file": _csv()})
    assert response.status_code == 302


def test_another_initiatives_import_is_not_found(client_for, coordinator, initiative, other_initiative):
    foreign = IdeaWallImportFactory(initiative=other_initiative)
    client = client_for(coordinator)
    for name in URL_NAMES[1:]:
        assert client.get(reverse(f"insights:{name}", args=[initiative.pk, foreign.pk])).status_code == 404, name


def test_the_insight_list_links_to_the_import(client_for, coordinator, viewer, initiative):
    link = _url("import_upload", initiative)
    assert link in client_for(coordinator).get(reverse("insights:insight_list", args=[initiative.pk])).content.decode()
    assert link not in client_for(viewer).get(reverse("insights:insight_list", args=[initiative.pk])).content.decode()


# The whole way through ------------------------------------------------------------------------


def test_a_padlet_file_is_mapped_previewed_and_imported(client_for, coordinator, initiative):
    group, _created = TargetGroup.objects.get_or_create(name="Ungdom 13–16 år")
    initiative.target_groups.add(group)
    InsightFactory(initiative=initiative, text="Et sted å være. Ungdom savner et åpent fritidshus på fredager")
    client = client_for(coordinator)

    response = client.post(_url("import_upload", initiative), {"file": _csv()})
    idea_import = IdeaWallImport.objects.get()
    assert response["Location"] == _url("import_mapping", initiative, idea_import)

    page = client.get(response["Location"]).content.decode()
    assert "Subject" in page and "Eksempel: Mer lys i parken" in page
    assert '<option value="theme" selected>' in page  # Section
    assert Insight.objects.count() == 1  # nothing is created before the confirmation

    response = client.post(
        _url("import_mapping", initiative, idea_import),
        {"column_0": "text", "column_1": "text", "column_2": "ignore", "column_3": "theme", "column_4": "ignore",
         "default_kind": "need", "source": "research", "target_groups": [group.pk]},
    )
    assert response["Location"] == _url("import_preview", initiative, idea_import)

    page = client.get(response["Location"]).content.decode()
    assert "3 innsikter blir opprettet" in page
    assert "3 rader blir avvist" in page
    assert "Finnes allerede i dette initiativet" in page
    assert "Ingen tekst" in page
    assert "Samme tekst står tidligere i filen" in page
    assert "et telefonnummer" in page
    assert "Idévegg-import: padlet.csv" in page
    assert Insight.objects.count() == 1

    response = client.post(_url("import_preview", initiative, idea_import), {})
    assert response["Location"] == _url("import_detail", initiative, idea_import)
    page = client.get(response["Location"]).content.decode()
    assert "Ferdig: 2 innsikter ble opprettet." in page
    assert "hx-trigger" not in page  # done: no more polling

    texts = set(Insight.objects.filter(initiative=initiative).values_list("text", flat=True))
    assert texts == PADLET_TEXTS
    imported = Insight.objects.filter(source_description="Idévegg-import: padlet.csv")
    assert imported.count() == 2
    assert set(imported.values_list("kind", "source")) == {("need", "research")}
    assert set(imported.values_list("target_groups__name", flat=True)) == {"Ungdom 13–16 år"}
    page = client.get(reverse("insights:insight_list", args=[initiative.pk])).content.decode()
    assert "Mer lys i parken. Det er mørkt langs stien ved skolen om kvelden" in page


def test_the_same_file_uploaded_again_creates_nothing_and_says_so(client_for, coordinator, initiative):
    client = client_for(coordinator)
    client.post(_url("import_upload", initiative), {"file": _csv()})
    idea_import = IdeaWallImport.objects.get()
    client.post(
        _url("import_mapping", initiative, idea_import),
        {"column_0": "text", "column_1": "text", "column_2": "ignore", "column_3": "theme", "column_4": "ignore",
         "default_kind": "idea", "source": "citizens"},
    )
    client.post(_url("import_preview", initiative, idea_import), {"include_flagged": "on"})
    assert Insight.objects.count() == 4

    response = client.post(_url("import_upload", initiative), {"file": _csv(name="samme-vegg.csv")}, follow=True)
    assert "Denne filen er allerede importert" in response.content.decode()
    assert "Ingenting nytt ble opprettet" in response.content.decode()
    assert IdeaWallImport.objects.count() == 1
    assert Insight.objects.count() == 4
    # Going back to the preview of a finished import does not import again either.
    client.post(_url("import_preview", initiative, idea_import), {"include_flagged": "on"})
    assert Insight.objects.count() == 4


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (_csv(name="padlet.xlsx"), "Velg en CSV-fil"),
        (_csv((",".join(f"k{i}" for i in range(5001)) + "\nx\n").encode()), "5001 kolonner"),
        (_csv(b"Subject,Body\n"), "ingen rader"),
        (_csv(b""), "Filen er tom"),
        (_csv(b"Subject\n" + b"x" * (imports.MAX_BYTES + 10)), "større enn 2 MB"),
    ],
    ids=["wrong type", "5001 columns", "no rows", "empty", "too large"],
)
def test_a_bad_file_is_refused_with_a_norwegian_message(client_for, coordinator, initiative, file, message):
    response = client_for(coordinator).post(_url("import_upload", initiative), {"file": file})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IdeaWallImport.objects.exists()
    assert not Insight.objects.exists()


def test_no_file_chosen(client_for, coordinator, initiative):
    response = client_for(coordinator).post(_url("import_upload", initiative), {})
    assert "Velg en fil" in response.content.decode()


def test_a_file_without_a_text_column_must_be_mapped_before_anything_is_imported(client_for, coordinator, initiative):
    client = client_for(coordinator)
    client.post(_url("import_upload", initiative), {"file": _csv("Author,Created At\nKari,2021-05-02\n")})
    idea_import = IdeaWallImport.objects.get()
    page = client.get(_url("import_mapping", initiative, idea_import)).content.decode()
    assert "fant ingen kolonne med innsiktsteksten" in page

    response = client.post(
        _url("import_mapping", initiative, idea_import),
        {"column_0": "ignore", "column_1": "ignore", "default_kind": "idea", "source": "citizens"},
    )
    assert response.status_code == 400
    assert "Velg minst én kolonne som inneholder innsiktsteksten" in response.content.decode()
    # The preview waits for a mapping, and confirming without one creates nothing.
    assert client.get(_url("import_preview", initiative, idea_import))["Location"] == _url(
        "import_mapping", initiative, idea_import
    )
    client.post(_url("import_preview", initiative, idea_import), {})
    idea_import.refresh_from_db()
    assert idea_import.status == ImportStatus.DRAFT
    assert not Insight.objects.exists()


def test_a_running_import_is_polled_every_two_seconds_with_htmx(client_for, coordinator, initiative):
    idea_import = IdeaWallImportFactory(initiative=initiative, status=ImportStatus.QUEUED)
    client = client_for(coordinator)
    url = _url("import_detail", initiative, idea_import)
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'hx-get="{url}"' in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="import-status"')
    assert "<html" not in partial

    IdeaWallImport.objects.filter(pk=idea_import.pk).update(status=ImportStatus.DONE, created_count=5)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Ferdig: 5 innsikter ble opprettet." in partial
    assert "hx-trigger" not in partial


@pytest.mark.parametrize("rows", [3, 300])
def test_the_preview_takes_the_same_number_of_queries_for_small_and_large_files(
    client_for, coordinator, initiative, django_assert_max_num_queries, rows
):
    InsightFactory.create_batch(rows, initiative=initiative)
    content = "Subject,Body,Section\n" + "".join(f"Innspill {n},om kvelden,Tema {n % 7}\n" for n in range(rows))
    client = client_for(coordinator)
    client.post(_url("import_upload", initiative), {"file": _csv(content)})
    idea_import = IdeaWallImport.objects.get()
    client.post(
        _url("import_mapping", initiative, idea_import),
        {"column_0": "text", "column_1": "text", "column_2": "theme", "default_kind": "idea", "source": "citizens"},
    )
    with django_assert_max_num_queries(12):
        response = client.get(_url("import_preview", initiative, idea_import))
    assert f"{rows} innsikt" in response.content.decode()


def test_an_excel_semicolon_file_is_read_tied_to_its_meeting_and_numbered_as_in_the_sheet(
    client_for, coordinator, initiative, other_initiative
):
    from tests.dialogues.factories import MeetingFactory

    meeting = MeetingFactory(initiative=initiative, title="Nærmiljøprat på Eik")
    foreign = MeetingFactory(initiative=other_initiative, title="Oslo-møtet")
    excel = "Gruppe;Innspill\n\nA;Mørkt på stien ved skolen\n;\nB;Flere voksne på kveldstid\nC;\n".encode("cp1252")
    client = client_for(coordinator)
    client.post(_url("import_upload", initiative), {"file": _csv(excel, name="vegg.csv")})
    idea_import = IdeaWallImport.objects.get()
    page = client.get(_url("import_mapping", initiative, idea_import)).content.decode()
    assert "Den ble lest som Windows-1252 (Excel «CSV (semikolonseparert)»)" in page
    assert "Eksempel: Mørkt på stien ved skolen" in page
    assert "Nærmiljøprat på Eik" in page and "Oslo-møtet" not in page

    mapping = {"column_0": "theme", "column_1": "text", "default_kind": "idea", "source": "citizens"}
    refused = client.post(_url("import_mapping", initiative, idea_import), {**mapping, "meeting": foreign.pk})
    assert refused.status_code == 400  # another initiative's meeting is not a choice
    client.post(_url("import_mapping", initiative, idea_import), {**mapping, "meeting": meeting.pk})
    preview = client.get(_url("import_preview", initiative, idea_import)).content.decode()
    # The empty text is on row 6 of the sheet (row 2 and 4 are blank), not "row 3".
    assert '<tr><th scope="row">6</th>' in preview
    client.post(_url("import_preview", initiative, idea_import), {})
    assert set(Insight.objects.values_list("text", "meeting__title")) == {
        ("Mørkt på stien ved skolen", "Nærmiljøprat på Eik"),
        ("Flere voksne på kveldstid", "Nærmiljøprat på Eik"),
    }


def test_an_over_long_note_is_cut_to_the_limit_only_when_the_coordinator_chooses_it(client_for, coordinator, initiative):
    long_body = "Mer lys langs stien " * 150  # 3,000 characters
    client = client_for(coordinator)
    client.post(_url("import_upload", initiative), {"file": _csv(f"Body\nKort lapp\n\"{long_body}\"\n", "lang.csv")})
    idea_import = IdeaWallImport.objects.get()
    client.post(_url("import_mapping", initiative, idea_import), {"column_0": "text", "default_kind": "idea",
                                                                  "source": "citizens"})
    page = client.get(_url("import_preview", initiative, idea_import)).content.decode()
    assert "1 rad er lengre enn en innsikt kan være (rad: 3)" in page
    assert "Kutt tekstene som er for lange til 2000 tegn og importer dem" in page

    client.post(_url("import_preview", initiative, idea_import), {"cut_long": "on"})
    cut = Insight.objects.get(text__startswith="Mer lys")
    assert len(cut.text) <= imports.MAX_TEXT and cut.text.endswith("…")
    assert cut.text[:-1].split()[-1] in {"Mer", "lys", "langs", "stien"}  # cut between words
    assert Insight.objects.filter(text="Kort lapp").exists()


def test_without_choosing_to_cut_an_over_long_note_is_left_out(client_for, coordinator, initiative):
    client = client_for(coordinator)
    client.post(_url("import_upload", initiative), {"file": _csv(f"Body\nKort lapp\n{'x' * 2500}\n", "lang.csv")})
    idea_import = IdeaWallImport.objects.get()
    client.post(_url("import_mapping", initiative, idea_import), {"column_0": "text", "default_kind": "idea",
                                                                  "source": "citizens"})
    client.post(_url("import_preview", initiative, idea_import), {})
    assert list(Insight.objects.values_list("text", flat=True)) == ["Kort lapp"]


def test_cutting_keeps_whole_words_and_a_wordless_text_is_cut_where_it_stands():
    assert imports.cut_to_limit("ord " * 600) == ("ord " * 499).rstrip() + "…"
    assert len(imports.cut_to_limit("x" * 3000)) == imports.MAX_TEXT
    assert imports.cut_to_limit("kort") == "kort"


def _mapped_import(client, initiative, content):
    client.post(_url("import_upload", initiative), {"file": _csv(content, "vegg.csv")})
    idea_import = IdeaWallImport.objects.get()
    client.post(_url("import_mapping", initiative, idea_import), {"column_0": "text", "default_kind": "idea",
                                                                  "source": "citizens"})
    return idea_import


def test_the_preview_shows_rows_that_resemble_an_insight_and_merges_the_ticked_ones(
    client_for, coordinator, initiative, other_initiative
):
    said = InsightFactory(initiative=initiative, text="Ungdommene savner et åpent fritidshus på fredagskvelden")
    InsightFactory(initiative=other_initiative, text="Det er mørkt på stien ved skolen om kvelden")  # not theirs
    client = client_for(coordinator)
    content = (
        "Body\nUngdommene savner åpent fritidshus fredagskvelden\n"
        "Mørkt på stien ved skolen om kvelden\nFlere benker i parken\n"
    )
    idea_import = _mapped_import(client, initiative, content)

    page = client.get(_url("import_preview", initiative, idea_import)).content.decode()
    assert "1 rad ligner på en innsikt initiativet allerede har" in page
    assert f'href="{said.get_absolute_url()}"' in page
    assert page.count('name="merge"') == 1  # the other initiative's insight is never offered
    assert 'value="2"' in page

    refused = client.post(_url("import_preview", initiative, idea_import), {"merge": ["3"]})
    assert refused.status_code == 200 and "Velg rader som ligner på en innsikt." in refused.content.decode()
    assert Insight.objects.filter(initiative=initiative).count() == 1  # nothing imported

    response = client.post(_url("import_preview", initiative, idea_import), {"merge": ["2"]})
    page = client.get(response["Location"]).content.decode()
    assert "Ferdig: 3 innsikter ble opprettet." in page
    assert "1 av dem ble slått sammen med innsikten den lignet på" in page
    duplicate = Insight.objects.get(text="Ungdommene savner åpent fritidshus fredagskvelden")
    assert duplicate.merged_into == said
    assert duplicate.source_description == "Idévegg-import: vegg.csv"  # where it came from is kept
    assert Insight.objects.get(text="Flere benker i parken").merged_into is None


def test_a_row_is_merged_only_into_an_insight_still_there(client_for, coordinator, initiative, monkeypatch):
    from insights import import_services

    monkeypatch.setattr(import_services, "enqueue_on_commit", lambda *args: None)  # the worker runs it below

    said = InsightFactory(initiative=initiative, text="Ungdommene savner et åpent fritidshus på fredagskvelden")
    client = client_for(coordinator)
    idea_import = _mapped_import(client, initiative, "Body\nUngdommene savner åpent fritidshus fredagskvelden\n")
    import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=False, merge_rows=[2])
    said.delete()  # gone before the queued import ran
    assert import_services.idea_wall_import_run(import_id=idea_import.pk) == 1
    assert Insight.objects.get().merged_into is None
