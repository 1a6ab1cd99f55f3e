"""Form rendering shared by every app: design-system markup and an error summary."""
from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import Jinja2, TemplatesSetting
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .language import is_language

WIDGET_TEMPLATES = "django/forms/widgets/"


class FormRenderer(TemplatesSetting):
    """Our form layout (Django templates); fields and Django's own widgets rendered by Jinja2.

    A form renders one field template per field and one widget template per widget (per option of
    a select), so these render through Jinja2, several times faster: our field layout from
    core/jinja2 (see core/jinja_env.py), the widgets from the Jinja2 twins Django ships with the
    same markup.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    widget_renderer = Jinja2()

    def get_template(self, template_name):
        if template_name.startswith(WIDGET_TEMPLATES):
            return self.widget_renderer.get_template(template_name)
        if template_name == self.field_template_name:
            return engines["jinja2"].get_template(template_name)
        return super().get_template(template_name)


class ListedModelChoiceIterator(ModelChoiceIterator):
    """Reads a choice list with one plain query.

    Django's own iterator streams the choices through a server-side cursor, three round trips to
    PostgreSQL for what is here always a short list (an initiative's meetings, target groups).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def short_choice_list(field: forms.ModelChoiceField) -> forms.ModelChoiceField:
    """The field, reading its choices with ListedModelChoiceIterator."""
    field.iterator = ListedModelChoiceIterator
    field.widget.choices = field.choices  # the widget holds its own iterator, made when the queryset was set
    return field


def offer_choices(field: forms.ModelChoiceField, choices) -> forms.ModelChoiceField:
    """The field, showing as its options ``choices`` already read (rows with ``pk`` and a name, e.g. kept between
    requests) instead of reading its queryset; the queryset still checks what is sent."""
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = [*empty, *((choice.pk, str(choice)) for choice in choices)]
    return field


class CsvFileField(forms.FileField):
    """An uploaded CSV file, read by core.csv_files (an idea wall, a population table): the picker offers CSV files."""

    widget = forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})


class StyledFormMixin:
    """Gives every widget the design system's classes; short choice lists are read in one query.

    The class is given when a field is taken for rendering, not in __init__: forms that add fields after
    __init__ (with choices from the initiative) get it too, instead of a browser-default control.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                short_choice_list(field)

    def __getitem__(self, name):
        bound = super().__getitem__(name)
        bound.field.widget.attrs.setdefault("class", "ds-input")  # the design system's class for every kind of input
        return bound


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class WholeNumberListField(forms.CharField):
    """A list of whole numbers written "48, 2" (commas or semicolons), each within 1..``maximum``.

    ``invalid_message`` is shown when a part is not a whole number, ``range_message``
    (with ``%(max)s``) when one is out of range. The list is deduplicated and sorted,
    descending when ``descending``.
    """

    def __init__(self, *, maximum: int, invalid_message, range_message, descending: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.maximum, self.descending = maximum, descending
        self.invalid_message, self.range_message = invalid_message, range_message

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return []
        try:
            numbers = {int(part) for part in text.replace(";", ",").split(",") if part.strip()}
        except ValueError:
            raise forms.ValidationError(self.invalid_message) from None
        if any(not 1 <= n <= self.maximum for n in numbers):
            raise forms.ValidationError(self.range_message, params={"max": self.maximum})
        return sorted(numbers, reverse=self.descending)


WRITTEN_STANDARDS = (("nb", _("Bokmål")), ("nn", _("Nynorsk")))


def other_written_standard(language: str) -> str:
    return "nb" if language == "nn" else "nn"


class SecondLanguageMixin:
    """What a coordinator writes for the public, in bokmål or nynorsk, with an optional version in the other.

    A form lists ``second_language_fields`` (field name → label of its other version); the form gets
    ``content_language`` and ``<field>_other`` fields, and ``second_language()`` gives the model's
    ``content_language`` and ``translations`` (other languages already written are kept).
    """

    second_language_fields: dict = {}
    long_second_language_fields: tuple = ()

    def add_second_language(self, *, instance=None):
        written = getattr(instance, "content_language", "") or translation.get_language()
        written = written if written in dict(WRITTEN_STANDARDS) else settings.LANGUAGE_CODE
        self.existing_translations = dict(getattr(instance, "translations", None) or {})
        other = self.existing_translations.get(other_written_standard(written), {})
        self.written_before = written
        # Not required: a form sent without it (a script, an old page) keeps what the text was written in.
        self.fields["content_language"] = forms.ChoiceField(
            label=_("Written in"), choices=WRITTEN_STANDARDS, initial=written, widget=forms.RadioSelect, required=False
        )
        for field, label in self.second_language_fields.items():
            widget = forms.Textarea(attrs={"rows": 3}) if field in self.long_second_language_fields else None
            self.fields[f"{field}_other"] = forms.CharField(
                label=label, required=False, initial=other.get(field, ""), widget=widget,
                help_text=_("Optional: readers who chose the other written standard see this instead."),
            )

    def second_language(self) -> dict:
        written = self.cleaned_data.pop("content_language", "") or self.written_before
        version = {
            field: text.strip()
            for field in self.second_language_fields
            if (text := self.cleaned_data.pop(f"{field}_other", "") or "").strip()
        }
        translations = {
            language: texts for language, texts in self.existing_translations.items() if is_language(language)
        }
        translations.pop(written, None)  # written in it now: the original is that version
        translations[other_written_standard(written)] = version
        return {"content_language": written, "translations": {k: v for k, v in translations.items() if v}}
