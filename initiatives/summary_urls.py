"""Included from initiatives/urls.py under "<int:pk>/sammendrag/"; the names live in the "initiatives" namespace."""
from django.urls import path

from . import summary_views as views

urlpatterns = [
    path("", views.summary_page, name="summary"),
    path("lag/", views.summary_request, name="summary_request"),
    path("status/", views.summary_status, name="summary_status"),
    path("pdf/", views.summary_download, name="summary_download"),
]
