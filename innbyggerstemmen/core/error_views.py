"""The portal's error pages: in its layout and the visitor's language, saying what happened and where to go.

Wired in as Django's handler400/403/404/500 (innbyggerstemmen/urls.py) and CSRF_FAILURE_VIEW.
A 410 or 429 that a view answers itself renders ``core/error.html`` through ``error_page``.
"""
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django_ratelimit.exceptions import Ratelimited

TEMPLATE = "core/error.html"


def _explanations() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("The request could not be understood"),
            _("Something in what your browser sent was wrong or incomplete. Go back, reload the page and try again."),
        ),
        403: (
            _("You do not have access to this page"),
            _(
                "Your account may not open this page. If you think it should, ask the coordinator of the "
                "initiative to give you access."
            ),
        ),
        404: (
            _("We could not find the page"),
            _(
                "The link may be mistyped or incomplete, or the page may have been removed. If you got the link "
                "in an e-mail, check that all of it was copied."
            ),
        ),
        410: (
            _("The link no longer works"),
            _("The link has expired or has already been used. Ask whoever sent it to you for a new one."),
        ),
        413: (
            _("What you sent is too large"),
            _("The file or form was larger than the portal accepts (at most 2 MB for a file), so nothing was saved. "
              "Go back and choose a smaller file."),
        ),
        429: (
            _("Too many attempts"),
            _("Too many requests have come from your network in a short time. Wait a while and try again."),
        ),
        500: (
            _("Something went wrong on our side"),
            _("The error has been logged. Nothing you sent was lost because of you: try again in a few minutes."),
        ),
    }


def error_page(request, status: int, *, message: str = ""):
    title, explanation = _explanations()[status]
    context = {"status": status, "title": title, "explanation": message or explanation}
    return render(request, TEMPLATE, context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return error_page(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if isinstance(exception, Ratelimited):
        return error_page(request, 429)
    return error_page(request, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    # No request context: the database or the session may be what failed.
    title, explanation = _explanations()[500]
    html = loader.get_template(TEMPLATE).render({"status": 500, "title": title, "explanation": explanation})
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    return error_page(
        request,
        403,
        message=_(
            "The form had expired or was sent from another page, so nothing was saved. Go back, reload the "
            "page and send the form again."
        ),
    )
