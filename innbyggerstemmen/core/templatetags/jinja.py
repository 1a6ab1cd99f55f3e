"""``{% jinja_include "app/_rows.html" name=value … %}``: a Jinja2 partial inside a Django template."""
from django import template
from django.template import engines
from django.template.backends.utils import csrf_input
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja_include(context, template_name: str, **values) -> str:
    """Render the Jinja2 partial with only the given values, the request and its CSRF field."""
    request = context.get("request")
    if request is not None:
        values.update(request=request, csrf_input=_csrf_input_once(request))
    rendered = engines["jinja2"].get_template(template_name).render(values)
    return mark_safe(rendered)  # nosec B308 B703 - Jinja2 escaped every value (autoescape is always on)


def _csrf_input_once(request):
    """The CSRF field, made once a request: the backend's own csrf_input masks a new token at every use,
    and a page includes several partials (the board, a column each)."""
    if not hasattr(request, "_jinja_csrf_input"):
        request._jinja_csrf_input = csrf_input(request)
    return request._jinja_csrf_input
