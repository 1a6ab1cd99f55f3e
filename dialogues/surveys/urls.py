from django.urls import path

from . import views

app_name = "surveys"

SURVEYS = "initiativer/<int:pk>/undersokelser/"
SURVEY = SURVEYS + "<int:survey_pk>/"
QUESTION = SURVEY + "sporsmal/<int:question_pk>/"

urlpatterns = [
    path(SURVEYS, views.survey_list, name="survey_list"),
    path(SURVEYS + "ny/", views.survey_create, name="survey_create"),
    path(SURVEY, views.survey_detail, name="detail"),
    path(SURVEY + "rediger/", views.survey_edit, name="survey_edit"),
    path(SURVEY + "sporsmal/", views.questions, name="questions"),
    path(SURVEY + "sporsmal/indikatorer/", views.indicators_add, name="indicators_add"),
    path(QUESTION + "rediger/", views.question_edit, name="question_edit"),
    path(QUESTION + "slett/", views.question_delete, name="question_delete"),
    path(QUESTION + "flytt/", views.question_move, name="question_move"),
    path(SURVEY + "forhandsvisning/", views.preview, name="preview"),
    path(SURVEY + "distribusjon/", views.distribution, name="distribution"),
    path(SURVEY + "distribusjon/qr.svg", views.qr_code, name="qr"),
    path(SURVEY + "distribusjon/mottakere/", views.recipients_add, name="recipients_add"),
    path(SURVEY + "mottakere/", views.recipients, name="recipients"),
    path(SURVEY + "mottakere/send-igjen/", views.recipient_resend, name="recipient_resend"),
    path(SURVEY + "mottakere/fjern/", views.recipient_remove, name="recipient_remove"),
    path(SURVEY + "distribusjon/deltakere/", views.participants_invite, name="participants_invite"),
    path(SURVEY + "resultater/", views.results, name="results"),
    path(SURVEY + "resultater/svar.csv", views.export_csv, name="export_csv"),
    path(SURVEY + "resultater/svar.xlsx", views.export_xlsx, name="export_xlsx"),
    path(SURVEY + "resultater/svar/<int:answer_pk>/innsikt/", views.answer_to_insight, name="answer_to_insight"),
    path(SURVEY + "resultater/svar/innsikter/", views.answers_to_insights, name="answers_to_insights"),
    path("undersokelser/indikatorer/", views.indicator_trends, name="indicator_trends"),
    path("u/p/<str:token>/", views.personal_answer, name="personal"),
    path("u/<slug:slug>/", views.public_answer, name="public"),
    path("u/<slug:slug>/takk/", views.public_thanks, name="thanks"),
    path("u/<slug:slug>/takk/hold-meg-oppdatert/", views.hear_back, name="hear_back"),
]
