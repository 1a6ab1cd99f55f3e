from django.contrib import admin

from .models import Activity, Initiative, Invitation, Partnership, TargetGroup


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_organisation", "phase", "status", "start_date"]
    list_filter = ["phase", "status", "involvement_mode", "owner_organisation"]
    list_select_related = ["owner_organisation"]
    search_fields = ["title"]
    inlines = [ActivityInline]
    filter_horizontal = ["target_groups"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "role"]
    list_filter = ["role"]
    list_select_related = ["user", "initiative"]
    raw_id_fields = ["user", "initiative"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "initiative", "role", "created_at", "accepted_at", "revoked_at"]
    list_select_related = ["initiative"]
    raw_id_fields = ["initiative", "invited_by", "accepted_by"]
