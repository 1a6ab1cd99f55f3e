"""Action plans, their measures and dated status reports (a sub-app of initiatives, label "plans")."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innbyggerstemmen.core.models import TimeStampedModel


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
        db_table = "initiatives_actionplan"  # moved from initiatives with its table (plans 0001 / initiatives 0007)
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
        db_table = "initiatives_measure"  # moved from initiatives with its table (plans 0001 / initiatives 0007)
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
        db_table = "initiatives_statusreport"  # moved from initiatives with its table (plans 0001 / initiatives 0007)
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
        db_table = "initiatives_measurestatus"  # moved from initiatives with its table (plans 0001 / initiatives 0007)
        verbose_name = _("measure status")
        verbose_name_plural = _("measure statuses")
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="measurestatus_once_per_report"),
            models.CheckConstraint(condition=Q(status__in=MeasureState.values), name="measurestatus_status_valid"),
        ]

    def __str__(self):
        return f"{self.report}: {self.measure}"
