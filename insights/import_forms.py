"""Forms for importing an idea wall's CSV file."""
from django import forms
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import CsvFileField, StyledFormMixin, short_choice_list

from . import imports
from .models import Kind, Source


class IdeaWallUploadForm(StyledFormMixin, forms.Form):
    file = CsvFileField(
        label=_("CSV file"),
        help_text=_(
            "For example a Padlet board exported as CSV, or an Excel sheet saved as CSV. Separated by commas or "
            "semicolons, at most 2 MB."
        ),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )


class IdeaWallMappingForm(StyledFormMixin, forms.Form):
    """One select per column of the file, and the defaults for every row."""

    def __init__(
        self, *args, parsed: imports.ParsedFile, targets: list[str], target_groups, meetings, mapping: dict, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.column_names = []
        for index, (heading, example) in enumerate(zip(parsed.headings, imports.examples(parsed), strict=True)):
            name = f"column_{index}"
            self.column_names.append(name)
            self.fields[name] = forms.ChoiceField(
                label=heading or _("Column %(number)s") % {"number": index + 1},
                choices=imports.TARGETS,
                initial=targets[index] if index < len(targets) else imports.IGNORE,
                help_text=_("Example: %(value)s") % {"value": example} if example else _("Empty in every row."),
            )
        self.fields["default_kind"] = forms.ChoiceField(
            label=_("Kind"),
            choices=Kind.choices,
            initial=mapping.get("default_kind", Kind.IDEA),
            help_text=_("Used for every row, or where the kind column is empty or unknown."),
        )
        self.fields["source"] = forms.ChoiceField(
            label=_("Source"), choices=Source.choices, initial=mapping.get("source", Source.CITIZENS)
        )
        self.fields["meeting"] = short_choice_list(
            forms.ModelChoiceField(
                label=_("Meeting"),
                queryset=meetings,
                required=False,
                empty_label=_("Not from a meeting"),
                initial=mapping.get("meeting"),
                help_text=_("The meeting where the wall was made: every imported insight is tied to it."),
            )
        )
        if target_groups.exists():
            self.fields["target_groups"] = forms.ModelMultipleChoiceField(
                label=_("Target groups"),
                queryset=target_groups,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=mapping.get("target_groups", []),
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def column_fields(self):
        return [self[name] for name in self.column_names]

    def default_fields(self):
        return [self[name] for name in ("default_kind", "source", "meeting", "target_groups") if name in self.fields]

    def targets(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.column_names]

    def clean(self):
        cleaned = super().clean()
        if any(name not in cleaned for name in self.column_names):
            return cleaned
        targets = self.targets()
        if imports.TEXT not in targets:
            raise forms.ValidationError(
                _("Choose at least one column that holds the insight text (for example “Subject” and “Body”).")
            )
        if targets.count(imports.KIND) > 1:
            raise forms.ValidationError(_("Choose at most one column for the kind."))
        return cleaned


class IdeaWallConfirmForm(StyledFormMixin, forms.Form):
    include_flagged = forms.BooleanField(
        label=_("Also import the rows marked as possible personal data: I have checked them"),
        required=False,
    )
    cut_long = forms.BooleanField(required=False, help_text=_("The cut text ends in “…”; the rest of it is not kept."))
    # Rows (by number) to merge into the insight they resemble most, once imported.
    merge = forms.TypedMultipleChoiceField(
        coerce=int, required=False, error_messages={"invalid_choice": _("Choose rows that resemble an insight.")}
    )

    def __init__(self, *args, mergeable_rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge"].choices = [(number, number) for number in mergeable_rows]
        self.fields["cut_long"].label = _("Cut the texts that are too long to %(max)s characters and import them") % {
            "max": imports.MAX_TEXT
        }
