"""One rule for the client's address behind the configured proxies: rate limits and the login lockout."""
from django.test import RequestFactory

from innbyggerstemmen.core.client_address import client_address


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_proxy_the_header_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.9", "10.9.9.9")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_last_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; the proxy appended the address it saw.
    assert client_address(request_from("172.18.0.5", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"


def test_a_request_that_skipped_the_proxy_is_keyed_on_what_connected(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "198.51.100.7")) == "10.0.0.2"


def test_axes_and_ratelimit_both_use_it(settings):
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _get_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("172.18.0.5", "198.51.100.7")
    assert get_client_ip_address(request) == "198.51.100.7"
    assert _get_ip(request) == "198.51.100.7"
