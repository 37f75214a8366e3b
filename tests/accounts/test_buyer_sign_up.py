"""A buyer signs up with a work address on the approved list; the emailed link lasts 7 days."""

import datetime as dt

import pytest

from marketplace.accounts.models import EmailLink, User
from marketplace.accounts.services import NOT_A_BUYER_DOMAIN
from marketplace.clock.services import advance_clock
from marketplace.notifications.models import OutboundEmail

from .steps import field_error, text_of

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unusual passphrase"


def test_sign_up_sends_a_link_that_creates_the_account_in_the_right_organisation(client, mailbox):
    response = client.post("/buyers/create-account", {"email": " Someone@HomeOffice.gov.uk "})
    assert response.status_code == 302 and response["Location"] == "/check-your-email"
    page = text_of(client.get("/check-your-email"))
    assert "someone@homeoffice.gov.uk" in page and "7 days" in page
    assert not User.objects.filter(email="someone@homeoffice.gov.uk").exists()

    link = mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/")
    page = text_of(client.get(link))
    assert "Home Office" in page and "Central government" in page
    assert "10 characters or more" in page and "not a common password" in page

    response = client.post(link, {"name": "Someone Smith", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/buyers"
    user = User.objects.get(email="someone@homeoffice.gov.uk")
    assert user.organisation.name == "Home Office" and user.name == "Someone Smith"
    assert user.email_verified_at is not None
    dashboard = text_of(client.get("/buyers"))
    assert "Someone Smith" in dashboard and "Home Office" in dashboard


def test_an_agency_buyer_sees_its_parent_department(client, mailbox):
    client.post("/buyers/create-account", {"email": "officer@hmpo.gov.uk"})
    link = mailbox.link_to("officer@hmpo.gov.uk", "/create-account/")
    assert "Part of Home Office" in text_of(client.get(link))
    client.post(link, {"name": "Pat Officer", "password": PASSWORD})
    page = text_of(client.get("/buyers"))
    assert "HM Passport Office" in page and "Part of Home Office" in page


def test_a_webmail_address_is_refused_on_the_field_and_nothing_is_created(client, mailbox):
    response = client.post("/buyers/create-account", {"email": "someone@gmail.com"})
    assert response.status_code == 200
    assert field_error(response, "email") == NOT_A_BUYER_DOMAIN
    assert 'value="someone@gmail.com"' in response.content.decode()
    assert not User.objects.exists() and not EmailLink.objects.exists() and not OutboundEmail.objects.exists()
    assert mailbox.to("someone@gmail.com") == []


def test_the_sign_up_link_lasts_7_days(client, mailbox, settings):
    settings.CLOCK_TRAVEL_ALLOWED = True
    client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"})
    link = mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/")

    advance_clock(dt.timedelta(days=6, hours=23))
    assert client.get(link).status_code == 200

    advance_clock(dt.timedelta(hours=2))
    response = client.get(link)
    assert response.status_code == 404
    page = text_of(response)
    assert "This link has expired or has already been used" in page and "Create a buyer account" in page
    client.post(link, {"name": "Someone Smith", "password": PASSWORD})
    assert not User.objects.exists()


def test_a_used_link_cannot_be_used_again(client, mailbox):
    client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"})
    link = mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/")
    client.post(link, {"name": "Someone Smith", "password": PASSWORD})
    client.post("/sign-out")
    response = client.get(link)
    assert response.status_code == 404 and "expired or has already been used" in text_of(response)


def test_signing_up_again_with_an_existing_account_says_the_same_and_emails_the_owner(client, mailbox):
    client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"})
    client.post(mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/"),
                {"name": "Someone Smith", "password": PASSWORD})
    client.post("/sign-out")
    mailbox.clear()

    response = client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"})
    assert response["Location"] == "/check-your-email"
    assert mailbox.last_to("someone@homeoffice.gov.uk")["Subject"].startswith("You already have")
    assert User.objects.filter(email="someone@homeoffice.gov.uk").count() == 1
