"""Summary PDFs and stories now live in reports (reports 0001); their tables and rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_summary_pdf_and_story_from_initiatives'),
        ('initiatives', '0005_partners_and_invitations_from_accounts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='summarypdf',
                    name='initiative',
                ),
                migrations.RemoveField(
                    model_name='summarypdf',
                    name='requested_by',
                ),
                migrations.DeleteModel(
                    name='Story',
                ),
                migrations.DeleteModel(
                    name='SummaryPdf',
                ),
            ],
            database_operations=[],
        ),
    ]
