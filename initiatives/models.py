"""Initiatives, their run sheet, and partners' access with its invitations."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class ReachAge(models.TextChoices):
    """Who a target group is, in the age groups meetings and surveys ask for, so its reach can be counted."""

    YOUTH = "youth", _("Youth (13–18)")
    ADULTS = "adults", _("Adults (19 and over)")
    EVERYONE = "everyone", _("Everyone")


class TargetGroupSize(models.Model):
    """How many people one of an initiative's target groups counts, to set its reach against
    (e.g. "ca. 400 ungdomsskoleelever i området")."""

    initiative = models.ForeignKey("Initiative", on_delete=models.CASCADE, related_name="target_group_sizes")
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="+")
    size = models.PositiveIntegerField(_("how many"), null=True, blank=True)
    note = models.CharField(
        _("about the figure"), max_length=200, blank=True,
        help_text=_("For example “ca. 400 lower-secondary pupils in the area” or where the figure is from."),
    )
    ages = models.CharField(_("who they are"), max_length=10, choices=ReachAge.choices, default=ReachAge.EVERYONE)

    class Meta:
        verbose_name = _("target group size")
        verbose_name_plural = _("target group sizes")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "target_group"], name="target_group_size_once"),
        ]

    def __str__(self):
        return f"{self.target_group}: {self.size or '–'}"


class PopulationFigure(models.Model):
    """How many people of one age live in a municipality in a year, from a published population table
    (Statistics Norway's table 07459) the national team imports (initiatives/population.py). A target group
    without a figure of its own is set against these, by its ages and the initiative's municipality."""

    municipality = models.CharField(_("municipality"), max_length=100)
    municipality_number = models.CharField(_("municipality number"), max_length=4, blank=True)
    age = models.PositiveSmallIntegerField(_("age"))
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "age"], name="population_figure_once"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}, {self.age}: {self.count}"


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
        "plans.Measure", blank=True, related_name="initiatives", verbose_name=_("action plan measures")
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


class PartnerRole(models.TextChoices):
    EDITOR = "editor", _("Editor")
    FACILITATOR = "facilitator", _("Facilitator")
    VIEWER = "viewer", _("Viewer")


class Partnership(TimeStampedModel):
    """A partner's access to one initiative, with a role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnerships")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partnerships")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        # Moved from accounts with its table (migrations accounts 0003 / initiatives 0005).
        db_table = "accounts_partnership"
        verbose_name = _("partner access")
        verbose_name_plural = _("partner access")
        constraints = [models.UniqueConstraint(fields=["user", "initiative"], name="unique_partnership")]

    def __str__(self):
        return f"{self.user} – {self.initiative} ({self.get_role_display()})"


class Invitation(TimeStampedModel):
    """An e-mail invitation for a partner to join one initiative."""

    email = models.EmailField(_("e-mail address"))
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        db_table = "accounts_invitation"
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per address and initiative.
            models.UniqueConstraint(
                fields=["email", "initiative"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="unique_open_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.initiative}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def status_label(self):
        if self.accepted_at:
            return _("Accepted")
        if self.revoked_at:
            return _("Revoked")
        if self.is_expired:
            return _("Expired")
        return _("Pending")
