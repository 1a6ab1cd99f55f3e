from django.urls import path

from . import overview_views as views

app_name = "overview"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("eksport.csv", views.overview_export, name="export"),
]
