"""Every named URL of the portal with the arguments it takes: for the tests and tools that visit them all.

The access and accessibility tests walk it so that a new page is checked without anyone adding it
to a list; the bench sweep (bench/sweep.py) times each page.
"""
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_NAMESPACES = frozenset({"admin"})  # Django's own admin: staff only, Django's own checks


def named_urls(patterns=None, namespace: str = "", inherited: tuple = ()):
    """(name with its namespaces, argument names) of every named URL, with the arguments of the includes around it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        arguments = inherited + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from named_urls(pattern.url_patterns, inner, arguments)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), arguments


def url_arguments(name: str, argument_names, values: dict) -> dict | None:
    """The URL's arguments from ``values``, or None when one is missing.

    ``values`` holds each argument under its own name, and where a name means different things,
    under "namespace:argument" or "namespace:url:argument"; the most specific is taken.
    """
    namespace = name.split(":")[0]
    kwargs = {}
    for argument in argument_names:
        key = next((k for k in (f"{name}:{argument}", f"{namespace}:{argument}", argument) if k in values), None)
        if key is None:
            return None
        kwargs[argument] = values[key]
    return kwargs
