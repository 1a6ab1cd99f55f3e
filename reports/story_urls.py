from django.urls import path

from . import story_views as views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("<int:pk>/", views.story_detail, name="detail"),
]
