"""Which language a page is in: bokmål until the visitor chooses another with the language switch.

Django's LocaleMiddleware also follows the browser's Accept-Language. Here that gave an
English-language browser English page text around the Norwegian that coordinators type
(questions, method descriptions), so the browser is not asked: the portal's language
is the one the visitor chose (the language cookie set by ``set_language``), else bokmål.
"""
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


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
