"""Action plans, measures and status reports move from initiatives to the plans sub-app, keeping their tables and rows.

State only: the tables stay as they are (initiatives_actionplan, initiatives_measure,
initiatives_statusreport, initiatives_measurestatus); initiatives 0007 removes the
models from initiatives' state after this has added them here.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('initiatives', '0006_summary_pdf_and_story_to_reports'),
        ('accounts', '0003_partners_and_invitations_to_initiatives'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActionPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='short name in the address')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('period', models.CharField(blank=True, max_length=50, verbose_name='period')),
                        ('owner_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='action_plans', to='accounts.organisation', verbose_name='owner organisation')),
                    ],
                    options={
                        'verbose_name': 'action plan',
                        'verbose_name_plural': 'action plans',
                        'db_table': 'initiatives_actionplan',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Measure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('number', models.PositiveIntegerField(verbose_name='number')),
                        ('package', models.CharField(blank=True, max_length=255, verbose_name='package')),
                        ('title', models.CharField(max_length=500, verbose_name='measure')),
                        ('responsible', models.CharField(blank=True, max_length=255, verbose_name='responsible')),
                        ('period', models.CharField(blank=True, max_length=50, verbose_name='period')),
                        ('status', models.CharField(choices=[('not_started', 'Not started'), ('being_planned', 'Being planned'), ('started', 'Started'), ('completed', 'Completed')], default='not_started', max_length=20, verbose_name='status')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('status_text', models.TextField(blank=True, verbose_name='status text')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='plans.actionplan', verbose_name='action plan')),
                    ],
                    options={
                        'verbose_name': 'measure',
                        'verbose_name_plural': 'measures',
                        'db_table': 'initiatives_measure',
                        'ordering': ['plan', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='StatusReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('as_of', models.DateField(verbose_name='status as of')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_reports', to='plans.actionplan', verbose_name='action plan')),
                    ],
                    options={
                        'verbose_name': 'status report',
                        'verbose_name_plural': 'status reports',
                        'db_table': 'initiatives_statusreport',
                        'ordering': ['-as_of', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MeasureStatus',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('not_started', 'Not started'), ('being_planned', 'Being planned'), ('started', 'Started'), ('completed', 'Completed')], max_length=20, verbose_name='status')),
                        ('status_text', models.TextField(blank=True, verbose_name='status text')),
                        ('measure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='snapshots', to='plans.measure')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='plans.statusreport')),
                    ],
                    options={
                        'verbose_name': 'measure status',
                        'verbose_name_plural': 'measure statuses',
                        'db_table': 'initiatives_measurestatus',
                    },
                ),
                migrations.AddConstraint(
                    model_name='measure',
                    constraint=models.UniqueConstraint(fields=('plan', 'number'), name='measure_unique_number_in_plan'),
                ),
                migrations.AddConstraint(
                    model_name='measure',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['not_started', 'being_planned', 'started', 'completed'])), name='measure_status_valid'),
                ),
                migrations.AddIndex(
                    model_name='statusreport',
                    index=models.Index(fields=['plan', '-as_of'], name='statusreport_plan_asof_idx'),
                ),
                migrations.AddConstraint(
                    model_name='measurestatus',
                    constraint=models.UniqueConstraint(fields=('report', 'measure'), name='measurestatus_once_per_report'),
                ),
                migrations.AddConstraint(
                    model_name='measurestatus',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['not_started', 'being_planned', 'started', 'completed'])), name='measurestatus_status_valid'),
                ),
            ],
            database_operations=[],
        ),
    ]
