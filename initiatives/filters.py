"""Finding an initiative on the dashboard: a district has hundreds, the national team thousands."""
import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import StyledFormMixin

from .models import Initiative, Phase, Status


class DashboardFilterForm(StyledFormMixin, forms.Form):
    """The filter's fields in the design system's markup, errors on their field."""


class InitiativeFilter(django_filters.FilterSet):
    """Text in the title or municipality, phase, status and, for the national team, the owner organisation.

    A value that is not one of the choices is reported on its field and that filter left out.
    """

    q = django_filters.CharFilter(label=_("Title or municipality"), method="search", max_length=100)
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("All"))
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), field_name="owner_organisation", queryset=None, empty_label=_("All")
    )

    class Meta:
        model = Initiative
        fields: list[str] = []
        form = DashboardFilterForm

    def __init__(self, data=None, *, queryset: QuerySet[Initiative], organisations: QuerySet | None = None):
        """``organisations``: the owners to choose among (the national team's view), or None for no such filter."""
        super().__init__(data, queryset=queryset)
        if organisations is None:
            del self.filters["organisation"]
        else:
            self.filters["organisation"].queryset = organisations

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(municipality__icontains=value)) if value else queryset

    @property
    def is_filtered(self) -> bool:
        return any(self.form.data.get(name) for name in self.filters)
