from django.contrib import admin

from .models import IndicatorQuestion, Question, Recipient, Survey


@admin.register(IndicatorQuestion)
class IndicatorQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["text"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "required", "choices", "indicator"]
    raw_id_fields = ["indicator"]
    fk_name = "survey"


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "audience", "opens_at", "closes_at", "anonymous"]
    list_filter = ["audience", "anonymous"]
    search_fields = ["title"]
    raw_id_fields = ["initiative", "created_by"]
    inlines = [QuestionInline]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["email", "survey", "invited_at", "answered_at"]
    search_fields = ["email"]
    raw_id_fields = ["survey"]
    readonly_fields = ["token"]
