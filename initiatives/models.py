"""Initiatives and their run sheet."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innbyggerstemmen.core.models import TimeStampedModel


class TargetGroup(models.Model):
    """A group of people an initiative addresses, e.g. "Ungdom 13–15 år"."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class InvolvementMode(models.TextChoices):
    CO_PRODUCER = "co_producer", _("Co-producer in daily operations")
    CO_DEVELOPER = "co_developer", _("Co-developer in improvement")
    PARTICIPANT = "participant", _("Participant in priorities and decisions")


class Phase(models.TextChoices):
    UNDERSTAND = "understand", _("Understand")
    EXPLORE = "explore", _("Explore")
    DEVELOP = "develop", _("Develop")
    DELIVER = "deliver", _("Deliver")
    EVALUATE = "evaluate", _("Evaluate")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class Initiative(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("owner organisation"),
    )
    problem = models.TextField(_("problem"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="initiatives", verbose_name=_("target groups")
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    area_description = models.CharField(_("area"), max_length=255, blank=True)
    involvement_mode = models.CharField(
        _("involvement mode"), max_length=20, choices=InvolvementMode.choices, default=InvolvementMode.CO_DEVELOPER
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.UNDERSTAND)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    anchored_by = models.CharField(_("approved by"), max_length=200, blank=True)
    anchored_on = models.DateField(_("approved on"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measures = models.ManyToManyField(
        "Measure", blank=True, related_name="initiatives", verbose_name=_("action plan measures")
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner_organisation", "-updated_at"], name="initiative_org_updated_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="initiative_end_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def phase_steps(self):
        """The phases in order, each marked done, current or upcoming, for the step indicator."""
        current = list(Phase.values).index(self.phase)
        return [
            {"value": value, "label": label, "state": "done" if i < current else "current" if i == current else "todo"}
            for i, (value, label) in enumerate(Phase.choices)
        ]


class Activity(TimeStampedModel):
    """One row of the run sheet ("kjøreplan")."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("activity"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    method = models.CharField(_("method"), max_length=200, blank=True)
    roles = models.TextField(
        _("roles"), blank=True, help_text=_("For example: host, facilitator per group, note-taker.")
    )
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["initiative", "position"], name="activity_order_idx")]

    def __str__(self):
        return self.title


# Action plans ------------------------------------------------------------------------


class MeasureState(models.TextChoices):
    """How far a measure of an action plan has come; the Norwegian labels are the government's own words."""

    NOT_STARTED = "not_started", pgettext_lazy("measure status", "Not started")
    BEING_PLANNED = "being_planned", pgettext_lazy("measure status", "Being planned")
    STARTED = "started", pgettext_lazy("measure status", "Started")
    COMPLETED = "completed", pgettext_lazy("measure status", "Completed")


class ActionPlan(TimeStampedModel):
    """A national or local strategy with numbered measures, e.g. "Gode krefter" 2009–2012."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in the address"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    period = models.CharField(_("period"), max_length=50, blank=True)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("owner organisation"),
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.slug])


class Measure(TimeStampedModel):
    """One numbered measure ("tiltak") of an action plan, grouped in a package ("innsatsområde")."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("action plan"))
    number = models.PositiveIntegerField(_("number"))
    package = models.CharField(_("package"), max_length=255, blank=True)
    title = models.CharField(_("measure"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    period = models.CharField(_("period"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureState.choices, default=MeasureState.NOT_STARTED
    )
    description = models.TextField(_("description"), blank=True)
    status_text = models.TextField(_("status text"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measure_unique_number_in_plan"),
            models.CheckConstraint(condition=Q(status__in=MeasureState.values), name="measure_status_valid"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class StatusReport(models.Model):
    """A dated snapshot of every measure's status and status text, e.g. "Status per august 2011"."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("action plan")
    )
    title = models.CharField(_("title"), max_length=200)
    as_of = models.DateField(_("status as of"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["plan", "-as_of"], name="statusreport_plan_asof_idx")]

    def __str__(self):
        return self.title


class MeasureStatus(models.Model):
    """One measure's status and status text as they were when a status report was made."""

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="entries")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="snapshots")
    status = models.CharField(_("status"), max_length=20, choices=MeasureState.choices)
    status_text = models.TextField(_("status text"), blank=True)

    class Meta:
        verbose_name = _("measure status")
        verbose_name_plural = _("measure statuses")
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="measurestatus_once_per_report"),
            models.CheckConstraint(condition=Q(status__in=MeasureState.values), name="measurestatus_status_valid"),
        ]

    def __str__(self):
        return f"{self.report}: {self.measure}"


# Summary PDF and stories ---------------------------------------------------------------


class SummaryPdfStatus(models.TextChoices):
    PENDING = "pending", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class SummaryPdf(models.Model):
    """One rendering of an initiative's PDF summary, keyed by a hash of exactly what it shows.

    The unique (initiative, content_fingerprint) row is the idempotence fact: asking again
    while nothing has changed finds the same row and renders nothing. The PDF is kept in the
    database so the Celery worker and the web server need no shared file system.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="summary_pdfs", verbose_name=_("initiative")
    )
    content_fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    language = models.CharField(_("language"), max_length=10, default="nb")
    status = models.CharField(
        _("status"), max_length=20, choices=SummaryPdfStatus.choices, default=SummaryPdfStatus.PENDING
    )
    content = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary PDF")
        verbose_name_plural = _("summary PDFs")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["initiative", "-requested_at"], name="summarypdf_latest_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "content_fingerprint"], name="summarypdf_once_per_content"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "ready", "failed"]), name="summarypdf_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(content__isnull=False), name="summarypdf_ready_has_content"
            ),
        ]

    def __str__(self):
        return f"{self.initiative} ({self.get_status_display()})"


class Story(TimeStampedModel):
    """A finished initiative told for other districts to learn from ("skattekisten")."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="story", verbose_name=_("initiative")
    )
    summary = models.TextField(_("what was done"))
    lessons = models.TextField(_("what we learned"))
    method = models.CharField(
        _("method used"), max_length=200, blank=True, help_text=_("For example: Nærmiljøprat, dialogue meeting, survey.")
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["-published_at"], name="story_published_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="story_has_summary"),
        ]

    def __str__(self):
        return str(self.initiative)

    def get_absolute_url(self):
        return reverse("stories:detail", args=[self.pk])
