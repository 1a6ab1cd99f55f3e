from django import forms
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import DateTimeInput, StyledFormMixin


class MethodCopyForm(StyledFormMixin, forms.Form):
    """Which initiative's run sheet to copy a method into; the view checks the permission on the choice."""

    initiative = forms.TypedChoiceField(
        label=_("Initiative"),
        coerce=int,
        help_text=_("The method's activities are added at the end of this initiative's run sheet."),
    )
    starts_at = forms.DateTimeField(
        label=_("The first activity starts (optional)"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Without a time the activities follow on from the run sheet's last activity."),
    )

    def __init__(self, *args, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].choices = [("", _("Choose an initiative"))] + [
            (initiative.pk, f"{initiative.title} ({initiative.owner_organisation})") for initiative in initiatives
        ]
