from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Group, Meeting, MeetingMessage, MethodCard, Registration, ReminderSent


@admin.register(MethodCard)
class MethodCardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary"]}),
        (_("Method card"), {"fields": ["purpose", "when_to_use", "preparation", "roles", "pitfalls"]}),
        (_("Run sheet template"), {"fields": ["run_sheet_template"]}),
    ]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "starts_at", "format", "capacity", "slug"]
    list_filter = ["format", "method"]
    search_fields = ["title", "initiative__title", "slug"]
    raw_id_fields = ["initiative", "follow_up_of", "created_by"]
    readonly_fields = ["slug"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name_or_nickname", "meeting", "age_group", "status", "attended", "created_at"]
    list_filter = ["status", "age_group"]
    search_fields = ["name_or_nickname", "email", "meeting__title"]
    raw_id_fields = ["meeting", "group"]
    readonly_fields = ["token", "consent_given_at", "consent_text_version", "created_at"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "facilitator", "note_taker"]
    raw_id_fields = ["meeting"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["registration", "offset_hours", "created_at"]
    raw_id_fields = ["registration"]


@admin.register(MeetingMessage)
class MeetingMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "meeting", "sent_by", "recipient_count", "created_at"]
    raw_id_fields = ["meeting", "sent_by"]
