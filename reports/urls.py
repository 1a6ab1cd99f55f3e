"""Reports about one initiative: its PDF summary and its story (the overview and the story list have their own URLs)."""
from django.urls import path

from . import story_views, summary_views

app_name = "reports"

urlpatterns = [
    path("initiativer/<int:pk>/sammendrag/", summary_views.summary_page, name="summary"),
    path("initiativer/<int:pk>/sammendrag/lag/", summary_views.summary_request, name="summary_request"),
    path("initiativer/<int:pk>/sammendrag/status/", summary_views.summary_status, name="summary_status"),
    path("initiativer/<int:pk>/sammendrag/pdf/", summary_views.summary_download, name="summary_download"),
    path("initiativer/<int:pk>/historie/", story_views.story_publish, name="story_publish"),
    path("initiativer/<int:pk>/historie/trekk-tilbake/", story_views.story_withdraw, name="story_withdraw"),
]
