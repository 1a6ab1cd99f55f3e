"""The method library's first cards."""
from django.db import migrations

METHODS = [
    (
        "naermiljoprat",
        "Nærmiljøprat",
        "En åpen samtale (digital eller fysisk) med beboere i et nærmiljø om hva som gir trygghet, "
        "med gruppearbeid, deling i plenum og en tydelig plan for hva som skjer med innspillene.",
    ),
    (
        "dialogmote",
        "Dialogmøte",
        "Et møte med en avgrenset gruppe, for eksempel ungdomsorganisasjoner, der politiet lytter og spør "
        "om erfaringer og forslag.",
    ),
    (
        "verksted",
        "Verksted",
        "Et arbeidsmøte der deltakerne sammen utvikler ideer eller tiltak, gjerne i små grupper med fasilitator.",
    ),
    (
        "brukertest",
        "Brukertest",
        "Deltakerne prøver en tjeneste, et nettsted eller en prototype mens de tenker høyt; vi ser hva som "
        "fungerer og ikke.",
    ),
    (
        "sporreundersokelse",
        "Spørreundersøkelse",
        "Et skjema som når mange, for eksempel for å evaluere et tiltak blant beboere og ansatte.",
    ),
]


def seed(apps, schema_editor):
    MethodCard = apps.get_model("dialogues", "MethodCard")
    for slug, name, summary in METHODS:
        MethodCard.objects.get_or_create(slug=slug, defaults={"name": name, "summary": summary})


def unseed(apps, schema_editor):
    MethodCard = apps.get_model("dialogues", "MethodCard")
    MethodCard.objects.filter(slug__in=[slug for slug, _, _ in METHODS], meetings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
