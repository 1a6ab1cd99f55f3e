from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("initiativer/<int:pk>/partnere/", views.partners, name="partners"),
    path(
        "initiativer/<int:pk>/partnere/invitasjoner/<int:invitation_pk>/send-igjen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "initiativer/<int:pk>/partnere/invitasjoner/<int:invitation_pk>/trekk-tilbake/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("initiativer/<int:pk>/partnere/<int:partnership_pk>/fjern/", views.partner_remove, name="partner_remove"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
