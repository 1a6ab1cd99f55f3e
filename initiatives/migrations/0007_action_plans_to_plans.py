"""Action plans, measures and status reports now live in the plans sub-app (plans 0001); their tables and rows stay.

State only: an initiative's measures point to plans.Measure; the many-to-many
table (initiatives_initiative_measures) and its columns are unchanged.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0006_summary_pdf_and_story_to_reports'),
        ('plans', '0001_action_plans_from_initiatives'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='actionplan',
                    name='owner_organisation',
                ),
                migrations.RemoveField(
                    model_name='measure',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='statusreport',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='measurestatus',
                    name='measure',
                ),
                migrations.RemoveField(
                    model_name='measurestatus',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='statusreport',
                    name='created_by',
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='measures',
                    field=models.ManyToManyField(blank=True, related_name='initiatives', to='plans.measure', verbose_name='action plan measures'),
                ),
                migrations.DeleteModel(
                    name='ActionPlan',
                ),
                migrations.DeleteModel(
                    name='Measure',
                ),
                migrations.DeleteModel(
                    name='MeasureStatus',
                ),
                migrations.DeleteModel(
                    name='StatusReport',
                ),
            ],
            database_operations=[],
        ),
    ]
