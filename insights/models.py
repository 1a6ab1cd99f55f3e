"""Insights (what citizens and others told us), follow-up actions, KUBA input and the public feedback page."""
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.plans.models import MeasureState
from innbyggerstemmen.core.models import TimeStampedModel

from .search import SearchDocument


class Kind(models.TextChoices):
    QUOTE = "quote", _("Quote")
    IDEA = "idea", _("Idea")
    NEED = "need", _("Need")
    OBSERVATION = "observation", _("Observation")
    CONCERN = "concern", _("Concern")


class Source(models.TextChoices):
    """The police's triangulation: what citizens say, what research and data show, own experience."""

    CITIZENS = "citizens", _("Citizens")
    RESEARCH = "research", _("Research and data")
    EXPERIENCE = "experience", _("Own experience")


class Actor(models.TextChoices):
    """Who could act on an insight, or who owns an action."""

    POLICE = "police", _("Police")
    MUNICIPALITY = "municipality", _("Municipality")
    VOLUNTEERS = "volunteers", _("Volunteers")
    BUSINESS = "business", _("Business")
    CITIZENS = "citizens", _("Citizens themselves")


# Each actor is a boolean column on Insight: portable to SQLite and PostgreSQL and cheap to count.
ACTOR_FIELDS = {actor: f"actor_{actor}" for actor in Actor.values}


class SurplusStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent yet")
    SENT = "sent", _("Sent to the receiver")
    RECEIVED = "received", _("Received by the receiver")
    CLOSED = "closed", _("Closed")


# Follow-up actions use the police's own status words, the same as action-plan measures.
ActionStatus = MeasureState


class NationalTheme(models.Model):
    """A theme of the national team's shared list; each initiative's own themes map to it by its name or synonyms
    (insights/national_themes.py), so search and the overview can count across districts whatever each called it."""

    name = models.CharField(_("name"), max_length=100)
    synonyms = models.TextField(
        _("synonyms"), blank=True,
        help_text=_("What initiatives call it, one per line or separated by commas, e.g. “trygghet, trygt nærmiljø”."),
    )

    class Meta:
        verbose_name = _("national theme")
        verbose_name_plural = _("national themes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="national_theme_unique_name_ci")]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A free tag inside one initiative; names are unique per initiative regardless of case."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="insight_themes")
    name = models.CharField(_("name"), max_length=100)
    national_theme = models.ForeignKey(
        NationalTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="themes",
        verbose_name=_("national theme"),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "initiative", name="insight_theme_unique_name_ci"),
        ]

    def __str__(self):
        return self.name


class Insight(models.Model):
    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="insights")
    text = models.TextField(_("insight"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IDEA)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.CITIZENS)
    source_description = models.CharField(
        _("where it came from"),
        max_length=200,
        blank=True,
        help_text=_("For example the meeting, survey or report it came from."),
    )
    meeting = models.ForeignKey(
        "dialogues.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insights",
        verbose_name=_("meeting"),
    )
    target_groups = models.ManyToManyField(
        "initiatives.TargetGroup", blank=True, related_name="insights", verbose_name=_("target groups")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="insights", verbose_name=_("themes"))
    actor_police = models.BooleanField(_("police"), default=False)
    actor_municipality = models.BooleanField(_("municipality"), default=False)
    actor_volunteers = models.BooleanField(_("volunteers"), default=False)
    actor_business = models.BooleanField(_("business"), default=False)
    actor_citizens = models.BooleanField(_("citizens themselves"), default=False)
    is_priority = models.BooleanField(_("prioritised"), default=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    is_surplus = models.BooleanField(
        _("surplus insight"), default=False, help_text=_("Belongs to someone outside the initiative's mandate.")
    )
    surplus_receiver = models.CharField(_("receiving unit"), max_length=200, blank=True)
    surplus_status = models.CharField(
        _("routing status"), max_length=20, choices=SurplusStatus.choices, default=SurplusStatus.NOT_SENT
    )
    published_in_feedback = models.BooleanField(_("shown on the feedback page"), default=False)
    # The text a coordinator approved for the public page; an edit by anyone else waits (services.feedback_*).
    public_text = models.TextField(_("approved public text"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When it was said: the meeting's day, the idea wall's date, or as typed. Empty: the day it was
    # recorded (created_at) is the best we know. Search's year follows this, not the recording.
    said_on = models.DateField(_("said on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The text as PostgreSQL's search reads it, kept by the database itself on every write (bulk ones too).
    search_document = models.GeneratedField(
        expression=SearchDocument("text"), output_field=SearchVectorField(null=True), db_persist=True
    )

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["-created_at", "-id"]
        indexes = [
            # An initiative's list: live (not merged) insights newest first, counted and paged from the index.
            # It carries the list's column filters too, so a filtered count or page is an index-only scan
            # of the initiative's entries rather than a read of every one of its rows.
            models.Index(
                fields=["initiative", "-created_at", "-id"],
                condition=Q(merged_into__isnull=True),
                include=["kind", "source", "is_priority", "is_surplus", *ACTOR_FIELDS.values()],
                name="insight_live_filter_idx",
            ),
            # Search without words lists the newest insights across initiatives.
            models.Index(fields=["-created_at", "-id"], name="insight_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="insight_not_merged_into_itself"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("insights:insight_detail", args=[self.initiative_id, self.pk])

    @property
    def said_or_recorded_on(self):
        return self.said_on or timezone.localdate(self.created_at)

    @property
    def actors(self) -> list[str]:
        return [actor for actor, field in ACTOR_FIELDS.items() if getattr(self, field)]

    @property
    def actor_labels(self) -> list[str]:
        return [Actor(actor).label for actor in self.actors]


class FollowUpAction(TimeStampedModel):
    """A follow-up action ("tiltak") with an owner, a period and a status, traced to its insights."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="followup_actions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=20, choices=Actor.choices, default=Actor.POLICE)
    responsible = models.CharField(
        _("responsible person or body"), max_length=200, blank=True
    )
    # A person who acts on it (a partner of the initiative or a police colleague): told once, updates it
    # on "Mine tiltak". ``owner`` stays the kind of actor, ``responsible`` the name shown to the public.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner (person)"),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    insights = models.ManyToManyField(Insight, blank=True, related_name="actions", verbose_name=_("insights"))
    kuba_meeting_date = models.DateField(_("KUBA meeting date"), null=True, blank=True)
    kuba_decision = models.TextField(_("KUBA decision"), blank=True)
    published = models.BooleanField(_("shown on the feedback page"), default=False)
    # Title, description and responsible as a coordinator approved them for the public page.
    public_version = models.JSONField(_("approved public version"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["-created_at", "-id"]
        # The weekly summary finds the actions nobody has touched for a month without reading the others.
        indexes = [models.Index(fields=["updated_at"], name="action_updated_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="followup_action_end_after_start",
            )
        ]

    # What of an action the public page shows in words someone wrote (status and dates are shown as they are).
    PUBLIC_FIELDS = ("title", "description", "responsible")

    def current_public_version(self) -> dict:
        return {name: getattr(self, name) for name in self.PUBLIC_FIELDS}

    @property
    def awaits_approval(self) -> bool:
        return self.published and self.public_version != self.current_public_version()

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("insights:action_detail", args=[self.initiative_id, self.pk])


class ProgressNote(models.Model):
    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE, related_name="progress_notes")
    date = models.DateField(_("date"))
    text = models.TextField(_("note"))
    # The status the author set with this note (empty: the status was not changed): who changed what, and when.
    status = models.CharField(_("status set"), max_length=20, choices=ActionStatus.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.text[:80]


class KubaInput(TimeStampedModel):
    """The short decision-support list the police liaison brings to KUBA's tiltaksledermøte."""

    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="kuba_input"
    )
    intro = models.TextField(_("introduction"), blank=True)
    meeting_date = models.DateField(_("KUBA meeting date"), null=True, blank=True)

    class Meta:
        verbose_name = _("KUBA input")
        verbose_name_plural = _("KUBA inputs")

    def __str__(self):
        return str(self.initiative)


class KubaItem(models.Model):
    """One bullet of the KUBA input: a prioritised insight, a proposed action, or free text."""

    kuba_input = models.ForeignKey(KubaInput, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("bullet"))
    insight = models.ForeignKey(Insight, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.ForeignKey(
        FollowUpAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="kuba_items"
    )

    class Meta:
        verbose_name = _("KUBA bullet")
        verbose_name_plural = _("KUBA bullets")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:80]


class FeedbackPage(TimeStampedModel):
    """The public "you said, we did" page of an initiative."""

    initiative = models.OneToOneField(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="feedback_page"
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Incremented at each publication; part of the e-mail dedupe key ("once per publication").
    publication_number = models.PositiveIntegerField(default=0)
    # The publication whose participants have all been e-mailed: a lower number means that task
    # was lost (a broker outage), and the sweeper queues it again.
    notified_publication = models.PositiveIntegerField(default=0)
    # The published actions' statuses as the citizens were last told them, and when: an update e-mail goes
    # when they differ, at most once a week (insights/citizen_news.py).
    told_statuses = models.JSONField(default=dict, blank=True)
    update_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback page")
        verbose_name_plural = _("feedback pages")

    def __str__(self):
        return str(self.initiative)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def get_absolute_url(self):
        return reverse("insights:public_feedback", args=[self.slug])


def new_handoff_token() -> str:
    return secrets.token_urlsafe(24)


class Handoff(models.Model):
    """A surplus insight sent to a unit outside the initiative, with its receipt ("sendt / mottatt / svart").

    The receiver reads it through a link with an unguessable token, without an account and without the rest of
    the initiative, marks it received and may answer in a line.
    """

    VALID_FOR = timedelta(days=90)

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="handoffs")
    to_email = models.EmailField(_("receiver's e-mail address"))
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("receiving organisation"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_handoff_token, editable=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["received_at", "sent_at"], name="handoff_open_idx")]

    def __str__(self):
        return self.to_email

    @property
    def receiver(self) -> str:
        return self.to_organisation.name if self.to_organisation_id else self.to_email

    @property
    def expires_at(self):
        return self.sent_at + self.VALID_FOR


class HearBack(models.Model):
    """An address left at the end of a survey to be told what happened.

    Kept apart from the answers: no link to the survey's responses, answers or recipients, and only the
    day it was left (not the time), so nobody can tell which answers it came with.
    """

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(max_length=10, default="nb")
    left_on = models.DateField(_("left on"))

    class Meta:
        verbose_name = _("address to tell what happened")
        verbose_name_plural = _("addresses to tell what happened")
        constraints = [
            models.UniqueConstraint(Lower("email"), "initiative", name="hear_back_one_per_address"),
        ]

    def __str__(self):
        return self.email


class NewsKind(models.TextChoices):
    FEEDBACK = "feedback", _("News about what happened (“you said, we did”)")


class EmailOptOut(models.Model):
    """Someone who asked for no more e-mails of a kind about an initiative (the unsubscribe link)."""

    initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(max_length=20, choices=NewsKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")
        constraints = [
            models.UniqueConstraint(Lower("email"), "initiative", "kind", name="email_opt_out_once"),
        ]

    def __str__(self):
        return self.email


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    QUEUED = "queued", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class IdeaWallImport(TimeStampedModel):
    """One CSV file from an idea wall (e.g. Padlet), kept between the mapping, preview and import steps.

    The row is also the idempotence key: one file (by content fingerprint) is imported once per
    initiative. The raw content may hold authors' names, so it is emptied when the import is done.
    """

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="idea_wall_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    content = models.TextField(_("file content"), blank=True)
    delimiter = models.CharField(max_length=1, default=",")
    encoding = models.CharField(_("character encoding"), max_length=20, default="utf-8-sig")
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    include_flagged = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.DRAFT)
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    # Rejected rows counted by reason code, e.g. {"duplicate": 2, "empty": 1}.
    result = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("idea wall import")
        verbose_name_plural = _("idea wall imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "fingerprint"], name="idea_wall_import_once_per_file"),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("insights:import_detail", args=[self.initiative_id, self.pk])
