
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.bot_protection import (
    add_bot_fields,
    check_bot,
)
from innbyggerstemmen.core.forms import (
    DateTimeInput,
    SecondLanguageMixin,
    StyledFormMixin,
    WholeNumberListField,
)

from .models import (
    CONDITION_KINDS,
    LIKERT_LABELS,
    IndicatorQuestion,
    Question,
    QuestionKind,
    Survey,
)
from .services import MAX_REMINDER_DAYS, SURVEY_FIELDS, survey_validate

MAX_CSV_BYTES = 1024 * 1024


class SurveyForm(SecondLanguageMixin, StyledFormMixin, forms.ModelForm):
    second_language_fields = {
        "title": _("Title in the other written standard (bokmål or nynorsk)"),
        "introduction": _("Introduction, in the other written standard"),
    }
    long_second_language_fields = ("introduction",)

    reminder_schedule_days = WholeNumberListField(
        maximum=MAX_REMINDER_DAYS,
        invalid_message=_("Write whole days separated by commas, e.g. “3, 7”."),
        range_message=_("Each reminder must be between 1 and %(max)s days after the invitation."),
        label=_("Reminders (days after the invitation)"),
        required=False,
        initial="3, 7",
        help_text=_("For personal links only. “3, 7” reminds those who have not answered after 3 and 7 days."),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "audience",
            "introduction",
            "opens_at",
            "closes_at",
            "anonymous",
            "reminder_schedule_days",
            "max_reminders",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "opens_at": DateTimeInput,
            "closes_at": DateTimeInput,
            "max_reminders": forms.NumberInput(attrs={"min": 0, "max": 10}),
        }
        help_texts = {
            "introduction": _("Shown above the questions: why you ask, how long it takes, how the answers are used."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_second_language(instance=self.instance if self.instance.pk else None)
        self.fields["audience"].choices = Survey._meta.get_field("audience").choices
        self.fields["max_reminders"].min_value = 0
        self.fields["max_reminders"].max_value = 10
        if self.instance.pk and self.instance.responses.exists():
            self.fields["anonymous"].disabled = True
            self.fields["anonymous"].help_text = _("Cannot be changed after the first answer.")

    def clean(self):
        cleaned = super().clean()
        # The survey's rules are services.survey_validate's; asking it here shows its answer
        # beside the input's own errors.
        draft = Survey(
            **{name: value for name, value in cleaned.items() if name in SURVEY_FIELDS and name != "translations"}
        )
        try:
            survey_validate(draft)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _post_clean(self):
        # The model's own clean would ask the same rules again.
        pass

    def service_fields(self) -> dict:
        return {**self.second_language(), **self.cleaned_data}


class QuestionForm(SecondLanguageMixin, StyledFormMixin, forms.Form):
    second_language_fields = {
        "text": _("The question in the other written standard (bokmål or nynorsk)"),
        "help": _("Help text, in the other written standard"),
    }

    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    help = forms.CharField(label=_("Help text"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Answer required"), required=False)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line. Needed for single choice, multiple choice and area."),
    )
    # One list of every earlier choice question's options, grouped by question: ticking options both
    # chooses the question it depends on and the answers that show it ("13–15 år" or "16–18 år").
    show_if_values = forms.MultipleChoiceField(
        label=_("Show only to those who answered"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick one or more options of one earlier question. Leave empty to show the question to everyone."),
    )

    def __init__(self, *args, survey: Survey, question: Question | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": question.kind,
                "text": question.text,
                "help": question.help,
                "required": question.required,
                "choices": "\n".join(question.choices),
                "show_if_values": [f"{question.show_if_question_id}:{value}" for value in question.show_if_values],
            }
        super().__init__(*args, **kwargs)
        self.add_second_language(instance=question)
        earlier = survey.questions.filter(kind__in=CONDITION_KINDS)
        if question is not None:
            earlier = earlier.exclude(pk=question.pk).filter(position__lte=question.position)
        self.conditions = {q.pk: q for q in earlier.order_by("position", "id")}
        self.fields["show_if_values"].choices = [
            (f"{q.position + 1}. {q.text}", [(f"{q.pk}:{value}", label) for value, label in q.option_pairs()])
            for q in self.conditions.values()
        ]
        if not self.conditions:
            self.fields["show_if_values"].widget = forms.MultipleHiddenInput()
        if question is not None and question.indicator_id:
            self.fields["kind"].disabled = True
            self.fields["text"].disabled = True
            self.fields["text"].help_text = _("An indicator question is asked the same way in every survey.")

    def clean_show_if_values(self) -> tuple[Question | None, list[str]]:
        chosen = [value.split(":", 1) for value in self.cleaned_data["show_if_values"]]
        questions = {int(pk) for pk, _value in chosen}
        if len(questions) > 1:
            raise forms.ValidationError(_("Choose options of one question only."))
        condition = self.conditions[questions.pop()] if questions else None
        return condition, [value for _pk, value in chosen]

    def service_fields(self) -> dict:
        data = {**self.second_language(), **self.cleaned_data}
        data["choices"] = [line for line in (data.get("choices") or "").splitlines() if line.strip()]
        data["show_if_question"], data["show_if_values"] = data.pop("show_if_values", (None, []))
        return data


class IndicatorAddForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicator questions"), queryset=IndicatorQuestion.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = queryset
        self.fields["indicators"].widget.attrs["class"] = "ds-input"


class RecipientsForm(StyledFormMixin, forms.Form):
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Paste addresses separated by commas, semicolons or new lines."),
    )
    csv_file = forms.FileField(
        label=_("Or upload a CSV file"),
        required=False,
        help_text=_("Any column with e-mail addresses; at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if upload and upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is too large. The limit is 1 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("addresses", "").strip() and not cleaned.get("csv_file") and not self.errors:
            raise forms.ValidationError(_("Paste some addresses or choose a file."))
        return cleaned


# The respondents' form ---------------------------------------------------------------------


class AnswerForm(StyledFormMixin, forms.Form):
    """One field per question. Required is checked in ``clean`` so hidden conditional questions are skipped."""

    template_name = "surveys/public/_answer_fields.html"

    def __init__(self, *args, questions: list[Question], public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.public = public
        for question in questions:
            field = self._field_for(question)
            # Not required to the form (a draft may be saved half-done; clean() asks for the answer),
            # but marked required to the person: "(påkrevd)" in the label, aria-required for a text box.
            field.marked_required = question.required
            if question.required and not isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field.widget.attrs["aria-required"] = "true"
            self.fields[question.field_name] = field
        if public:
            add_bot_fields(self)

    def _field_for(self, question: Question):
        common = {"label": question.text, "required": False, "help_text": question.help}
        choice_errors = {"invalid_choice": _("Choose one of the options.")}
        kind = question.kind
        if kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=question.option_pairs(), widget=forms.CheckboxSelectMultiple, error_messages=choice_errors,
                **common,
            )
        if kind == QuestionKind.LIKERT:
            return forms.TypedChoiceField(
                choices=[(str(v), f"{v} – {label}") for v, label in LIKERT_LABELS],
                coerce=int, empty_value=None, widget=forms.RadioSelect, error_messages=choice_errors, **common,
            )
        if kind == QuestionKind.SCALE:
            common["help_text"] = question.help or _("0 is the lowest and 10 the highest.")
            return forms.TypedChoiceField(
                choices=question.option_pairs(), coerce=int, empty_value=None, widget=forms.RadioSelect,
                error_messages=choice_errors, **common,
            )
        if kind == QuestionKind.AREA:
            return forms.ChoiceField(
                choices=[("", _("Choose area"))] + question.option_pairs(), error_messages=choice_errors, **common
            )
        if kind in (QuestionKind.SINGLE, QuestionKind.AGE_GROUP):
            return forms.ChoiceField(
                choices=question.option_pairs(), widget=forms.RadioSelect, error_messages=choice_errors, **common
            )
        if kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)

    def _shown(self, question: Question, cleaned: dict) -> bool:
        """Shown when the answer it depends on is one of its values, and that question was itself shown."""
        condition = question.show_if_question
        if condition is None:
            return True
        if condition.pk not in {q.pk for q in self.questions}:
            return True
        value = cleaned.get(condition.field_name)
        given = {str(v) for v in value} if isinstance(value, list) else {str(value)} if value is not None else set()
        return bool(given & set(question.show_if_values)) and self._shown(condition, cleaned)

    def clean(self):
        cleaned = super().clean()
        if self.public:
            check_bot(self, min_seconds_setting="SURVEYS_MIN_FILL_SECONDS")
        self.answers = {}
        for question in self.questions:
            name = question.field_name
            if name in self.errors:
                continue
            if not self._shown(question, cleaned):
                continue  # a hidden question's answer is dropped
            value = cleaned.get(name)
            if value in (None, "", []):
                if question.required and getattr(self, "require_answers", True):
                    self.add_error(name, _("Answer this question."))
                continue
            self.answers[question] = value
        return cleaned

    def initial_from_answers(self, answers) -> None:
        """Fill the form from a saved draft's answers."""
        by_question = {}
        for answer in answers:
            value = answer.choice or (str(answer.number) if answer.number is not None else answer.text)
            by_question.setdefault(answer.question_id, []).append(value)
        for question in self.questions:
            values = by_question.get(question.pk)
            if values:
                self.initial[question.field_name] = values if question.kind == QuestionKind.MULTIPLE else values[0]

    def question_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[q.field_name]) for q in self.questions]


class HearBackForm(StyledFormMixin, forms.Form):
    """At the end of a survey: an address to be told what happened, kept apart from the answers."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "Optional. It is kept apart from your answers – nobody can tell which answers were yours – and "
            "used only to tell you what happened. Every e-mail has a link to stop them."
        ),
        error_messages={
            "required": _("Write a valid e-mail address, e.g. navn@example.no."),
            "invalid": _("Write a valid e-mail address, e.g. navn@example.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_bot_fields(self)

    def clean(self):
        cleaned = super().clean()
        check_bot(self, min_seconds_setting="SURVEYS_HEAR_BACK_MIN_SECONDS")
        return cleaned


class IndicatorTrendFilterForm(StyledFormMixin, forms.Form):
    """The indicator trends page's filter, sent with GET: the surveys of initiatives working on a national theme."""

    national_theme = forms.ModelChoiceField(
        label=_("National theme"), queryset=None, required=False, empty_label=_("All national themes"),
        help_text=_("Initiatives with a theme mapped to it, whatever they called it."),
    )

    def __init__(self, data=None, *, national_themes, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["national_theme"].queryset = national_themes
