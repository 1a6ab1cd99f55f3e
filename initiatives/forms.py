from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import CsvFileField, DateInput, DateTimeInput, StyledFormMixin

from .models import Activity, Initiative, TargetGroup
from .plans.models import Measure
from .services import initiative_dates_validate, target_groups_from_names


class InitiativeForm(StyledFormMixin, forms.ModelForm):
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_target_groups = forms.CharField(
        label=_("Other target groups"),
        required=False,
        help_text=_("Separate several with commas, e.g. “Pupils in lower secondary school, Parents”."),
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "owner_organisation",
            "problem",
            "goal",
            "target_groups",
            "new_target_groups",
            "municipality",
            "area_description",
            "involvement_mode",
            "phase",
            "status",
            "anchored_by",
            "anchored_on",
            "start_date",
            "end_date",
            "measures",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "goal": forms.Textarea(attrs={"rows": 4}),
            "involvement_mode": forms.RadioSelect,
            "anchored_on": DateInput,
            "start_date": DateInput,
            "end_date": DateInput,
        }
        help_texts = {
            "problem": _("What is the challenge, and for whom?"),
            "anchored_by": _("Who approved the plan, e.g. the station chief or the police council."),
            "area_description": _("For example a neighbourhood, a school district or a town centre."),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        measures = self.fields["measures"]
        measures.queryset = Measure.objects.select_related("plan").order_by("plan__name", "number")
        measures.label_from_instance = lambda m: f"{m.plan.name} – {m.number}. {m.title}"
        measures.widget.attrs["size"] = 8
        measures.help_text = _("The action plan measures this initiative serves. Hold Ctrl (or Cmd) to choose several.")
        if organisations is not None:
            self.fields["owner_organisation"].queryset = organisations
        if self.instance.pk:
            # The owner organisation decides who coordinates; moving it is an admin task.
            del self.fields["owner_organisation"]

    def clean(self):
        cleaned = super().clean()
        # The rule is the service's; asking it here shows its answer beside the input's own errors.
        try:
            initiative_dates_validate(cleaned.get("start_date"), cleaned.get("end_date"))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def chosen_measures(self):
        return list(self.cleaned_data.get("measures", []))

    def chosen_target_groups(self):
        names = self.cleaned_data.get("new_target_groups", "").split(",")
        return [*self.cleaned_data.get("target_groups", []), *target_groups_from_names(names)]

    def service_fields(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("target_groups", "new_target_groups", "owner_organisation", "measures")
        }


class ActivityForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "starts_at", "duration_minutes", "purpose", "method", "roles", "responsible"]
        widgets = {
            "starts_at": DateTimeInput,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "roles": forms.Textarea(attrs={"rows": 2}),
            "duration_minutes": forms.NumberInput(attrs={"min": 0, "max": 1440}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Several activity forms can share a page: make every id unique per row.
        prefix = f"activity-{self.instance.pk}" if self.instance.pk else "activity-new"
        self.auto_id = f"id_{prefix}_%s"


class PopulationUploadForm(StyledFormMixin, forms.Form):
    file = CsvFileField(
        label=_("Population table (CSV)"),
        help_text=_(
            "Statistics Norway's table 07459 (population by region, age and year) downloaded as CSV, or any CSV "
            "with the columns municipality, age, year and number of people. Figures for a municipality and year "
            "replace those imported before."
        ),
        error_messages={"required": _("Choose the CSV file to import.")},
    )
