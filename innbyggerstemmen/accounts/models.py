"""Users, organisations and staff memberships (partner access and invitations live in initiatives)."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: police staff, partner or national team (is_staff)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    # The language the portal and its e-mails use for this person, remembered across devices (core/language.py).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    # The weekly summary of what needs a nudge (reports/digest.py); each person can turn it off on their profile.
    wants_digest = models.BooleanField(_("weekly summary by e-mail"), default=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_national_team(self) -> bool:
        return self.is_active and self.is_staff


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", _("Directorate")
        DISTRICT = "district", _("Police district")
        SPECIAL_AGENCY = "special_agency", _("Special agency")
        MUNICIPALITY = "municipality", _("Municipality")
        VOLUNTEER = "volunteer", _("Volunteer organisation")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    POLICE_KINDS = (Kind.DIRECTORATE, Kind.DISTRICT, Kind.SPECIAL_AGENCY)

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind in self.POLICE_KINDS


class Membership(TimeStampedModel):
    """Police staff belong to an organisation and coordinate its initiatives."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
