from django.urls import path

from . import import_views, views

app_name = "insights"

I = "initiativer/<int:pk>/"

urlpatterns = [
    path(I + "innsikt/", views.insight_list, name="insight_list"),
    path(I + "innsikt/ny/", views.insight_add, name="insight_add"),
    path(I + "innsikt/lim-inn/", views.insight_bulk, name="insight_bulk"),
    path(I + "innsikt/valgte/", views.insight_bulk_action, name="insight_bulk_action"),
    path(I + "innsikt/tavle/", views.board, name="board"),
    path(I + "innsikt/import/", import_views.import_upload, name="import_upload"),
    path(I + "innsikt/import/<int:import_pk>/", import_views.import_detail, name="import_detail"),
    path(I + "innsikt/import/<int:import_pk>/kolonner/", import_views.import_mapping, name="import_mapping"),
    path(I + "innsikt/import/<int:import_pk>/forhandsvis/", import_views.import_preview, name="import_preview"),
    path(I + "innsikt/<int:insight_pk>/", views.insight_detail, name="insight_detail"),
    path(I + "innsikt/<int:insight_pk>/rediger/", views.insight_edit, name="insight_edit"),
    path(I + "innsikt/<int:insight_pk>/send-videre/", views.handoff_send, name="handoff_send"),
    path(
        I + "innsikt/<int:insight_pk>/slaa-sammen-paa-tvers/", views.insight_merge_across, name="insight_merge_across"
    ),
    path(I + "innsikt/<int:insight_pk>/send-videre/paminn/", views.handoff_remind, name="handoff_remind"),
    path(I + "tiltak/", views.action_list, name="action_list"),
    path(I + "tiltak/ny/", views.action_create, name="action_create"),
    path(I + "tiltak/<int:action_pk>/", views.action_detail, name="action_detail"),
    path(I + "tiltak/<int:action_pk>/rediger/", views.action_edit, name="action_edit"),
    path(I + "tiltak/<int:action_pk>/fremdrift/", views.progress_note_add, name="progress_note_add"),
    path(I + "kuba/", views.kuba, name="kuba"),
    path(I + "kuba/rediger/", views.kuba_edit, name="kuba_edit"),
    path(I + "kuba/fyll-ut/", views.kuba_fill, name="kuba_fill"),
    path(I + "kuba/vedtak/", views.kuba_decisions, name="kuba_decisions"),
    path(I + "kuba/pdf/", views.kuba_pdf, name="kuba_pdf"),
    path(I + "kuba/pdf/lag/", views.kuba_pdf_request, name="kuba_pdf_request"),
    path(I + "kuba/pdf/status/", views.kuba_pdf_status, name="kuba_pdf_status"),
    path(I + "tilbakemelding/", views.feedback_manage, name="feedback_manage"),
    path(I + "tilbakemelding/publiser/", views.feedback_publish, name="feedback_publish"),
    path(I + "tilbakemelding/avpubliser/", views.feedback_unpublish, name="feedback_unpublish"),
    path("sa-vi-gjorde/<slug:slug>/", views.public_feedback, name="public_feedback"),
    path("innsikt/sok/", views.search, name="search"),
    path("mine-tiltak/", views.my_actions, name="my_actions"),
    path("nasjonale-tema/", views.national_theme_list, name="national_themes"),
    path("avmelding/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mottak/<str:token>/", views.handoff_receipt, name="handoff_receipt"),
    path("mine-tiltak/<int:action_pk>/", views.my_action_update, name="my_action_update"),
]
