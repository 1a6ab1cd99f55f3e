"""Object access for views: unseen objects are 404, seen but forbidden are 403."""
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

T = TypeVar("T")


def found_or_404(get: Callable[..., T], /, **kwargs) -> T:
    """``get(**kwargs)``: a selector that raises DoesNotExist, with a missing object answered as 404."""
    try:
        return get(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def require_perm(user, perm: str, obj, *, view_perm: str | None = None) -> None:
    """Raise 404 when the user may not even see ``obj``, 403 when they may see but not do ``perm``."""
    if view_perm and not user.has_perm(view_perm, obj):
        raise Http404
    if not user.has_perm(perm, obj):
        if view_perm is None:
            raise Http404
        raise PermissionDenied
