from django.urls import path

from . import views

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
]
