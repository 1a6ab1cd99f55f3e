from django.contrib import admin

from .models import (
    FeedbackPage,
    FollowUpAction,
    Insight,
    KubaInput,
    KubaItem,
    ProgressNote,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative"]
    list_select_related = ["initiative"]
    search_fields = ["name"]


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin):
    list_display = ["__str__", "initiative", "kind", "source", "is_priority", "is_surplus", "created_at"]
    list_filter = ["kind", "source", "is_priority", "is_surplus"]
    list_select_related = ["initiative"]
    search_fields = ["text"]
    raw_id_fields = ["initiative", "merged_into", "created_by"]
    filter_horizontal = ["themes", "target_groups"]


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "owner", "status", "published"]
    list_filter = ["status", "owner", "published"]
    list_select_related = ["initiative"]
    search_fields = ["title"]
    raw_id_fields = ["initiative", "insights", "created_by"]
    inlines = [ProgressNoteInline]


class KubaItemInline(admin.TabularInline):
    model = KubaItem
    extra = 0
    raw_id_fields = ["insight", "action"]


@admin.register(KubaInput)
class KubaInputAdmin(admin.ModelAdmin):
    list_display = ["initiative", "meeting_date"]
    raw_id_fields = ["initiative"]
    inlines = [KubaItemInline]


@admin.register(FeedbackPage)
class FeedbackPageAdmin(admin.ModelAdmin):
    list_display = ["initiative", "slug", "published_at"]
    raw_id_fields = ["initiative"]
