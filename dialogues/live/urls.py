from django.urls import path

from . import views

app_name = "live"

LIVE = "initiativer/<int:pk>/moter/<int:meeting_pk>/direkte/"

urlpatterns = [
    path(LIVE, views.wall, name="wall"),
    path(LIVE + "slaa-paa/", views.wall_open, name="wall_open"),
    path(LIVE + "margin/", views.wall_margin, name="wall_margin"),
    path(LIVE + "sporsmal/", views.prompt_add, name="prompt_add"),
    path(LIVE + "sporsmal/fjern/", views.prompt_delete, name="prompt_delete"),
    path(LIVE + "innlegg/", views.wall_posts, name="wall_posts"),
    path(LIVE + "innlegg/moderer/", views.moderate, name="moderate"),
    path(LIVE + "lenker.pdf", views.codes_pdf, name="codes_pdf"),
    path(LIVE + "skjerm/", views.screen, name="screen"),
    path(LIVE + "skjerm/innhold/", views.screen_posts, name="screen_posts"),
    path(LIVE + "avslutt/", views.wall_close, name="wall_close"),
    path(LIVE + "del/", views.wall_share, name="wall_share"),
    path("l/<str:code>/", views.post, name="post"),
    path("m/<slug:slug>/vegg/", views.shared, name="shared"),
]
