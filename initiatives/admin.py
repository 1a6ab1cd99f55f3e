from django.contrib import admin

from .models import Activity, Initiative, TargetGroup


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
