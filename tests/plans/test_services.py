"""Importing action plans from CSV, editing measure status and taking status reports."""
import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from initiatives.plans.models import ActionPlan, Measure, MeasureState, MeasureStatus
from initiatives.plans.services import (
    STATUS_WORDS,
    action_plan_csv_parse,
    action_plan_import,
    action_plan_import_preview,
    measure_update,
    status_report_create,
)

from .factories import ActionPlanFactory, MeasureFactory

DATA = Path(__file__).resolve().parents[2] / "initiatives" / "plans" / "data"
GODE_KREFTER = DATA / "gode-krefter-2009-2012.csv"
PRIMAERSTRATEGI = DATA / "primaerstrategi-2018-2020.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English here; the Norwegian ones are checked on the pages.
    with translation.override("en"):
        yield


def csv_rows(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def import_file(path, name):
    return action_plan_import(name=name, rows=action_plan_csv_parse(path.read_bytes()))


def test_gode_krefter_imports_35_measures_with_the_statuses_of_the_file():
    expected = Counter(STATUS_WORDS[row["status"].lower()] for row in csv_rows(GODE_KREFTER))

    result = import_file(GODE_KREFTER, "Gode krefter")

    plan = ActionPlan.objects.get(name="Gode krefter")
    assert len(result.create) == 35 and result.rejected == []
    assert plan.measures.count() == 35
    assert Counter(plan.measures.values_list("status", flat=True)) == expected
    first = plan.measures.get(number=1)
    assert first.package == "Kunnskapsforankring – styrket framskaffelse og bedre anvendelse"
    assert (first.responsible, first.period, first.status) == ("JD/KRÅD", "2009-2012", MeasureState.STARTED)
    assert plan.measures.values("package").distinct().count() == 3


def test_primaerstrategi_without_status_column_gets_not_started():
    import_file(PRIMAERSTRATEGI, "Primærstrategi")

    plan = ActionPlan.objects.get(name="Primærstrategi")
    assert plan.measures.count() == 11
    assert set(plan.measures.values_list("status", flat=True)) == {MeasureState.NOT_STARTED}
    assert plan.slug == "primaerstrategi"


def test_reimport_updates_instead_of_duplicating():
    import_file(GODE_KREFTER, "Gode krefter")
    rows = action_plan_csv_parse(GODE_KREFTER.read_bytes())
    rows[0]["status"] = "Gjennomført"
    rows[1]["title"] = "Standardiserte ungdomsundersøkelser – ny tittel"

    result = action_plan_import(name="Gode krefter", rows=rows)

    assert ActionPlan.objects.count() == 1
    assert Measure.objects.count() == 35
    assert (len(result.create), len(result.update), len(result.unchanged)) == (0, 2, 33)
    assert Measure.objects.get(number=1).status == MeasureState.COMPLETED
    assert Measure.objects.get(number=2).title.endswith("ny tittel")


def test_reimport_without_status_keeps_the_status_set_in_the_portal():
    import_file(PRIMAERSTRATEGI, "Primærstrategi")
    measure = Measure.objects.get(number=3)
    measure_update(measure=measure, status=MeasureState.STARTED, status_text="Pilot i gang.")

    result = import_file(PRIMAERSTRATEGI, "Primærstrategi")

    assert len(result.unchanged) == 11
    measure.refresh_from_db()
    assert (measure.status, measure.status_text) == (MeasureState.STARTED, "Pilot i gang.")


def test_import_command_works_on_both_files_and_again(capsys):
    call_command("import_action_plan", str(GODE_KREFTER), name="Gode krefter")
    call_command("import_action_plan", str(PRIMAERSTRATEGI), name="Primærstrategi", period="2018–2020")
    call_command("import_action_plan", str(GODE_KREFTER), name="Gode krefter")

    assert dict(ActionPlan.objects.values_list("name", "period")) == {"Gode krefter": "", "Primærstrategi": "2018–2020"}
    assert Measure.objects.filter(plan__name="Gode krefter").count() == 35
    assert Measure.objects.filter(plan__name="Primærstrategi").count() == 11
    assert "0 created, 0 updated, 35 unchanged" in capsys.readouterr().out


def test_import_command_refuses_a_bad_file_and_creates_nothing(tmp_path):
    bad = tmp_path / "plan.csv"
    bad.write_text("nummer;tittel\n1;Noe\n", encoding="utf-8")

    with pytest.raises(CommandError, match="nr, title"):
        call_command("import_action_plan", str(bad), name="Feil")

    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"number,name\n1,Noe\n", "missing: nr, title"),
        (b"nr,package\n1,Pakke\n", "missing: title"),
        ("nr,title\n1,Tiltak for æøå\n".encode("latin-1"), "not UTF-8"),
        (b"nr,title\n" + b"1,x\n" * 300_000, "too large"),
        (b"nr,title\n", "no measures"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    ],
    ids=["wrong columns", "no title column", "latin-1", "over 1 MB", "only a header", "binary"],
)
def test_bad_csv_gives_a_clear_message(data, message):
    with pytest.raises(ValidationError) as error:
        action_plan_csv_parse(data)

    assert message in " ".join(error.value.messages)


def test_semicolon_separated_file_with_bom_is_read():
    rows = action_plan_csv_parse("\ufeffnr;title;status\n1;Tiltak; Igangsatt \n".encode())

    assert rows == [{"nr": "1", "title": "Tiltak", "status": "Igangsatt"}]


def test_rows_that_cannot_be_imported_are_rejected_with_the_reason_and_the_rest_imported():
    rows = [
        {"nr": "1", "title": "Godt tiltak", "status": "Igangsatt"},
        {"nr": "x", "title": "Uten nummer"},
        {"nr": "2", "title": ""},
        {"nr": "3", "title": "Rar status", "status": "Kanskje"},
        {"nr": "1", "title": "Samme nummer igjen"},
    ]

    preview = action_plan_import_preview(name="Plan", rows=rows)
    assert not ActionPlan.objects.exists()
    assert [(r["line"], r["reason"]) for r in preview.rejected] == [
        (3, "The number “x” is not a whole number from 1."),
        (4, "The measure has no title."),
        (5, "Unknown status “Kanskje”. Use Ikke igangsatt, Under planlegging, Igangsatt or Gjennomført."),
        (6, "Measure number 1 appears twice."),
    ]

    result = action_plan_import(name="Plan", rows=rows)
    assert len(result.create) == 1
    assert list(Measure.objects.values_list("number", "title")) == [(1, "Godt tiltak")]


def test_preview_writes_nothing_and_tells_create_from_update():
    plan = ActionPlanFactory(name="Plan")
    MeasureFactory(plan=plan, number=1, title="Gammel tittel", package="", responsible="", period="")

    preview = action_plan_import_preview(
        name="Plan", rows=[{"nr": "1", "title": "Ny tittel"}, {"nr": "2", "title": "Nytt tiltak"}]
    )

    assert preview.plan_exists
    assert [row["number"] for row in preview.create] == [2]
    assert [(row["number"], row["changes"]) for row in preview.update] == [(1, ["title"])]
    assert Measure.objects.get(number=1).title == "Gammel tittel"
    assert Measure.objects.count() == 1


def test_import_needs_a_name():
    with pytest.raises(ValidationError):
        action_plan_import(name="  ", rows=[{"nr": "1", "title": "Tiltak"}])
    assert not ActionPlan.objects.exists()


def test_measure_update_refuses_an_unknown_status():
    measure = MeasureFactory()
    with pytest.raises(ValidationError):
        measure_update(measure=measure, status="maybe", status_text="")
    measure.refresh_from_db()
    assert measure.status == MeasureState.NOT_STARTED


def test_status_report_keeps_the_statuses_of_its_day(national):
    plan = ActionPlanFactory()
    first, second = MeasureFactory(plan=plan, number=1), MeasureFactory(plan=plan, number=2)
    measure_update(measure=first, status=MeasureState.STARTED, status_text="I gang.")

    report = status_report_create(plan=plan, title="Status per august 2011", as_of=date(2011, 8, 31), user=national)
    measure_update(measure=first, status=MeasureState.COMPLETED, status_text="Ferdig.")

    snapshot = {s.measure_id: (s.status, s.status_text) for s in MeasureStatus.objects.filter(report=report)}
    assert snapshot == {first.pk: (MeasureState.STARTED, "I gang."), second.pk: (MeasureState.NOT_STARTED, "")}
    assert report.created_by == national
