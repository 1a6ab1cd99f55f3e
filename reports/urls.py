"""Reports about one initiative: its PDF summary and its story (the overview and the story list have their own URLs)."""
from django.urls import path

from . import story_views, summary_views

app_name = "reports"

urlpatterns = [
    path("initiativer/<int:pk>/sammendrag/", summary_views.summary_page, name="summary"),
    # The leader's summary (offered on the initiative page) and the full report.
    path("initiativer/<int:pk>/sammendrag/lag/", summary_views.pdf_request, {"kind": "leader"}, name="summary_request"),
    path("initiativer/<int:pk>/sammendrag/status/", summary_views.pdf_status, {"kind": "leader"}, name="summary_status"),
    path("initiativer/<int:pk>/sammendrag/pdf/", summary_views.pdf_download, {"kind": "leader"}, name="summary_download"),
    path("initiativer/<int:pk>/rapport/lag/", summary_views.pdf_request, {"kind": "full"}, name="full_report_request"),
    path("initiativer/<int:pk>/rapport/status/", summary_views.pdf_status, {"kind": "full"}, name="full_report_status"),
    path("initiativer/<int:pk>/rapport/pdf/", summary_views.pdf_download, {"kind": "full"}, name="full_report_download"),
    path("initiativer/<int:pk>/historie/", story_views.story_publish, name="story_publish"),
    path("initiativer/<int:pk>/historie/trekk-tilbake/", story_views.story_withdraw, name="story_withdraw"),
]
