from django.urls import path, register_converter

from . import method_views, views


class QrFormat:
    regex = "svg|png"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(QrFormat, "qrformat")

app_name = "dialogues"

MEETING = "initiativer/<int:pk>/moter/<int:meeting_pk>/"

urlpatterns = [
    path("initiativer/<int:pk>/moter/", views.meeting_list, name="meeting_list"),
    path("initiativer/<int:pk>/rekkevidde/", views.reach, name="reach"),
    path("initiativer/<int:pk>/moter/nytt/", views.meeting_create, name="meeting_create"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "rediger/", views.meeting_edit, name="meeting_edit"),
    path(MEETING + "oppfolging/", views.meeting_follow_up, name="meeting_follow_up"),
    path(MEETING + "qr.<qrformat:fmt>", views.meeting_qr, name="meeting_qr"),
    path(MEETING + "deltakere/", views.participants, name="participants"),
    path(MEETING + "deltakere/eksport.csv", views.participants_export, name="participants_export"),
    path(
        MEETING + "deltakere/<int:registration_pk>/oppmote/", views.attendance_toggle, name="attendance_toggle"
    ),
    path(MEETING + "grupper/", views.groups, name="groups"),
    path(MEETING + "grupper/fordel/", views.groups_distribute, name="groups_distribute"),
    path(MEETING + "grupper/flytt/", views.group_move, name="group_move"),
    path(MEETING + "grupper/<int:group_pk>/slett/", views.group_delete, name="group_delete"),
    path(MEETING + "melding/", views.message_send, name="message_send"),
    path("metoder/", method_views.method_list, name="method_list"),
    path("metoder/<slug:slug>/", method_views.method_detail, name="method_detail"),
    path("metoder/<slug:slug>/kopier/", method_views.method_copy, name="method_copy"),
    path("m/p/<str:token>/", views.manage_registration, name="manage_registration"),
    path("m/<slug:slug>/", views.public_meeting, name="public_meeting"),
    path("m/<slug:slug>/takk/", views.public_thanks, name="public_thanks"),
]
