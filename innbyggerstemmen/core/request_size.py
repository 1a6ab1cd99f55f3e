"""Refuse a request body larger than any form accepts before anything reads it.

Django parses a multipart body (to a temporary file) before a form can look at a file's size, and
the CSRF check reads the body before the view runs, so a 50 MB "recipients file" was received in
full before the 1 MB rule refused it. This middleware, placed before them, answers 413 from the
Content-Length header alone. The TLS proxy has the same limit (deploy/Caddyfile).
"""
from django.conf import settings

from .error_views import error_page


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return error_page(request, 413)
        return self.get_response(request)
