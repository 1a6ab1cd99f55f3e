"""htmx helpers: one view renders its page, or only the fragment htmx asked for."""
from django.shortcuts import redirect, render


def render_page_or_partial(request, page: str, partial: str, context: dict, status: int = 200):
    return render(request, partial if request.htmx else page, context, status=status)


def redirect_unless_htmx(request, url: str, partial_response):
    """After a successful POST: htmx gets the fresh fragment, a plain form post a redirect."""
    if request.htmx:
        return partial_response()
    return redirect(url)
