"""Behind a TLS-terminating proxy: what the proxy says about the request is believed from a trusted proxy only."""

import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from cli.test_processes import Served, environment, free_port  # noqa: F401 - environment is a fixture
from marketplace.audit.models import AuditEvent
from marketplace.web.proxy import trusted_networks

pytestmark = pytest.mark.django_db

SECRET = "k" * 40


def https_settings(settings, trusted="127.0.0.1,::1"):
    """What MARKETPLACE_BASE_URL=https://... sets, and the proxies trusted."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.TRUSTED_PROXIES = trusted


def test_an_https_request_through_a_trusted_proxy_gets_hsts(settings):
    https_settings(settings)
    response = Client().get("/", headers={"X-Forwarded-Proto": "https"}, REMOTE_ADDR="127.0.0.1")
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("remote, proto", [("192.0.2.7", "https"), ("127.0.0.1", "http"), ("127.0.0.1", None)])
def test_no_hsts_when_the_request_was_not_https_or_the_sender_is_not_a_trusted_proxy(settings, remote, proto):
    https_settings(settings)
    headers = {"X-Forwarded-Proto": proto} if proto else {}
    response = Client().get("/", headers=headers, REMOTE_ADDR=remote)
    assert "Strict-Transport-Security" not in response


def test_the_callers_address_in_audit_events_is_the_one_the_trusted_proxy_saw(settings, mailbox):
    https_settings(settings, trusted="10.0.0.0/24")
    client = Client()
    client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"}, REMOTE_ADDR="10.0.0.5",
                headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.4, 10.0.0.6", "X-Forwarded-Proto": "https"})
    assert AuditEvent.objects.get(action="sign_up.started").ip_address == "198.51.100.4"


def test_an_untrusted_sender_cannot_claim_another_address(settings, mailbox):
    https_settings(settings, trusted="10.0.0.0/24")
    Client().post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"}, REMOTE_ADDR="192.0.2.7",
                  headers={"X-Forwarded-For": "203.0.113.9"})
    assert AuditEvent.objects.get(action="sign_up.started").ip_address == "192.0.2.7"


def test_a_wrong_trusted_proxy_setting_is_named():
    with pytest.raises(ImproperlyConfigured, match="'proxy.internal' is not an IP address or network"):
        trusted_networks("10.0.0.1, proxy.internal")


def test_the_service_run_for_production_behind_a_local_proxy_sends_hsts_and_secure_cookies(environment):
    port = free_port()
    environment.update(MARKETPLACE_ENV="production", MARKETPLACE_SECRET_KEY=SECRET,
                       MARKETPLACE_BASE_URL="https://marketplace.example")
    served = Served(["--host", "127.0.0.1", "--port", str(port)], environment)
    try:
        served.wait_for(r"is running at")
        request = urllib.request.Request(f"http://127.0.0.1:{port}/sign-in",
                                         headers={"Host": "marketplace.example", "X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
            assert response.headers["Set-Cookie"].endswith("; Secure")
    finally:
        served.stop()
