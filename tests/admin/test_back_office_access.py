"""Only a platform admin who has passed the second factor gets into the back office, through the service's own
sign-in and sign-out."""

import pytest
from django.contrib import admin

from factories import make_admin, make_buyer
from marketplace.accounts.admin_site import PlatformAdminSite
from marketplace.accounts.middleware import SECOND_FACTOR_SESSION_KEY

from .conftest import text_of

pytestmark = pytest.mark.django_db


def test_the_admin_site_is_the_platforms_own():
    assert isinstance(admin.site, PlatformAdminSite), (
        "settings.INSTALLED_APPS must list marketplace.accounts.admin_site.PlatformAdminConfig instead of "
        "django.contrib.admin")


def test_someone_not_signed_in_is_sent_to_the_services_sign_in_page(client):
    response = client.get("/admin/organisations/organisation/", follow=True)
    assert response.redirect_chain[-1][0] == "/sign-in?next=%2Fadmin%2Forganisations%2Forganisation%2F"
    assert response.status_code == 200
    assert "Sign in" in text_of(response)


def test_the_admin_login_page_itself_is_the_services_sign_in(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in?next=%2Fadmin%2F"


def test_a_next_address_elsewhere_is_not_passed_on(client):
    response = client.get("/admin/login/", {"next": "https://evil.example/"})
    assert response["Location"] == "/sign-in?next=%2Fadmin%2F"


def test_a_buyer_is_refused(client):
    client.force_login(make_buyer())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Digital Marketplace admin" not in text_of(response)


def test_an_admin_without_the_second_factor_is_asked_for_it(client):
    admin_user = make_admin()
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/second-factor"


def test_an_admin_who_passed_the_second_factor_sees_the_back_office(back_office):
    response = back_office.get("/admin/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Digital Marketplace admin" in page
    for section in ("Organisations", "Buyer domains", "Users", "Suppliers", "Frameworks", "Lots",
                    "Specialist roles", "Locations", "Audit events", "Outbound emails"):
        assert section in page


def test_the_second_factor_is_checked_by_the_site_as_well_as_the_middleware(rf):
    request = rf.get("/admin/")
    request.user = make_admin()
    request.session = {SECOND_FACTOR_SESSION_KEY: False}
    assert not admin.site.has_permission(request)
    request.session = {SECOND_FACTOR_SESSION_KEY: True}
    assert admin.site.has_permission(request)


def test_signing_out_of_the_admin_goes_through_the_services_sign_out(back_office):
    response = back_office.post("/admin/logout/")
    assert response.status_code == 307
    assert response["Location"] == "/sign-out"
    response = back_office.post("/admin/logout/", follow=True)
    assert [url for url, _ in response.redirect_chain] == ["/sign-out", "/"]
    assert "Sign in" in text_of(response)
    assert back_office.get("/admin/")["Location"].startswith("/admin/login/")


def test_passwords_are_not_changed_in_the_admin(back_office):
    response = back_office.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == "/account/password"
