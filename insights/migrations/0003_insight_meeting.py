import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0001_initial"),
        ("insights", "0002_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="insight",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="insights",
                to="dialogues.meeting",
                verbose_name="meeting",
            ),
        ),
    ]
