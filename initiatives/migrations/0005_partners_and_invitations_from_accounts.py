"""Partner access and invitations move from accounts to initiatives, keeping their tables and rows.

State only: the tables stay as they are (accounts_partnership, accounts_invitation);
accounts 0003 removes the models from accounts' state after this has added them here.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0004_summary_pdf_and_story'),
        ('accounts', '0002_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Invitation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('email', models.EmailField(max_length=254, verbose_name='e-mail address')),
                    ('role', models.CharField(choices=[('editor', 'Editor'), ('facilitator', 'Facilitator'), ('viewer', 'Viewer')], max_length=20, verbose_name='role')),
                    ('organisation_name', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                    ('expires_at', models.DateTimeField(verbose_name='expires')),
                    ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                    ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                    ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                    ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='initiatives.initiative')),
                    ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'invitation',
                    'verbose_name_plural': 'invitations',
                    'db_table': 'accounts_invitation',
                    'ordering': ['-created_at'],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('accepted_at__isnull', True), ('revoked_at__isnull', True)), fields=('email', 'initiative'), name='unique_open_invitation')],
                },
            ),
            migrations.CreateModel(
                name='Partnership',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ('role', models.CharField(choices=[('editor', 'Editor'), ('facilitator', 'Facilitator'), ('viewer', 'Viewer')], max_length=20, verbose_name='role')),
                    ('initiative', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partnerships', to='initiatives.initiative')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partnerships', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'partner access',
                    'verbose_name_plural': 'partner access',
                    'db_table': 'accounts_partnership',
                    'constraints': [models.UniqueConstraint(fields=('user', 'initiative'), name='unique_partnership')],
                },
            ),
            ],
            database_operations=[],
        ),
    ]
