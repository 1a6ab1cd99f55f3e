from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.forms import DateInput, StyledFormMixin, offer_choices, short_choice_list
from innbyggerstemmen.core.personal_text import personal_data_lines, personal_data_warnings

from .models import ActionStatus, Actor, FollowUpAction, Insight, Kind, Source, SurplusStatus
from .services import INSIGHT_TEXT_MAX, MAX_KUBA_BULLETS


class PersonalDataCheckMixin:
    """A warning, not a block: text that looks personal needs one extra confirmation."""

    personal_data_text_field = "text"

    def _add_confirm_field(self):
        self.fields["confirm_personal_data"] = forms.BooleanField(
            label=_("Save anyway: I have checked that the text contains no personal data"),
            required=False,
            widget=forms.HiddenInput,
        )
        self.personal_data_warnings = []

    def needs_confirmation(self) -> bool:
        """Call after is_valid(): True (and the confirm box shown) when the text looks personal."""
        text = self.cleaned_data.get(self.personal_data_text_field, "")
        warnings = personal_data_warnings(text)
        if not warnings or self.cleaned_data.get("confirm_personal_data"):
            return False
        self.personal_data_warnings = warnings
        self.fields["confirm_personal_data"].widget = forms.CheckboxInput(attrs={"class": "ds-input"})
        return True


def _kind_field():
    return forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.IDEA)


def _source_field():
    return forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.CITIZENS)


def _themes_field():
    return forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=500,
        help_text=_("Separate several with commas."),
        widget=forms.TextInput(attrs={"list": "theme-options", "autocomplete": "off"}),
    )


def _actors_field():
    return forms.MultipleChoiceField(
        label=_("Who could act on it"), choices=Actor.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def _meeting_field(queryset):
    return short_choice_list(
        forms.ModelChoiceField(label=_("Meeting"), queryset=queryset, required=False, empty_label=_("Not from a meeting"))
    )


def _target_groups_field(queryset):
    return short_choice_list(
        forms.ModelMultipleChoiceField(
            label=_("Target groups"), queryset=queryset, required=False, widget=forms.CheckboxSelectMultiple
        )
    )


class InsightQuickForm(PersonalDataCheckMixin, StyledFormMixin, forms.Form):
    """Fast capture during a meeting: everything but the text stays filled in for the next one.

    ``offered``: the target groups and meetings to show, when already read (selectors.initiative_choices).
    """

    def __init__(self, *args, target_groups, meetings, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = forms.CharField(
            label=_("Insight"),
            max_length=INSIGHT_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 2, "data-quick-entry-text": "", "autofocus": ""}),
            help_text=_("Write what was said without names or contact details. Ctrl+Enter saves."),
        )
        self.fields["kind"] = _kind_field()
        self.fields["source"] = _source_field()
        self.fields["source_description"] = forms.CharField(
            label=_("Where it came from"), required=False, max_length=200,
            help_text=_("For example the meeting, survey or report it came from."),
        )
        self.fields["meeting"] = _meeting_field(meetings)
        self.fields["themes"] = _themes_field()
        self.fields["target_groups"] = _target_groups_field(target_groups)
        self.fields["actors"] = _actors_field()
        self._add_confirm_field()
        if offered is not None:
            offer_choices(self.fields["meeting"], offered.meetings)
            offer_choices(self.fields["target_groups"], offered.target_groups)
        self.auto_id = "id_quick_%s"
        for field in self.fields.values():
            field.widget.attrs.pop("required", None)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "source": data["source"],
            "source_description": data["source_description"],
            "meeting": data["meeting"],
            "theme_names": [data["themes"]],
            "target_groups": list(data["target_groups"]),
            "actors": data["actors"],
        }

    def sticky_initial(self) -> dict:
        """The values to keep for the next insight (all but the text)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "source": data["source"],
            "source_description": data["source_description"],
            "meeting": data["meeting"],
            "themes": data["themes"],
            "target_groups": list(data["target_groups"]),
            "actors": data["actors"],
        }


class InsightBulkForm(InsightQuickForm):
    """Paste many insights at once, one per line, all with the same kind and source."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = forms.CharField(
            label=_("Insights, one per line"),
            max_length=50_000,
            widget=forms.Textarea(attrs={"rows": 12}),
            help_text=_("Each line becomes one insight. Empty lines are skipped."),
        )
        self.auto_id = "id_bulk_%s"

    def lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["text"].splitlines() if line.strip()]

    def needs_confirmation(self) -> bool:
        """As for one insight, and the page names the lines that hold the list back."""
        held_back = super().needs_confirmation()
        self.flagged_lines = personal_data_lines(self.cleaned_data["text"]) if held_back else []
        return held_back

    def clean_text(self):
        text = self.cleaned_data["text"]
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Write at least one insight."))
        if len(lines) > 500:
            raise forms.ValidationError(_("Paste at most 500 lines at a time."))
        if any(len(line) > INSIGHT_TEXT_MAX for line in lines):
            raise forms.ValidationError(_("Each line can have at most %(max)s characters.") % {"max": INSIGHT_TEXT_MAX})
        return text


class InsightEditForm(PersonalDataCheckMixin, StyledFormMixin, forms.Form):
    def __init__(self, *args, target_groups, meetings, instance: Insight, can_select_for_feedback: bool = True, **kwargs):
        initial = {
            "meeting": instance.meeting_id,
            "text": instance.text,
            "kind": instance.kind,
            "source": instance.source,
            "source_description": instance.source_description,
            "themes": ", ".join(theme.name for theme in instance.themes.all()),
            "target_groups": list(instance.target_groups.all()),
            "actors": instance.actors,
            "is_priority": instance.is_priority,
            "published_in_feedback": instance.published_in_feedback,
            "is_surplus": instance.is_surplus,
            "surplus_receiver": instance.surplus_receiver,
            "surplus_status": instance.surplus_status,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["text"] = forms.CharField(label=_("Insight"), max_length=INSIGHT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["kind"] = _kind_field()
        self.fields["source"] = _source_field()
        self.fields["source_description"] = forms.CharField(label=_("Where it came from"), required=False, max_length=200)
        self.fields["meeting"] = _meeting_field(meetings)
        self.fields["themes"] = _themes_field()
        self.fields["target_groups"] = _target_groups_field(target_groups)
        self.fields["actors"] = _actors_field()
        self.fields["is_priority"] = forms.BooleanField(label=_("Prioritised"), required=False)
        self.fields["published_in_feedback"] = forms.BooleanField(
            label=_("Show on the public feedback page (the text only, without names)"), required=False
        )
        if not can_select_for_feedback:
            del self.fields["published_in_feedback"]
        self.fields["is_surplus"] = forms.BooleanField(
            label=_("Surplus insight: belongs to someone outside the initiative's mandate"), required=False
        )
        self.fields["surplus_receiver"] = forms.CharField(
            label=_("Receiving unit"), required=False, max_length=200,
            help_text=_("The unit or body the surplus insight is routed to."),
        )
        self.fields["surplus_status"] = forms.ChoiceField(label=_("Routing status"), choices=SurplusStatus.choices)
        self._add_confirm_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_surplus") and not cleaned.get("surplus_receiver", "").strip():
            self.add_error("surplus_receiver", _("Name the unit that should receive the surplus insight."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_personal_data", None)
        data["theme_names"] = [data.pop("themes")]
        data["target_groups"] = list(data["target_groups"])
        return data


class ActionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = [
            "title",
            "description",
            "owner",
            "owner_user",
            "responsible",
            "period_start",
            "period_end",
            "status",
            "published",
            "insights",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "period_start": DateInput,
            "period_end": DateInput,
            "insights": forms.CheckboxSelectMultiple,
        }
        labels = {"published": _("Show on the public feedback page")}
        help_texts = {"responsible": _("For example a named unit, a volunteer organisation or a person's role.")}

    def __init__(self, *args, insights, shown_insights, can_publish: bool, owners, **kwargs):
        """``insights``: all that may be linked (checked on saving); ``shown_insights``: the ones listed.

        ``can_publish``: the user chooses what the public feedback page shows (else the box is not offered).
        ``owners``: who may own the action (a choice of anyone else is refused by the service too).
        """
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_user"]
        owner.queryset = owners
        owner.empty_label = _("– Nobody yet –")
        owner.label = _("Person who acts on it")
        owner.help_text = _(
            "Gets one e-mail and updates the action under “My actions”. Someone without an account: "
            "invite them as a partner first."
        )
        owner.error_messages["invalid_choice"] = _(
            "Choose someone who works on this initiative: a partner or a police colleague."
        )
        if not can_publish:
            del self.fields["published"]
        field = self.fields["insights"]
        field.queryset = insights
        field.widget.choices = [(insight.pk, field.label_from_instance(insight)) for insight in shown_insights]
        field.label = _("Insights behind the action")
        field.help_text = _(
            "The linked insights come first, then the prioritised and the newest. To link an older one, "
            "select it in the insight list and choose “Link them to a follow-up action”."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        return cleaned

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "insights"}


class OwnerUpdateForm(StyledFormMixin, forms.Form):
    """An owner's update on "My actions": the status, and what happened (required: the coordinator reads it)."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    text = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write what happened.")},
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, prefix=f"action-{action.pk}", initial={"status": action.status}, **kwargs)
        self.action = action


class ProgressNoteForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    text = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class KubaInputForm(StyledFormMixin, forms.Form):
    intro = forms.CharField(
        label=_("Introduction"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    meeting_date = forms.DateField(label=_("KUBA meeting date"), required=False, widget=DateInput)


class KubaItemForm(StyledFormMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Bullet"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


# The limit is the service's (services.MAX_KUBA_BULLETS); the formset only stops reading more forms than that.
KubaItemFormSet = forms.formset_factory(
    KubaItemForm, extra=2, can_delete=True, can_order=True, max_num=MAX_KUBA_BULLETS, absolute_max=MAX_KUBA_BULLETS + 2
)


class KubaDecisionForm(StyledFormMixin, forms.Form):
    """One decision field per proposed action."""

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        for action in self.actions:
            self.fields[f"decision_{action.pk}"] = forms.CharField(
                label=_("Decision on “%(title)s”") % {"title": action.title},
                required=False,
                max_length=2000,
                initial=action.kuba_decision,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def decisions(self) -> dict[int, str]:
        return {action.pk: self.cleaned_data.get(f"decision_{action.pk}", "") for action in self.actions}


class FeedbackPageForm(StyledFormMixin, forms.Form):
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A short greeting to the citizens: what you asked about and what happened."),
    )


class BulkOperation(models.TextChoices):
    """What the list's and the board's bulk bar can do with the selected insights."""

    MOVE = "move", _("Move them to a theme (out of their other themes)")
    THEME = "theme", _("Also add them to a theme (keeping their other themes)")
    UNTHEME = "untheme", _("Remove them from a theme")
    SUGGESTED = "suggested", _("Give each without a theme the theme its similar insights have")
    ACTION = "action", _("Create a follow-up action from them")
    LINK = "link", _("Link them to a follow-up action")
    PRIORITY = "priority", _("Mark as prioritised")
    UNPRIORITY = "unpriority", _("Remove the priority")
    MERGE = "merge", _("Merge duplicates into the oldest")
    FEEDBACK = "feedback", _("Show on the feedback page")
    UNFEEDBACK = "unfeedback", _("Hide from the feedback page")


class InsightBulkActionForm(forms.Form):
    """The bulk bar's POST: an operation on insights of this initiative (ids of any other are refused)."""

    operation = forms.ChoiceField(
        choices=BulkOperation.choices,
        error_messages={
            "required": _("Choose what to do with the selected insights."),
            "invalid_choice": _("Choose what to do with the selected insights."),
        },
    )
    insight = forms.ModelMultipleChoiceField(
        queryset=Insight.objects.none(),
        error_messages={
            "required": _("Select at least one insight."),
            "invalid_choice": _("Select insights from this initiative."),
            "invalid_pk_value": _("Select insights from this initiative."),
        },
    )
    theme_name = forms.CharField(required=False, max_length=100)
    action = forms.ModelChoiceField(
        queryset=FollowUpAction.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose the follow-up action to link them to.")},
    )
    return_to = forms.ChoiceField(
        choices=[("list", "list"), ("board", "board"), ("insight", "insight"), ("next", "next")], required=False
    )

    def __init__(self, *args, insights, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insight"].queryset = insights
        self.fields["action"].queryset = actions

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("operation") == BulkOperation.LINK and not cleaned.get("action"):
            self.add_error("action", _("Choose the follow-up action to link them to."))
        return cleaned

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class NationalThemeForm(StyledFormMixin, forms.Form):
    """One national theme: its name and what initiatives call it (the service checks that a word means one theme)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    synonyms = forms.CharField(
        label=_("Synonyms"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What initiatives call it, one per line or separated by commas, e.g. “trygghet, trygt nærmiljø”."),
    )
