from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from initiatives.models import ReachAge
from innbyggerstemmen.core.bot_protection import add_bot_fields, check_bot
from innbyggerstemmen.core.forms import DateTimeInput, SecondLanguageMixin, StyledFormMixin, WholeNumberListField

from .models import MAX_REMINDER_OFFSET_HOURS, AgeGroup, Meeting, MeetingFormat, MethodCard
from .services import MEETING_FIELDS, meeting_validate


class MeetingForm(SecondLanguageMixin, StyledFormMixin, forms.ModelForm):
    second_language_fields = {
        "title": _("Title in the other written standard (bokmål or nynorsk)"),
        "description": _("What will happen, in the other written standard"),
        "accessibility_info": _("Accessibility, in the other written standard"),
    }
    long_second_language_fields = ("description", "accessibility_info")

    reminder_offsets = WholeNumberListField(
        maximum=MAX_REMINDER_OFFSET_HOURS,
        descending=True,
        invalid_message=_("Write whole hours separated by commas, e.g. “48, 2”."),
        range_message=_("Each reminder must be between 1 and %(max)s hours before the start."),
        label=_("Reminders (hours before start)"),
        required=False,
        initial="48, 2",
        help_text=_("For example “48, 2” sends a reminder two days and two hours before. Leave empty for none."),
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "method",
            "description",
            "target_groups",
            "format",
            "meeting_link",
            "address",
            "room",
            "accessibility_info",
            "starts_at",
            "ends_at",
            "capacity",
            "uses_waitlist",
            "signup_deadline",
            "ask_area",
            "ask_organisation",
            "ask_needs",
            "ask_free_text",
            "reminder_offsets",
            "retention_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_info": forms.Textarea(attrs={"rows": 2}),
            "format": forms.RadioSelect,
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "signup_deadline": DateTimeInput,
            "capacity": forms.NumberInput(attrs={"min": 1, "max": 100000}),
            "retention_months": forms.NumberInput(attrs={"min": 1, "max": 36}),
        }
        help_texts = {
            "target_groups": _("For example “Residents of the town centre, parents, youth 13–18”."),
            "accessibility_info": _("For example step-free access, hearing loop, sign language interpreter."),
            "signup_deadline": _("Leave empty to keep signup open until the meeting starts."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_second_language(instance=self.instance if self.instance.pk else None)
        self.fields["method"].queryset = MethodCard.objects.order_by("name")
        self.fields["retention_months"].min_value = 1
        self.fields["retention_months"].max_value = 36
        if "format" in self.fields:
            self.fields["format"].choices = MeetingFormat.choices

    def clean(self):
        cleaned = super().clean()
        # The meeting's rules (dates, capacity, format, reminders) are services.meeting_validate's;
        # asking it here shows its answer beside the input's own errors.
        draft = Meeting(
            **{name: value for name, value in cleaned.items() if name in MEETING_FIELDS and name != "translations"}
        )
        try:
            meeting_validate(draft)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def _post_clean(self):
        # The model's own clean would ask the same rules again.
        pass

    def service_fields(self) -> dict:
        return {**self.second_language(), **self.cleaned_data}


class SignupForm(StyledFormMixin, forms.Form):
    template_name = "dialogues/public/_signup_fields.html"

    name_or_nickname = forms.CharField(
        label=_("Name or nickname"),
        max_length=100,
        help_text=_("A first name or a nickname is enough."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation, reminders and your personal link here."),
    )
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices, widget=forms.RadioSelect)
    area = forms.CharField(label=_("Area or school"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    needs = forms.CharField(
        label=_("Dietary or accessibility needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    free_text = forms.CharField(
        label=_("Anything you want to tell us before the meeting?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    may_contact_again = forms.BooleanField(
        label=_("You may contact me again about this initiative, e.g. to invite me to a follow-up meeting"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my answers are stored and used as described above"),
        error_messages={"required": _("Tick the box to agree, or we cannot register you.")},
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        for flag, field in (
            ("ask_area", "area"),
            ("ask_organisation", "organisation"),
            ("ask_needs", "needs"),
            ("ask_free_text", "free_text"),
        ):
            if not getattr(meeting, flag):
                del self.fields[field]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name_or_nickname"].widget.attrs["autocomplete"] = "nickname"
        add_bot_fields(self)

    def clean(self):
        cleaned = super().clean()
        check_bot(self, min_seconds_setting="DIALOGUES_SIGNUP_MIN_SECONDS")
        return cleaned

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("website", "started")}


class GroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=100)
    facilitator_user = forms.ModelChoiceField(
        label=_("Facilitator from the initiative's partners"),
        queryset=None,
        required=False,
        empty_label=_("– None –"),
        help_text=_("A partner who leads the group sees it when signed in."),
    )
    facilitator = forms.CharField(
        label=_("Or the facilitator's name"),
        max_length=200,
        required=False,
        help_text=_("For someone without an account."),
    )
    note_taker = forms.CharField(label=_("Note-taker"), max_length=200, required=False)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator_user"].queryset = partners


class MessageForm(StyledFormMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))
    include_waitlist = forms.BooleanField(label=_("Also send to those on the waiting list"), required=False)


class TargetGroupSizeForm(StyledFormMixin, forms.Form):
    """One target group's size and who it is, on the reach page (prefixed by the target group)."""

    size = forms.IntegerField(
        label=_("How many"), required=False, min_value=1, max_value=10_000_000,
        help_text=_("Leave it empty for youth or adults to use the population of the initiative’s municipality, "
                    "when the national team has imported it."),
        error_messages={
            key: _("Write the size as a whole number above 0, or leave it empty.")
            for key in ("invalid", "min_value", "max_value")
        },
    )
    note = forms.CharField(label=_("About the figure"), required=False, max_length=200,
                           help_text=_("For example “ca. 400 lower-secondary pupils in the area” or where the figure is from."))
    ages = forms.ChoiceField(label=_("Who they are"), choices=ReachAge.choices)

    def __init__(self, *args, target_group, size_row=None, **kwargs):
        initial = {"size": size_row.size, "note": size_row.note, "ages": size_row.ages} if size_row else {"ages": ReachAge.EVERYONE}
        super().__init__(*args, prefix=f"tg-{target_group.pk}", initial=initial, **kwargs)
        self.target_group = target_group
