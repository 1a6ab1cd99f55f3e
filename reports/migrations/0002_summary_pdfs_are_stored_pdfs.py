"""Summary PDFs are stored PDFs now (core 0006, core.stored_pdfs).

The old rows were renderings of data that is still there: a summary is made again on request.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_stored_pdfs'),
        ('reports', '0001_summary_pdf_and_story_from_initiatives'),
    ]

    operations = [
        migrations.DeleteModel(
            name='SummaryPdf',
        ),
    ]
