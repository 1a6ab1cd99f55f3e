"""A condition names any of several options: the single show_if_value becomes the list show_if_values."""
from django.db import migrations, models


def to_list(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    for question in Question.objects.exclude(show_if_value=""):
        question.show_if_values = [question.show_if_value]
        question.save(update_fields=["show_if_values"])


def to_single(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    for question in Question.objects.exclude(show_if_values=[]):
        question.show_if_value = question.show_if_values[0][:100]
        question.save(update_fields=["show_if_value"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_email_case_insensitive_index")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="show_if_values",
            field=models.JSONField(blank=True, default=list, verbose_name="is one of"),
        ),
        migrations.RunPython(to_list, to_single),
        migrations.RemoveField(model_name="question", name="show_if_value"),
    ]
