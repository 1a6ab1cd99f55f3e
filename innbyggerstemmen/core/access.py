"""Object access for views: unseen objects are 404, seen but forbidden are 403."""
from django.core.exceptions import PermissionDenied
from django.http import Http404


def require_perm(user, perm: str, obj, *, view_perm: str | None = None) -> None:
    """Raise 404 when the user may not even see ``obj``, 403 when they may see but not do ``perm``."""
    if view_perm and not user.has_perm(view_perm, obj):
        raise Http404
    if not user.has_perm(perm, obj):
        if view_perm is None:
            raise Http404
        raise PermissionDenied
