from django.urls import include, path

from . import story_views, views

app_name = "initiatives"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ny/", views.initiative_create, name="create"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/rediger/", views.initiative_edit, name="edit"),
    path("<int:pk>/personopplysninger/fjern/", views.personal_data_remove, name="personal_data_remove"),
    path("<int:pk>/kjoreplan/", views.runsheet, name="runsheet"),
    path("<int:pk>/kjoreplan/ny/", views.activity_add, name="activity_add"),
    path("<int:pk>/kjoreplan/<int:activity_pk>/rediger/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/kjoreplan/<int:activity_pk>/slett/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/kjoreplan/<int:activity_pk>/flytt/", views.activity_move, name="activity_move"),
    path("<int:pk>/sammendrag/", include("initiatives.summary_urls")),
    path("<int:pk>/historie/", story_views.story_publish, name="story_publish"),
    path("<int:pk>/historie/trekk-tilbake/", story_views.story_withdraw, name="story_withdraw"),
]
