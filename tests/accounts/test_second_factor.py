"""Platform admins need a code from an authenticator app as well as their password to reach the back office."""

import re

import pyotp
import pytest

import factories
from marketplace.accounts import services

from .steps import field_error, sign_in, text_of

pytestmark = pytest.mark.django_db

WRONG_CODE = "Enter the 6-digit code your authenticator app shows now"


def other_code(code):
    return f"{(int(code) + 500000) % 1000000:06d}"


def test_an_admin_sets_up_the_second_factor_then_reaches_the_admin(client):
    admin = factories.make_admin()
    assert sign_in(client, admin.email)["Location"] == "/second-factor/set-up"
    assert client.get("/admin/")["Location"] == "/second-factor"

    response = client.get("/second-factor/set-up")
    html = response.content.decode()
    assert "<svg" in html and "QR code for your authenticator app" in html
    secret = re.search(r'id="totp-secret">\s*([A-Z2-7]+)\s*<', html).group(1)

    response = client.post("/second-factor/set-up", {"code": other_code(pyotp.TOTP(secret).now())})
    assert response.status_code == 200 and field_error(response, "code") == WRONG_CODE
    assert secret in response.content.decode()  # the same key, so the app already set up still works
    assert client.get("/admin/")["Location"] == "/second-factor"

    response = client.post("/second-factor/set-up", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_admin_with_a_second_factor_must_enter_a_code_each_time(client):
    admin = factories.make_admin()
    services.start_totp_setup(admin)
    services.confirm_totp_setup(admin, pyotp.TOTP(admin.totp_secret).now())

    assert sign_in(client, admin.email)["Location"] == "/second-factor"
    assert client.get("/admin/")["Location"] == "/second-factor"
    assert "Enter your security code" in text_of(client.get("/second-factor"))

    response = client.post("/second-factor", {"code": other_code(pyotp.TOTP(admin.totp_secret).now())})
    assert field_error(response, "code") == WRONG_CODE
    assert client.get("/admin/")["Location"] == "/second-factor"
    response = client.post("/second-factor", {"code": "abc"})
    assert field_error(response, "code") == WRONG_CODE

    response = client.post("/second-factor", {"code": pyotp.TOTP(admin.totp_secret).now()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_five_wrong_codes_lock_the_account_and_end_the_session(client):
    admin = factories.make_admin()
    services.start_totp_setup(admin)
    services.confirm_totp_setup(admin, pyotp.TOTP(admin.totp_secret).now())
    sign_in(client, admin.email)
    wrong = other_code(pyotp.TOTP(admin.totp_secret).now())
    for _ in range(5):
        client.post("/second-factor", {"code": wrong})
    admin.refresh_from_db()
    assert admin.is_locked
    assert client.get("/second-factor")["Location"].startswith("/sign-in")
    assert services.SIGN_IN_REFUSED in text_of(sign_in(client, admin.email))


def test_the_second_factor_pages_are_for_admins_only(client):
    buyer = factories.make_buyer()
    sign_in(client, buyer.email)
    assert client.get("/second-factor").status_code == 403
    assert client.get("/second-factor/set-up").status_code == 403
    assert client.get("/admin/").status_code != 200


def test_reloading_the_set_up_page_keeps_the_key_already_scanned(client):
    admin = factories.make_admin()
    sign_in(client, admin.email)
    first = re.search(r'id="totp-secret">\s*([A-Z2-7]+)\s*<', client.get("/second-factor/set-up").content.decode())
    again = re.search(r'id="totp-secret">\s*([A-Z2-7]+)\s*<', client.get("/second-factor/set-up").content.decode())
    assert first.group(1) == again.group(1)


def test_authenticator_codes_follow_real_time_even_when_the_platform_clock_is_moved(client, settings):
    """A phone's authenticator knows nothing of clock travel in a test environment."""
    import datetime as dt

    from marketplace.clock.services import advance_clock

    admin = factories.make_admin()
    services.start_totp_setup(admin)
    services.confirm_totp_setup(admin, pyotp.TOTP(admin.totp_secret).now())
    settings.CLOCK_TRAVEL_ALLOWED = True
    advance_clock(dt.timedelta(days=3))

    sign_in(client, admin.email)
    response = client.post("/second-factor", {"code": pyotp.TOTP(admin.totp_secret).now()})
    assert response["Location"] == "/admin/"
