"""Importing an idea wall's CSV file: reading it, planning it and running it (services and task)."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from initiatives.models import TargetGroup
from insights import import_services, imports
from insights.models import IdeaWallImport, ImportStatus, Insight
from insights.tasks import run_idea_wall_import
from tests.insights.factories import IdeaWallImportFactory, InsightFactory

PADLET = (
    "Subject,Body,Author,Section,Created At\n"
    "Mer lys i parken,Det er mørkt langs stien ved skolen om kvelden,Kari Nordmann,Trygghet,2021-05-02\n"
    "Et sted å være,Ungdom savner et åpent fritidshus på fredager,Ola,Møteplasser,2021-05-02\n"
    '"Flere voksne ute","Foreldre vil gå natteravn, også i helgene",Åse,Trygghet,2021-05-03\n'
    "Ring meg,Ring meg på 912 34 567 så forteller jeg mer,Per,Trygghet,2021-05-03\n"
    ",,Liv,Trygghet,2021-05-04\n"
    "Mer lys i parken,Det er mørkt langs stien ved skolen om kvelden,Kari Nordmann,Trygghet,2021-05-04\n"
)
PADLET_TEXTS = {
    "Mer lys i parken. Det er mørkt langs stien ved skolen om kvelden",
    "Et sted å være. Ungdom savner et åpent fritidshus på fredager",
    "Flere voksne ute. Foreldre vil gå natteravn, også i helgene",
}
FLAGGED_TEXT = "Ring meg. Ring meg på 912 34 567 så forteller jeg mer"


def start(initiative, user, content=PADLET, name="padlet.csv", raw=None):
    raw = content.encode("utf-8") if raw is None else raw
    return import_services.idea_wall_import_start(
        initiative=initiative, user=user, name=name, size=len(raw), raw=raw
    )


def map_padlet(idea_import, **kwargs):
    parsed = import_services.idea_wall_import_parsed(idea_import=idea_import)
    defaults = {
        "targets": imports.guess_mapping(parsed.headings),
        "default_kind": "idea",
        "source": "citizens",
    }
    return import_services.idea_wall_import_set_mapping(idea_import=idea_import, **{**defaults, **kwargs})


def import_padlet(initiative, user, include_flagged=False, **mapping):
    idea_import, _already = start(initiative, user)
    map_padlet(idea_import, **mapping)
    import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=include_flagged)
    idea_import.refresh_from_db()
    return idea_import


# Reading the file ---------------------------------------------------------------------


def test_padlet_columns_are_guessed_in_english_and_norwegian():
    assert imports.guess_mapping(["Subject", "Body", "Author", "Section", "Created At"]) == [
        "text", "text", "ignore", "theme", "date",
    ]
    assert imports.guess_mapping(["Emne", "Innhold", "Forfatter", "Seksjon"]) == ["text", "text", "ignore", "theme"]
    # A single column is the text, whatever it is called.
    assert imports.guess_mapping(["Hva er en god sommer?"]) == ["text"]


def test_semicolons_and_a_byte_order_mark_are_read():
    raw = "\ufeffEmne;Innhold;Forfatter\nTrygg vei;Bedre brøyting; Kari\n".encode()
    decoded, parsed = imports.read_upload(name="Vegg.CSV", size=len(raw), raw=raw)
    assert parsed.delimiter == ";" and decoded.encoding == "utf-8-sig"
    assert parsed.headings == ["Emne", "Innhold", "Forfatter"]
    assert parsed.rows == [["Trygg vei", "Bedre brøyting", " Kari"]]


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("vegg.xlsx", b"Subject\nHei\n", "Velg en CSV-fil"),
        ("vegg.csv", b"", "Filen er tom"),
        ("vegg.csv", b"Subject,Body\n\n , \n", "ingen rader"),
        ("vegg.csv", b"Subject\x00\nHei\n", "kunne ikke leses som CSV"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, raw, message):
    with pytest.raises(imports.ImportFileError, match=message):
        imports.read_upload(name=name, size=len(raw), raw=raw)


def test_a_file_over_two_megabytes_is_refused():
    raw = b"Subject\n" + b"x" * 100
    with pytest.raises(imports.ImportFileError, match="større enn 2 MB"):
        imports.read_upload(name="vegg.csv", size=imports.MAX_BYTES + 1, raw=raw)


def test_the_plan_rejects_empty_long_and_duplicate_rows_and_flags_personal_data():
    parsed = imports.parse(PADLET + f"Lang,{'a' * 2001},Ida,Trygghet,\n")
    plan = imports.plan(
        parsed,
        targets=["text", "text", "ignore", "theme", "ignore"],
        default_kind="idea",
        existing_texts=["  flere VOKSNE ute.   Foreldre vil gå natteravn, også i helgene"],
    )
    already_recorded = "Flere voksne ute. Foreldre vil gå natteravn, også i helgene"
    assert {row.text for row in plan.create} == (PADLET_TEXTS - {already_recorded}) | {FLAGGED_TEXT}
    assert [(row.number, row.reason) for row in plan.rejected] == [
        (4, imports.DUPLICATE),
        (6, imports.EMPTY),
        (7, imports.DUPLICATE_IN_FILE),
        (8, imports.TOO_LONG),
    ]
    assert [row.warnings for row in plan.flagged] == [["et telefonnummer"]]
    assert all("Kari" not in row.text for row in plan.create)
    assert plan.create[0].themes == ["Trygghet"]


def test_a_kind_column_understands_norwegian_words_and_falls_back_to_the_default():
    parsed = imports.parse("Innspill,Type\nMørkt i parken,Bekymring\nFritidsklubb,noe annet\n")
    plan = imports.plan(parsed, targets=["text", "kind"], default_kind="need", existing_texts=[])
    assert [row.kind for row in plan.create] == ["concern", "need"]


# Running the import ---------------------------------------------------------------------


def test_a_padlet_file_becomes_insights_without_authors(initiative, coordinator):
    group, _created = TargetGroup.objects.get_or_create(name="Ungdom 13–16 år")
    initiative.target_groups.add(group)
    idea_import = import_padlet(initiative, coordinator, target_group_ids=[group.pk], source="citizens")

    insights = Insight.objects.filter(initiative=initiative)
    assert set(insights.values_list("text", flat=True)) == PADLET_TEXTS
    for insight in insights:
        assert insight.source_description == "Idévegg-import: padlet.csv"
        assert insight.source == "citizens"
        assert insight.kind == "idea"
        assert list(insight.target_groups.all()) == [group]
        assert insight.created_by == coordinator
    assert set(insights.get(text__startswith="Et sted").themes.values_list("name", flat=True)) == {"Møteplasser"}
    assert not insights.filter(text__contains="Kari").exists()
    assert idea_import.status == ImportStatus.DONE
    assert (idea_import.created_count, idea_import.rejected_count) == (3, 3)
    assert idea_import.result == {"personal": 1, "empty": 1, "duplicate_in_file": 1}
    # The raw file named the authors: only its fingerprint is kept.
    assert idea_import.content == ""


def test_rows_flagged_as_personal_data_are_imported_when_confirmed(initiative, coordinator):
    import_padlet(initiative, coordinator, include_flagged=True)
    assert Insight.objects.filter(initiative=initiative, text=FLAGGED_TEXT).exists()
    assert Insight.objects.filter(initiative=initiative).count() == 4


def test_the_same_file_imported_twice_creates_nothing_the_second_time(initiative, coordinator, editor):
    first = import_padlet(initiative, coordinator)
    again, already = start(initiative, editor, content=PADLET.replace("\n", "\r\n"))
    assert already is True
    assert again == first
    assert IdeaWallImport.objects.count() == 1
    assert Insight.objects.filter(initiative=initiative).count() == 3


def test_the_same_file_in_another_initiative_is_a_new_import(initiative, other_initiative, coordinator, other_coordinator):
    import_padlet(initiative, coordinator)
    import_padlet(other_initiative, other_coordinator)
    assert Insight.objects.filter(initiative=other_initiative).count() == 3


def test_rows_already_recorded_are_skipped_as_duplicates(initiative, coordinator):
    InsightFactory(initiative=initiative, text="Et sted å være. Ungdom savner et åpent fritidshus på fredager")
    idea_import = import_padlet(initiative, coordinator)
    assert Insight.objects.filter(initiative=initiative).count() == 3
    assert idea_import.result["duplicate"] == 1


def test_running_the_task_twice_creates_nothing_twice(initiative, coordinator):
    idea_import = import_padlet(initiative, coordinator)
    assert run_idea_wall_import(idea_import.pk) == 0
    assert run_idea_wall_import.delay(idea_import.pk).get() == 0
    assert Insight.objects.filter(initiative=initiative).count() == 3


def test_confirming_twice_queues_the_import_once(initiative, coordinator, monkeypatch):
    idea_import, _already = start(initiative, coordinator)
    map_padlet(idea_import)
    queued = []
    monkeypatch.setattr(run_idea_wall_import, "delay", lambda pk: queued.append(pk))
    import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=False)
    import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=False)
    assert queued == [idea_import.pk]
    # The queued import runs once, whoever runs it.
    assert import_services.idea_wall_import_run(import_id=idea_import.pk) == 3
    assert import_services.idea_wall_import_run(import_id=idea_import.pk) == 0


def test_a_mapping_without_a_text_column_is_refused(initiative, coordinator):
    idea_import, _already = start(initiative, coordinator)
    with pytest.raises(ValidationError, match="innsiktsteksten"):
        map_padlet(idea_import, targets=["ignore", "ignore", "ignore", "theme", "ignore"])
    with pytest.raises(ValidationError):
        import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=False)
    assert not Insight.objects.exists()


def test_a_bad_file_keeps_nothing(initiative, coordinator):
    with pytest.raises(ValidationError, match="kunne ikke leses som CSV"):
        start(initiative, coordinator, raw=b"Emne\x00\nM\xf8rkt\n")
    assert not IdeaWallImport.objects.exists()


def test_an_import_refused_by_the_insight_services_is_marked_failed_and_creates_nothing(
    initiative, coordinator, monkeypatch
):
    idea_import, _already = start(initiative, coordinator)
    map_padlet(idea_import)
    real_bulk_create, calls = import_services.insight_bulk_create, []

    def refuse_the_second_group(**kwargs):
        calls.append(kwargs["texts"])
        if len(calls) == 2:
            raise ValidationError("Ukjent aktør.")
        return real_bulk_create(**kwargs)

    monkeypatch.setattr(import_services, "insight_bulk_create", refuse_the_second_group)
    import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=False)
    idea_import.refresh_from_db()
    assert idea_import.status == ImportStatus.FAILED
    assert idea_import.error == "Ukjent aktør."
    # The first group was created, then rolled back with the rest.
    assert len(calls) == 2
    assert not Insight.objects.exists()


def test_unconfirmed_uploads_are_deleted_after_two_days(initiative, coordinator):
    old = IdeaWallImportFactory(initiative=initiative)
    IdeaWallImport.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    fresh = IdeaWallImportFactory(initiative=initiative)
    done = import_padlet(initiative, coordinator)
    IdeaWallImport.objects.filter(pk=done.pk).update(updated_at=timezone.now() - timedelta(days=3))
    assert import_services.idea_wall_imports_purge() == 1
    assert set(IdeaWallImport.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}


@pytest.mark.parametrize(
    ("raw", "codec"),
    [
        ("Emne;Innhold\nMørkt i parken;Lys på stien ved skolen\n".encode("cp1252"), "cp1252"),
        ("Emne;Innhold\nMørkt i parken;Lys på stien ved skolen\n".encode("utf-16"), "utf-16"),
        ("Emne;Innhold\nMørkt i parken;Lys på stien ved skolen\n".encode("utf-8"), "utf-8-sig"),
        ("\ufeffEmne;Innhold\nMørkt i parken;Lys på stien ved skolen\n".encode("utf-8"), "utf-8-sig"),
    ],
)
def test_norwegian_excel_files_are_read_in_their_own_encoding(raw, codec):
    decoded, parsed = imports.read_upload(name="vegg.csv", size=len(raw), raw=raw)
    assert decoded.encoding == codec
    assert parsed.rows == [["Mørkt i parken", "Lys på stien ved skolen"]]


def test_row_numbers_are_the_spreadsheet_rows_blank_rows_included():
    parsed = imports.parse("Innhold,Tema\n\nFørste,\n,\n\nAndre,\n")
    assert parsed.numbers == [3, 6]


def test_a_file_with_thousands_of_columns_is_refused_before_it_is_read():
    raw = (",".join(f"k{i}" for i in range(5001)) + "\n" + "x," * 5000 + "x\n").encode()
    with pytest.raises(imports.ImportFileError, match="5001 kolonner"):
        imports.read_upload(name="vegg.csv", size=len(raw), raw=raw)


def test_the_date_column_says_when_each_idea_was_said(initiative, coordinator):
    import_padlet(initiative, coordinator)
    said = dict(Insight.objects.values_list("text", "said_on"))
    from datetime import date

    assert said["Mer lys i parken. Det er mørkt langs stien ved skolen om kvelden"] == date(2021, 5, 2)
    assert said["Flere voksne ute. Foreldre vil gå natteravn, også i helgene"] == date(2021, 5, 3)
    assert imports.date_from_value("03.05.2021") == date(2021, 5, 3)
    assert imports.date_from_value("2021-05-02 14:03:22 UTC") == date(2021, 5, 2)
    assert imports.date_from_value("snart") is None and imports.date_from_value("2021-02-30") is None
