"""Dialogue meetings, the method library, public registrations, groups and reminders."""
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innbyggerstemmen.core.models import TimeStampedModel
from innbyggerstemmen.core.translated_content import TranslatedContent

# Letters and digits that cannot be confused when read aloud or typed from a poster.
SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SLUG_LENGTH = 7
DEFAULT_REMINDER_OFFSETS = [48, 2]
MAX_REMINDER_OFFSET_HOURS = 14 * 24


def default_reminder_offsets():
    return list(DEFAULT_REMINDER_OFFSETS)


def new_slug() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(32)


class MethodCard(TranslatedContent):
    """One method in the method library, e.g. "Nærmiljøprat"."""

    translated_fields = (
        "name", "summary", "purpose", "when_to_use", "preparation", "roles", "pitfalls", "run_sheet_template",
    )

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    when_to_use = models.TextField(_("when to use it"), blank=True)
    preparation = models.TextField(
        _("preparation checklist"), blank=True, help_text=_("One item per line.")
    )
    roles = models.TextField(_("roles"), blank=True, help_text=_("One role per line, e.g. “Host: welcomes everyone”."))
    pitfalls = models.TextField(_("pitfalls"), blank=True, help_text=_("One pitfall per line."))
    run_sheet_template = models.JSONField(
        _("run sheet template"),
        default=list,
        blank=True,
        help_text=_(
            "A list of activities, each with title, duration_minutes, purpose, method and roles; "
            "copied in this order into an initiative's run sheet."
        ),
    )

    class Meta:
        verbose_name = _("method card")
        verbose_name_plural = _("method cards")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dialogues:method_detail", args=[self.slug])

    def clean(self):
        super().clean()
        errors = run_sheet_template_errors(self.run_sheet_template)
        if errors:
            raise ValidationError({"run_sheet_template": errors})

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip().lstrip("-•").strip() for line in text.splitlines() if line.strip()]

    @property
    def preparation_items(self) -> list[str]:
        return self._lines(self.preparation)

    @property
    def role_items(self) -> list[str]:
        return self._lines(self.roles)

    @property
    def pitfall_items(self) -> list[str]:
        return self._lines(self.pitfalls)

    @property
    def total_minutes(self) -> int:
        return sum(item.get("duration_minutes") or 0 for item in self.run_sheet_template or [])


RUN_SHEET_TEXT_KEYS = ("title", "purpose", "method", "roles")


def run_sheet_template_errors(template) -> list[str]:
    """What is wrong with a method card's run-sheet template, in words; empty when it is fine."""
    if not isinstance(template, list):
        return [_("The run sheet template must be a list of activities.")]
    errors = []
    for number, item in enumerate(template, start=1):
        if not isinstance(item, dict):
            errors.append(_("Activity %(number)s must be an object with a title.") % {"number": number})
            continue
        unknown = set(item) - {*RUN_SHEET_TEXT_KEYS, "duration_minutes"}
        if unknown:
            errors.append(
                _("Activity %(number)s has unknown keys: %(keys)s.") % {"number": number, "keys": ", ".join(sorted(unknown))}
            )
        title = item.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            errors.append(_("Activity %(number)s needs a title of at most 200 characters.") % {"number": number})
        if any(not isinstance(item.get(key, ""), str) for key in RUN_SHEET_TEXT_KEYS[1:]):
            errors.append(_("Activity %(number)s: purpose, method and roles must be text.") % {"number": number})
        minutes = item.get("duration_minutes")
        if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0):
            errors.append(
                _("Activity %(number)s: the duration must be a whole number of minutes.") % {"number": number}
            )
    return errors


class MeetingFormat(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    PHYSICAL = "physical", _("Physical")


class Meeting(TimeStampedModel, TranslatedContent):
    # What the public reads; a coordinator may write it in the other written standard too.
    translated_fields = ("title", "description", "accessibility_info")

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("initiative")
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.ForeignKey(
        MethodCard, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("method")
    )
    description = models.TextField(
        _("what will happen"), blank=True, help_text=_("Shown on the public signup page, in plain language.")
    )
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.DIGITAL)
    meeting_link = models.URLField(
        _("meeting link"), blank=True, help_text=_("Shown only to registered participants.")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    accessibility_info = models.TextField(_("accessibility"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    signup_deadline = models.DateTimeField(_("signup deadline"), null=True, blank=True)
    uses_waitlist = models.BooleanField(_("use a waiting list when full"), default=True)
    target_groups = models.CharField(_("target groups"), max_length=255, blank=True)
    ask_area = models.BooleanField(_("ask for area or school"), default=False)
    ask_organisation = models.BooleanField(_("ask for organisation"), default=False)
    ask_needs = models.BooleanField(_("ask for dietary or accessibility needs"), default=False)
    ask_free_text = models.BooleanField(_("ask for a free-text comment"), default=False)
    slug = models.CharField(_("public address"), max_length=20, unique=True, default=new_slug, editable=False)
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    reminder_offsets = models.JSONField(
        _("reminders (hours before start)"), default=default_reminder_offsets, blank=True
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data for (months after the meeting)"), default=6
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["initiative", "starts_at"], name="meeting_initiative_start_idx"),
            models.Index(fields=["starts_at"], name="meeting_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_capacity_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("dialogues:meeting_detail", args=[self.initiative_id, self.pk])

    def get_public_url(self):
        return reverse("dialogues:public_meeting", args=[self.slug])

    @property
    def public_link(self) -> str:
        return settings.SITE_URL + self.get_public_url()

    @property
    def is_digital(self) -> bool:
        return self.format == MeetingFormat.DIGITAL


class AgeGroup(models.TextChoices):
    AGE_13_15 = "13-15", _("13–15 years")
    AGE_16_18 = "16-18", _("16–18 years")
    AGE_19_25 = "19-25", _("19–25 years")
    AGE_26_66 = "26-66", _("26–66 years")
    AGE_67 = "67+", _("67 years or older")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    # "Avmeldt", not the meeting's "Avlyst": the person cancelled, the meeting goes ahead.
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class Group(models.Model):
    """A working group during the meeting, with its facilitator and note-taker."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    # A partner of the initiative who leads the group; the free-text name is for someone without an account.
    facilitator_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("facilitator (partner)"),
    )
    note_taker = models.CharField(_("note-taker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="unique_group_name_per_meeting")]

    def __str__(self):
        return self.name

    @property
    def facilitator_name(self) -> str:
        return self.facilitator_user.get_full_name() if self.facilitator_user_id else self.facilitator


class Registration(models.Model):
    """One person's signup for a meeting. The token is their personal link to view or cancel it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    name_or_nickname = models.CharField(_("name or nickname"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    area = models.CharField(_("area or school"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    needs = models.TextField(_("dietary or accessibility needs"), blank=True)
    free_text = models.TextField(_("comment"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_text_version = models.CharField(_("consent text version"), max_length=40)
    may_contact_again = models.BooleanField(_("may be contacted again"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    attended = models.BooleanField(_("attended"), default=False)
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations", verbose_name=_("group")
    )
    language = models.CharField(max_length=10, default="nb")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["meeting", "status", "created_at"], name="registration_queue_idx"),
            # A person's access or erasure request finds their signups by e-mail, in any case (iexact).
            models.Index(Upper("email"), name="registration_email_ci_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(status="cancelled"),
                name="unique_active_registration_email",
            )
        ]

    def __str__(self):
        return f"{self.name_or_nickname} – {self.meeting}"

    def get_manage_url(self):
        return reverse("dialogues:manage_registration", args=[self.token])

    @property
    def manage_link(self) -> str:
        return settings.SITE_URL + self.get_manage_url()

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED


class ReminderSent(models.Model):
    """"Reminder N hours before has been handled for this registration": the idempotence key of reminders.

    The row is created in the same transaction as the queued e-mail, so a task
    that runs twice, or dies mid-batch, sends each reminder at most once. A
    registration made (or promoted from the waiting list) after a reminder's
    time gets a row without an e-mail: its confirmation already said it all.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    offset_hours = models.PositiveIntegerField(_("hours before start"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["registration", "offset_hours"], name="unique_reminder_per_offset")
        ]


class MeetingMessage(models.Model):
    """A message sent by e-mail to a meeting's participants."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    include_waitlist = models.BooleanField(_("also send to the waiting list"), default=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at"]
