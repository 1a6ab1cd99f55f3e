from django.contrib import admin
from django.urls import include, path

from innbyggerstemmen.accounts import views as accounts_views
from innbyggerstemmen.core import error_views, language
from innbyggerstemmen.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("personvern/", core_views.privacy, name="privacy"),
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    path("revisjonslogg/", core_views.audit_log, name="audit_log"),
    path("personvern/foresporsel/", core_views.data_request, name="data_request"),
    path("i18n/setlang/", language.language_choose, name="set_language"),
    path("konto/", include("allauth.urls")),
    path("profil/", accounts_views.profile, name="profile"),
    path("initiativer/", include("initiatives.urls")),
    path("handlingsplaner/", include("initiatives.plans.urls")),
    path("historier/", include("reports.story_urls")),
    path("oversikt/", include("reports.overview_urls")),
    path("", include("reports.urls")),
    path("", include("dialogues.urls")),
    path("", include("dialogues.surveys.urls")),
    path("", include("dialogues.live.urls")),
    path("", include("insights.urls")),
    path("invitasjon/", include("initiatives.invitation_urls")),
    path("admin/", admin.site.urls),
]

# Every error in the portal's layout and the visitor's language (core/error_views.py).
handler400 = error_views.bad_request
handler403 = error_views.permission_denied
handler404 = error_views.page_not_found
handler500 = error_views.server_error
