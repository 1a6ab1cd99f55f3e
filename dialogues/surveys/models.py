"""Surveys: questions, the national indicator library, personal links, responses and reminders.

Anonymity rule: for an anonymous survey a Response never points at a Recipient
(a database constraint refuses it), and "who has answered" lives only on the
Recipient. A half-finished personal answer is found again by a hash of the
link's token, which is wiped when the answer is completed.
"""
import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.models import TimeStampedModel
from innbyggerstemmen.core.translated_content import TranslatedContent

SLUG_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SLUG_LENGTH = 7

# Age groups asked in surveys; 13–18 counts as youth, the rest as adults.
AGE_GROUPS = [
    ("13-15", _("13–15 years")),
    ("16-18", _("16–18 years")),
    ("19-25", _("19–25 years")),
    ("26-66", _("26–66 years")),
    ("67+", _("67 years or older")),
]
YOUTH_AGE_GROUPS = {"13-15", "16-18"}

LIKERT_LABELS = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
]


def new_slug() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_reminder_schedule():
    return [3, 7]


class Audience(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    STAFF = "staff", _("Police staff")
    PARTNERS = "partners", _("Partners")


class RespondentGroup(models.TextChoices):
    YOUTH = "youth", _("Youth 13–18")
    ADULTS = "adults", _("Adults")
    STAFF = "staff", _("Police staff")
    PARTNERS = "partners", _("Partners")
    UNKNOWN = "unknown", _("Age not given")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Agreement scale 1–5")
    SCALE = "scale", _("Scale 0–10")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    AGE_GROUP = "age_group", _("Age group")
    AREA = "area", _("Area where you live")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.AGE_GROUP, QuestionKind.AREA}
NUMBER_KINDS = {QuestionKind.LIKERT, QuestionKind.SCALE}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}
# Kinds whose answer can decide whether a later question is shown.
CONDITION_KINDS = CHOICE_KINDS | NUMBER_KINDS


class Survey(TimeStampedModel, TranslatedContent):
    translated_fields = ("title", "introduction")

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("initiative"),
        help_text=_("Empty for the national team's cross-initiative surveys."),
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.CITIZENS)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    introduction = models.TextField(_("introduction"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_("Answers are stored without any link to the person or e-mail address."),
    )
    slug = models.CharField(_("public address"), max_length=20, unique=True, default=new_slug, editable=False)
    reminder_schedule_days = models.JSONField(
        _("reminders (days after the invitation)"), default=default_reminder_schedule, blank=True
    )
    max_reminders = models.PositiveSmallIntegerField(_("at most this many reminders per person"), default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-id"]
        indexes = [
            models.Index(fields=["initiative", "-opens_at"], name="survey_initiative_idx"),
            models.Index(fields=["opens_at", "closes_at"], name="survey_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opens"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.initiative_id is None:  # a national survey is managed in the admin
            return self.get_public_url()
        return reverse("surveys:detail", args=[self.initiative_id, self.pk])

    def get_public_url(self):
        return reverse("surveys:public", args=[self.slug])

    @property
    def public_link(self) -> str:
        return settings.SITE_URL + self.get_public_url()

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def state(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    @property
    def reminder_days(self) -> list[int]:
        """The schedule, capped at ``max_reminders``."""
        return list(self.reminder_schedule_days or [])[: self.max_reminders]

    def reminder_next(self, *, invited_at, sent_count: int):
        """(number, when it is due) of a recipient's next reminder, or None: not invited, or all sent.

        The one rule for both sending reminders and showing the coordinator when the next one goes.
        """
        days = self.reminder_days
        number = sent_count + 1
        if invited_at is None or number > len(days):
            return None
        return number, invited_at + timedelta(days=days[number - 1])


class IndicatorQuestion(TranslatedContent):
    """A standard question from the national library, comparable across initiatives and years."""

    translated_fields = ("text",)

    text = models.CharField(_("statement"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.LIKERT)
    active = models.BooleanField(_("available to new surveys"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator question")
        verbose_name_plural = _("indicator questions")
        ordering = ["text"]
        constraints = [models.CheckConstraint(condition=Q(kind="likert"), name="indicator_is_likert")]

    def __str__(self):
        return self.text


class Question(TranslatedContent):
    translated_fields = ("text", "help")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("options"), default=list, blank=True)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("show only if the answer to"),
    )
    # Shown when the answer to show_if_question is any of these stored option values ("13-15", "16-18").
    show_if_values = models.JSONField(_("is one of"), default=list, blank=True)
    indicator = models.ForeignKey(
        IndicatorQuestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("indicator"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["survey", "position"], name="question_survey_pos_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "indicator"], condition=Q(indicator__isnull=False), name="unique_indicator_per_survey"
            )
        ]

    def __str__(self):
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def show_if_values_json(self) -> str:
        """For the public form's script, which shows the question as the answer it depends on changes."""
        return json.dumps(self.show_if_values)

    def show_if_labels(self) -> list[str]:
        """The condition's values as the respondent sees them ("13–15 år"), in the options' order."""
        if not self.show_if_question_id:
            return []
        return [label for value, label in self.show_if_question.option_pairs() if value in self.show_if_values]

    def option_pairs(self) -> list[tuple[str, str]]:
        """(stored value, label) for the kinds answered by picking."""
        if self.kind == QuestionKind.AGE_GROUP:
            return [(value, str(label)) for value, label in AGE_GROUPS]
        if self.kind == QuestionKind.LIKERT:
            return [(str(value), f"{value} – {label}") for value, label in LIKERT_LABELS]
        if self.kind == QuestionKind.SCALE:
            return [(str(n), str(n)) for n in range(11)]
        return [(str(c), str(c)) for c in self.choices]


class Recipient(models.Model):
    """Someone who got a personal link. Records whether they answered, never what."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The language of this person's e-mails: the one they answered in, else the one they were invited in.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    # A coordinator's "send the invitation again": how many times, and the last; each is its own e-mail.
    invitations_resent = models.PositiveSmallIntegerField(_("invitation sent again"), default=0)
    invitation_resent_at = models.DateTimeField(_("invitation last sent again"), null=True, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["survey", "answered_at"], name="recipient_answered_idx"),
            # A person's access or erasure request finds their survey links by e-mail, in any case (iexact).
            models.Index(Upper("email"), name="recipient_email_ci_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="unique_recipient_per_survey")]

    def __str__(self):
        return self.email

    def get_answer_url(self):
        return reverse("surveys:personal", args=[self.token])

    @property
    def answer_link(self) -> str:
        return settings.SITE_URL + self.get_answer_url()


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    anonymous = models.BooleanField(default=True, editable=False)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed = models.BooleanField(default=False)
    respondent_group = models.CharField(
        _("respondent group"), max_length=20, choices=RespondentGroup.choices, default=RespondentGroup.UNKNOWN
    )
    # Only for surveys that are not anonymous.
    recipient = models.ForeignKey(
        Recipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    # sha256 of the personal link's token while the answer is half-finished; emptied on completion.
    draft_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["survey", "completed", "respondent_group"], name="response_group_idx"),
            models.Index(fields=["survey", "submitted_at"], name="response_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(recipient__isnull=True), name="anonymous_response_has_no_recipient"
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(draft_key__isnull=True), name="completed_response_has_no_draft_key"
            ),
        ]


class Answer(models.Model):
    """One answer (or, for multiple choice, one ticked option) to one question."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=100, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Made an insight already (the insight cites the survey and question, never this row): not made twice.
    made_insight = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_question_choice_idx"),
            models.Index(fields=["question", "number"], name="answer_question_number_idx"),
        ]


class ReminderSent(models.Model):
    """"Reminder N has been sent to this recipient": the exactly-once key of survey reminders."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="reminders")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey reminder sent")
        verbose_name_plural = _("survey reminders sent")
        constraints = [models.UniqueConstraint(fields=["recipient", "number"], name="unique_survey_reminder")]
