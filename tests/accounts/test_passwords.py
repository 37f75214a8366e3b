"""Password rules, locking after five failures, reset links (24 hours, dead once the password changes)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

import factories
from marketplace.accounts import services
from marketplace.accounts.models import User
from marketplace.clock.services import advance_clock

from .steps import field_error, sign_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "another long passphrase"


@pytest.mark.parametrize("password, problem", [
    ("Tb7#kq9!L", "Password must be 10 characters or more"),
    ("qwertyuiop", "Password is too easy to guess: choose one that is not a common password"),
    ("password123", "Password is too easy to guess: choose one that is not a common password"),
    ("", "Enter a password"),
])
def test_a_password_that_breaks_a_rule_is_refused_with_the_rule(password, problem):
    with pytest.raises(ValidationError) as refused:
        services.check_password(password)
    assert problem in refused.value.message_dict["password"]


def test_ten_characters_that_are_not_common_are_accepted():
    services.check_password("Tb7#kq9!Lm")


def test_the_create_account_page_applies_the_rules(client, mailbox):
    client.post("/buyers/create-account", {"email": "someone@homeoffice.gov.uk"})
    link = mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/")
    response = client.post(link, {"name": "Someone Smith", "password": "Tb7#kq9!L"})
    assert field_error(response, "password") == "Password must be 10 characters or more"
    response = client.post(link, {"name": "Someone Smith", "password": "qwertyuiop"})
    assert "not a common password" in field_error(response, "password")
    assert 'value="Someone Smith"' in response.content.decode()
    assert 'value="qwertyuiop"' not in response.content.decode()
    assert not User.objects.exists()
    assert client.post(link, {"name": "Someone Smith", "password": "Tb7#kq9!Lm"}).status_code == 302
    assert User.objects.filter(email="someone@homeoffice.gov.uk").exists()


def test_five_wrong_passwords_lock_the_account_and_the_message_never_says_which_part_was_wrong(client):
    buyer = factories.make_buyer()
    unknown = text_of(sign_in(client, "nobody@homeoffice.gov.uk"))
    assert services.SIGN_IN_REFUSED in unknown
    for _ in range(5):
        response = sign_in(client, buyer.email, "not the password")
        assert response.status_code == 200 and services.SIGN_IN_REFUSED in text_of(response)
    buyer.refresh_from_db()
    assert buyer.is_locked

    response = sign_in(client, buyer.email)
    assert response.status_code == 200 and services.SIGN_IN_REFUSED in text_of(response)
    assert client.get("/buyers").status_code == 302  # still signed out


def test_a_reset_unlocks_the_account(client, mailbox):
    buyer = factories.make_buyer()
    for _ in range(5):
        sign_in(client, buyer.email, "not the password")
    client.post("/reset-password", {"email": buyer.email})
    client.post(mailbox.link_to(buyer.email, "/reset-password/"), {"password": NEW_PASSWORD})
    buyer.refresh_from_db()
    assert not buyer.is_locked
    assert sign_in(client, buyer.email, NEW_PASSWORD)["Location"] == "/buyers"


def test_the_reset_page_says_the_same_whether_or_not_the_account_exists(client, mailbox):
    buyer = factories.make_buyer()
    known = client.post("/reset-password", {"email": buyer.email})
    unknown = client.post("/reset-password", {"email": "nobody@homeoffice.gov.uk"})
    assert text_of(known).replace(buyer.email, "ADDRESS") == text_of(unknown).replace(
        "nobody@homeoffice.gov.uk", "ADDRESS")
    assert "24 hours" in text_of(known)
    assert mailbox.to(buyer.email) and not mailbox.to("nobody@homeoffice.gov.uk")


def test_a_reset_link_lasts_24_hours(client, mailbox, settings):
    settings.CLOCK_TRAVEL_ALLOWED = True
    buyer = factories.make_buyer()
    client.post("/reset-password", {"email": buyer.email})
    link = mailbox.link_to(buyer.email, "/reset-password/")

    advance_clock(dt.timedelta(hours=23))
    assert client.get(link).status_code == 200

    advance_clock(dt.timedelta(hours=2))
    response = client.get(link)
    assert response.status_code == 404
    assert "expired" in text_of(response) and "Ask for a new link" in text_of(response)
    client.post(link, {"password": NEW_PASSWORD})
    buyer.refresh_from_db()
    assert buyer.check_password(factories.PASSWORD)


def test_a_reset_link_dies_when_the_password_changes(client, mailbox):
    buyer = factories.make_buyer()
    client.post("/reset-password", {"email": buyer.email})
    link = mailbox.link_to(buyer.email, "/reset-password/")

    sign_in(client, buyer.email)
    response = client.post("/account/password", {"current_password": factories.PASSWORD,
                                                  "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/buyers").status_code == 200  # changing it keeps this session
    client.post("/sign-out")

    assert client.get(link).status_code == 404
    client.post(link, {"password": "a third long passphrase"})
    buyer.refresh_from_db()
    assert buyer.check_password(NEW_PASSWORD)


def test_a_reset_link_works_once(client, mailbox):
    buyer = factories.make_buyer()
    client.post("/reset-password", {"email": buyer.email})
    link = mailbox.link_to(buyer.email, "/reset-password/")
    response = client.post(link, {"password": NEW_PASSWORD})
    assert response["Location"] == "/sign-in"
    assert client.get(link).status_code == 404
    assert mailbox.last_to(buyer.email)["Subject"] == "Your Digital Marketplace password has changed"


def test_changing_the_password_needs_the_current_one(client):
    buyer = factories.make_buyer()
    sign_in(client, buyer.email)
    response = client.post("/account/password", {"current_password": "wrong one", "new_password": NEW_PASSWORD})
    assert field_error(response, "current_password") == "Your current password is not correct"
    response = client.post("/account/password", {"current_password": factories.PASSWORD, "new_password": "short"})
    assert field_error(response, "new_password") == "Password must be 10 characters or more"
    buyer.refresh_from_db()
    assert buyer.check_password(factories.PASSWORD)


def test_a_password_reset_ends_other_sessions(client, mailbox):
    buyer = factories.make_buyer()
    elsewhere = Client()
    sign_in(elsewhere, buyer.email)
    assert elsewhere.get("/buyers").status_code == 200
    client.post("/reset-password", {"email": buyer.email})
    client.post(mailbox.link_to(buyer.email, "/reset-password/"), {"password": NEW_PASSWORD})
    assert elsewhere.get("/buyers").status_code == 302
