from django.db import migrations

INDICATORS = [
    "Politiet lytter til hva folk her trenger",
    "Ved å jobbe på denne måten finner vi gode løsninger sammen",
]


def seed(apps, schema_editor):
    IndicatorQuestion = apps.get_model("surveys", "IndicatorQuestion")
    for text in INDICATORS:
        IndicatorQuestion.objects.get_or_create(text=text, defaults={"kind": "likert", "active": True})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
