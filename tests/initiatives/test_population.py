"""Population figures: the national team imports Statistics Norway's table, and reach is set against it."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialogues.reach import target_group_reach
from dialogues.surveys.models import Response
from initiatives.models import PopulationFigure, TargetGroup
from initiatives.population import population_import
from initiatives.selectors import population_size
from initiatives.services import target_group_size_set
from innbyggerstemmen.core.csv_files import ImportFileError
from tests.surveys.factories import SurveyFactory

URL = reverse("initiatives:population")

# As Statistics Norway's table 07459 downloads: semicolons, Windows-1252, code and label in one cell, by sex.
SSB = (
    '"region";"kjønn";"alder";"år";"07459: Befolkning"\n'
    + "".join(
        f'"3803 Tønsberg";"{sex}";"{age:03d} {age} år";"2025";{count}\n'
        for age in range(0, 106)
        for sex, count in (("1 Menn", 300 if 13 <= age <= 18 else 250), ("2 Kvinner", 100 if 13 <= age <= 18 else 250))
    )
    + '"3911 Færder";"1 Menn";"015 15 år";"2025";".."\n'
).encode("cp1252")


def _import(content=SSB, name="07459.csv"):
    return population_import(name=name, size=len(content), raw=content)


def test_statistics_norways_table_is_read_with_the_sexes_added_up(db):
    result = _import()
    assert (result.figures, result.municipalities, result.years) == (106, 1, [2025])
    figure = PopulationFigure.objects.get(municipality="Tønsberg", age=15)
    assert (figure.count, figure.municipality_number, figure.year) == (400, "3803", 2025)
    youth = population_size(municipality="Tønsberg kommune", ages="youth")
    assert (youth.people, youth.year, youth.municipalities) == (2400, 2025, ["Tønsberg"])  # 6 ages × 400
    assert population_size(municipality="Tønsberg og Færder", ages="adults").people == 87 * 500
    assert population_size(municipality="Oslo", ages="youth") is None


def test_importing_again_replaces_that_municipality_and_year_and_keeps_the_rest(db):
    _import()
    _import(b"kommune;alder;year;personer\nT\xf8nsberg;15;2024;380\n")
    _import("kommune;alder;år;personer\nTønsberg;15;2025;410\n".encode())
    assert PopulationFigure.objects.filter(municipality="Tønsberg", year=2025).count() == 1  # the new file's year
    assert PopulationFigure.objects.get(year=2025).count == 410
    assert PopulationFigure.objects.get(year=2024).count == 380
    assert population_size(municipality="Tønsberg", ages="youth").people == 410  # the latest year


@pytest.mark.parametrize(
    "content, message",
    [
        (b"kommune;personer\nTonsberg;3\n", "Filen trenger en kolonne for alder, år. Last ned tabellen som CSV med region, alder og år."),
        ("kommune;alder;år;personer\nTønsberg;15;2025;410\nTønsberg;mange;2025;3\n;16;2025;4\n".encode(),
         "Ingenting ble importert: rad 3, 4 mangler kommune, alder, år og antall personer."),
        ("kommune;alder;år;personer\nTønsberg;15;2025;..\n".encode(), "Ingenting ble importert: filen har ingen tall."),
    ],
)
def test_a_file_that_cannot_be_read_is_explained_and_changes_nothing(db, content, message):
    _import()
    with pytest.raises(ImportFileError, match=re.escape(message)):
        _import(content)
    assert PopulationFigure.objects.filter(year=2025).count() == 106


def test_only_the_national_team_imports_and_sees_what_is_there(client_for, national, coordinator):
    assert client_for(coordinator).get(URL).status_code == 403
    upload = SimpleUploadedFile("07459.csv", SSB, content_type="text/csv")
    assert client_for(coordinator).post(URL, {"file": upload}).status_code == 403
    assert not PopulationFigure.objects.exists()

    client = client_for(national)
    response = client.post(URL, {"file": SimpleUploadedFile("07459.csv", SSB, content_type="text/csv")})
    assert response["Location"] == URL
    page = client.get(URL).content.decode()
    assert "Importerte 106 tall for 1 kommune (2025)." in page
    assert "<th scope=\"row\">2025</th><td>1</td>" in page
    bad = client.post(URL, {"file": SimpleUploadedFile("tabell.xlsx", b"PK\x03\x04", content_type="application/zip")})
    assert bad.status_code == 400 and "Velg en CSV-fil" in bad.content.decode()


def test_a_youth_target_group_without_a_size_is_set_against_the_population_and_flagged(
    initiative, client_for, coordinator
):
    """The Tønsberg survey: 9 % youth answered, for youth; the size comes from the imported table."""
    _import()
    initiative.municipality = "Tønsberg"
    initiative.save()
    youth = TargetGroup.objects.create(name="Ungdom 13–18")
    initiative.target_groups.add(youth)
    target_group_size_set(initiative=initiative, target_group_id=youth.pk, size=None, ages="youth")
    survey = SurveyFactory(initiative=initiative)
    now = timezone.now()
    Response.objects.bulk_create(
        [Response(survey=survey, completed=True, respondent_group="adults", submitted_at=now) for _ in range(91)]
        + [Response(survey=survey, completed=True, respondent_group="youth", submitted_at=now) for _ in range(9)]
    )
    (row,) = target_group_reach(initiative=initiative)
    assert (row.size, row.answered_percent, row.under_represented) == (2400, 9, True)
    assert row.note == "Folketall 2025, Tønsberg (importerte tall)"
    html = client_for(coordinator).get(reverse("dialogues:reach", args=[initiative.pk])).content.decode()
    assert "Folketall 2025, Tønsberg (importerte tall)" in html and "Underrepresentert" in html
