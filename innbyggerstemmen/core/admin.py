from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, OutgoingEmail


class DeliveryFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("unsent", _("Waiting")), ("sent", _("Sent")), ("failed", _("Failed")), ("cancelled", _("Cancelled"))]

    def queryset(self, request, queryset):
        return {
            "unsent": queryset.filter(sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True),
            "sent": queryset.filter(sent_at__isnull=False),
            "failed": queryset.filter(failed_at__isnull=False),
            "cancelled": queryset.filter(cancelled_at__isnull=False),
        }.get(self.value(), queryset)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The national team sees every e-mail's delivery and failure; never its body.

    Bodies carry personal links (a respondent's draft, a registration): they are not shown here.
    """

    list_display = ["to", "subject", "created_at", "sent_at", "attempts", "failed_at", "last_error"]
    list_filter = [DeliveryFilter]
    search_fields = ["to", "subject"]
    fields = ["to", "subject", "created_at", "sent_at", "attempts", "failed_at", "cancelled_at", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only from the application."""

    list_display = ["at", "actor_label", "action", "object_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
