"""Personal data in insights: only an uploaded idea-wall file, until its import has run."""
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider
from innbyggerstemmen.core.privacy import PersonalField

PERSONAL_FIELDS = {
    # The uploaded CSV may name its authors; the purge job (insights.tasks) clears it.
    "insights.IdeaWallImport.content": PersonalField(
        _("Read the uploaded idea-wall file between upload and import; author columns are never imported."),
        _("Cleared when the import has run; unconfirmed uploads are deleted after two days."),
    ),
}

PROVIDER = Provider(fields=PERSONAL_FIELDS)
