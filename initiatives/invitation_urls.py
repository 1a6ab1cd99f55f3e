"""The invitation link a partner opens from the e-mail (no initiative in the path: the token names it)."""
from django.urls import path

from . import partner_views

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", partner_views.invitation_accept, name="accept"),
]
