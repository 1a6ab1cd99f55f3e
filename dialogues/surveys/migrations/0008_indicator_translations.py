"""The national indicator questions in nynorsk and English (written in bokmål)."""
from django.db import migrations

TRANSLATIONS = {
    "Politiet lytter til hva folk her trenger": {
        "nn": "Politiet lyttar til kva folk her treng",
        "en": "The police listen to what people here need",
    },
    "Ved å jobbe på denne måten finner vi gode løsninger sammen": {
        "nn": "Ved å jobbe på denne måten finn vi gode løysingar saman",
        "en": "Working this way, we find good solutions together",
    },
}


def fill(apps, schema_editor):
    IndicatorQuestion = apps.get_model("surveys", "IndicatorQuestion")
    for indicator in IndicatorQuestion.objects.filter(text__in=TRANSLATIONS):
        versions = TRANSLATIONS[indicator.text]
        translations = dict(indicator.translations or {})
        for language, text in versions.items():
            translations.setdefault(language, {"text": text})
        indicator.translations = translations
        indicator.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_translated_content"), ("surveys", "0002_seed_indicators")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
