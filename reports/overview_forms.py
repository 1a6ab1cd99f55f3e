from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import StyledFormMixin

YEARS_BACK = 10


class OverviewFilterForm(StyledFormMixin, forms.Form):
    """The overview's filters, sent with GET. The district filter is only offered to the national team."""

    district = forms.ModelChoiceField(label=_("District"), queryset=None, required=False, empty_label=_("All districts"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=None, required=False, empty_label=_("All target groups")
    )
    national_theme = forms.ModelChoiceField(
        label=_("National theme"), queryset=None, required=False, empty_label=_("All national themes"),
        help_text=_("Initiatives with a theme mapped to it, whatever they called it."),
    )

    def __init__(self, data=None, *, districts=None, target_groups, national_themes, **kwargs):
        super().__init__(data, **kwargs)
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].queryset = districts
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in range(this_year, this_year - YEARS_BACK, -1)
        ]
        self.fields["target_group"].queryset = target_groups
        self.fields["national_theme"].queryset = national_themes

    def chosen(self) -> dict:
        """The valid filters; an invalid one is left out (and its error shown)."""
        data = self.cleaned_data if self.is_bound else {}
        district = data.get("district")
        target_group = data.get("target_group")
        national_theme = data.get("national_theme")
        return {
            "district_id": district.pk if district else None,
            "year": data.get("year"),
            "target_group_id": target_group.pk if target_group else None,
            "national_theme_id": national_theme.pk if national_theme else None,
        }
