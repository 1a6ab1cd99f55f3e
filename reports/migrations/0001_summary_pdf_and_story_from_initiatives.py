"""Summary PDFs and stories move from initiatives to reports, keeping their tables and rows.

State only: the tables stay as they are (initiatives_summarypdf, initiatives_story);
initiatives 0006 removes the models from initiatives' state after this has added them here.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('initiatives', '0005_partners_and_invitations_from_accounts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Story',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('summary', models.TextField(verbose_name='what was done')),
                        ('lessons', models.TextField(verbose_name='what we learned')),
                        ('method', models.CharField(blank=True, help_text='For example: Nærmiljøprat, dialogue meeting, survey.', max_length=200, verbose_name='method used')),
                        ('published_at', models.DateTimeField(verbose_name='published')),
                        ('initiative', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='story', to='initiatives.initiative', verbose_name='initiative')),
                        ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
                    ],
                    options={
                        'verbose_name': 'story',
                        'verbose_name_plural': 'stories',
                        'db_table': 'initiatives_story',
                        'ordering': ['-published_at', '-id'],
                        'indexes': [models.Index(fields=['-published_at'], name='story_published_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('summary', ''), _negated=True), name='story_has_summary')],
                    },
                ),
                migrations.CreateModel(
                    name='SummaryPdf',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('content_fingerprint', models.CharField(max_length=64, verbose_name='content fingerprint')),
                        ('language', models.CharField(default='nb', max_length=10, verbose_name='language')),
                        ('status', models.CharField(choices=[('pending', 'Being made'), ('ready', 'Ready'), ('failed', 'Failed')], default='pending', max_length=20, verbose_name='status')),
                        ('content', models.BinaryField(blank=True, null=True, verbose_name='PDF')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size (bytes)')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                        ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='summary_pdfs', to='initiatives.initiative', verbose_name='initiative')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'summary PDF',
                        'verbose_name_plural': 'summary PDFs',
                        'db_table': 'initiatives_summarypdf',
                        'ordering': ['-requested_at', '-id'],
                        'indexes': [models.Index(fields=['initiative', '-requested_at'], name='summarypdf_latest_idx')],
                        'constraints': [models.UniqueConstraint(fields=('initiative', 'content_fingerprint'), name='summarypdf_once_per_content'), models.CheckConstraint(condition=models.Q(('status__in', ['pending', 'ready', 'failed'])), name='summarypdf_status_valid'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'ready'), _negated=True), ('content__isnull', False), _connector='OR'), name='summarypdf_ready_has_content')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
