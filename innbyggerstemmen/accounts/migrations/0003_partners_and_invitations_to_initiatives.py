"""Partner access and invitations now live in initiatives (initiatives 0005); their tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('initiatives', '0005_partners_and_invitations_from_accounts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='partnership',
                    name='initiative',
                ),
                migrations.RemoveField(
                    model_name='partnership',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Invitation',
                ),
                migrations.DeleteModel(
                    name='Partnership',
                ),
            ],
            database_operations=[],
        ),
    ]
