"""Where a form may send the user back to: a ``next`` path on this site, never another host."""
from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str | None:
    """The POST's (or query's) ``next``, when it is a path on this site; None otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
