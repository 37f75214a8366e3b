"""The shell every page shares: GOV.UK look, security headers, error pages and the health check."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_the_govuk_template(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-template" in html and "Digital Marketplace" in html
    assert 'href="#main-content"' in html  # skip link
    assert "govuk-phase-banner" in html
    assert "/assets/govuk-frontend.min.css" in html


def test_a_demonstration_site_says_so_on_every_page(client, settings):
    assert "This is a new service" in client.get("/").content.decode()
    settings.DEMO = True
    for path in ("/", "/opportunities", "/insights", "/no-such-page"):
        html = client.get(path).content.decode()
        assert "This is a demonstration: its organisations’ requirements, suppliers, people and past opportunities " \
               "are made up." in html, path
        assert "This is a new service" not in html, path


def test_every_page_sends_the_security_headers(client):
    response = client.get("/sign-in")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self' 'nonce-" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_inline_script_carries_this_responses_nonce(client):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_unknown_page_is_the_services_own_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-template" in response.content.decode()


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_assets_are_served_locally(client):
    response = client.get("/assets/govuk-frontend.min.css")
    assert response.status_code == 200
    assert client.get("/assets/fonts/bold-b542beb274-v2.woff2").status_code == 200


def test_only_essential_cookies_are_set(client):
    response = client.get("/")
    assert set(response.cookies) <= {"csrftoken", "sessionid"}


@pytest.mark.browser
def test_home_and_sign_in_pass_axe_and_load_nothing_from_elsewhere(page, axe):
    page.goto("/")
    axe(page)
    page.goto("/sign-in")
    axe(page)
