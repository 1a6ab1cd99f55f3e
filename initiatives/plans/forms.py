"""Forms for action plans: CSV upload with preview, inline measure status and status reports."""
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import DateInput, StyledFormMixin

from .models import Measure, StatusReport
from .services import MAX_CSV_BYTES, action_plan_csv_parse

IMPORT_SALT = "initiatives.plan-import"
IMPORT_MAX_AGE = 60 * 60  # a preview can be confirmed within an hour


class PlanImportForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the action plan"),
        max_length=200,
        help_text=_("If a plan with this name exists, its measures are updated by number instead of duplicated."),
    )
    period = forms.CharField(label=_("Plan period"), max_length=50, required=False, help_text=_("For example 2009–2012."))
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, at most 1 MB, with a first row naming the columns: nr and title are required; "
            "package, responsible, period and status are optional."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("Choose a CSV file (a name ending in .csv)."))
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(_("The file is too large. The limit is 1 MB."))
        self.rows = action_plan_csv_parse(upload.read(MAX_CSV_BYTES + 1))
        return upload

    def confirmation(self) -> "PlanImportConfirmForm":
        """The hidden form that carries exactly the previewed rows to the confirm step."""
        payload = signing.dumps(
            {"name": self.cleaned_data["name"].strip(), "period": self.cleaned_data["period"].strip(), "rows": self.rows},
            salt=IMPORT_SALT,
            compress=True,
        )
        return PlanImportConfirmForm(initial={"payload": payload})


class PlanImportConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return signing.loads(self.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.SignatureExpired:
            raise ValidationError(_("The preview is more than an hour old. Upload the file again.")) from None
        except signing.BadSignature:
            raise ValidationError(_("The preview could not be read. Upload the file again.")) from None


class MeasureStatusForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["status", "status_text"]
        widgets = {"status_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every row of the plan's table has its own form: make the ids unique per measure.
        self.auto_id = f"id_measure-{self.instance.number}_%s"


class StatusReportForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = ["title", "as_of"]
        widgets = {"as_of": DateInput}
        help_texts = {"title": _("For example “Status per august 2011”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("as_of", today)
            self.initial.setdefault("title", _("Status as of %(date)s") % {"date": date_format(today, "YEAR_MONTH_FORMAT")})
