"""Which language a page is in: bokmål until the visitor chooses another with the language switch.

Django's LocaleMiddleware also follows the browser's Accept-Language. Here that gave an
English-language browser English page text around the Norwegian that coordinators type
(questions, method descriptions), so the browser is not asked: the portal's language
is the one the visitor chose, else bokmål. A citizen's choice is kept in the language
cookie; a signed-in person's on their profile, put in the session when they sign in, so
it follows them to another computer.
"""
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.i18n import set_language

SESSION_KEY = "language"


def is_language(code) -> bool:
    return code in dict(settings.LANGUAGES)


def reading_language(language: str | None = None) -> str:
    """The language asked for, else the active one (the request's, or one a task turned on), else bokmål."""
    return language or translation.get_language() or settings.LANGUAGE_CODE


def chosen_language(request) -> str:
    session = getattr(request, "session", None)
    if session is not None and session.session_key and is_language(session.get(SESSION_KEY)):
        return session[SESSION_KEY]
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if is_language(language) else settings.LANGUAGE_CODE


def language_choose(request):
    """The language switch: Django's set_language (cookie, redirect back), and for a signed-in person
    their profile and session too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if is_language(language) and request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
        request.session[SESSION_KEY] = language
    return response


@receiver(user_logged_in)
def language_from_profile(sender, request, user, **kwargs):
    if request is not None and is_language(user.language):
        request.session[SESSION_KEY] = user.language


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
