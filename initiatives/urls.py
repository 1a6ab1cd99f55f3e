from django.urls import path

from . import partner_views, views

app_name = "initiatives"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ny/", views.initiative_create, name="create"),
    path("folketall/", views.population, name="population"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/rediger/", views.initiative_edit, name="edit"),
    path("<int:pk>/personopplysninger/fjern/", views.personal_data_remove, name="personal_data_remove"),
    path("<int:pk>/kjoreplan/", views.runsheet, name="runsheet"),
    path("<int:pk>/kjoreplan/ny/", views.activity_add, name="activity_add"),
    path("<int:pk>/kjoreplan/<int:activity_pk>/rediger/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/kjoreplan/<int:activity_pk>/slett/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/kjoreplan/<int:activity_pk>/flytt/", views.activity_move, name="activity_move"),
    path("<int:pk>/partnere/", partner_views.partners, name="partners"),
    path(
        "<int:pk>/partnere/invitasjoner/<int:invitation_pk>/send-igjen/",
        partner_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:pk>/partnere/invitasjoner/<int:invitation_pk>/trekk-tilbake/",
        partner_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:pk>/partnere/<int:partnership_pk>/fjern/", partner_views.partner_remove, name="partner_remove"),
]
