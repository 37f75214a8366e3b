"""Bad input on any account form: each problem is shown on its own field, and nothing changes."""

import pytest

import factories
from marketplace.accounts.models import EmailLink, User
from marketplace.audit.models import AuditEvent
from marketplace.notifications.models import OutboundEmail
from marketplace.suppliers.models import Supplier

from .steps import field_error, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def links(client, mailbox):
    """A buyer who looks after Home Office, and one link of each kind, ready to be followed."""
    buyer = factories.make_buyer(email="lead@homeoffice.gov.uk")
    client.post("/buyers/create-account", {"email": "new@homeoffice.gov.uk"})
    client.post("/reset-password", {"email": buyer.email})
    sign_in(client, buyer.email)
    client.post("/buyers/colleagues", {"email": "colleague@homeoffice.gov.uk"})
    client.post("/sign-out")
    return {
        "buyer": buyer,
        "create-account": mailbox.link_to("new@homeoffice.gov.uk", "/create-account/"),
        "reset": mailbox.link_to(buyer.email, "/reset-password/"),
        "join": mailbox.link_to("colleague@homeoffice.gov.uk", "/join/"),
    }


def state():
    return {
        "users": list(User.objects.order_by("pk").values_list("email", "password", "locked_at", "failed_sign_ins")),
        "links": list(EmailLink.objects.order_by("pk").values_list("pk", "used_at")),
        "suppliers": Supplier.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


CASES = [
    ("buyer sign-up, empty", None, "/buyers/create-account", {"email": ""},
     {"email": "Enter an email address"}),
    ("buyer sign-up, not an address", None, "/buyers/create-account", {"email": "someone@"},
     {"email": "Enter an email address in the correct format, like name@example.gov.uk"}),
    ("supplier registration, empty", None, "/suppliers/register", {},
     {"name": "Enter your company's trading name", "organisation_size": "Select your organisation's size",
      "contact_phone": "Enter a contact phone number", "email": "Enter an email address"}),
    ("create account, nothing", None, "create-account", {"name": " ", "password": ""},
     {"name": "Enter your full name", "password": "Enter a password"}),
    ("create account, short password", None, "create-account", {"name": "Kim New", "password": "Short1!x"},
     {"password": "Password must be 10 characters or more"}),
    ("join, nothing", None, "join", {"name": "", "password": "qwertyuiop"},
     {"name": "Enter your full name",
      "password": "Password is too easy to guess: choose one that is not a common password"}),
    ("sign in, empty", None, "/sign-in", {"email": "", "password": ""},
     {"email": "Enter your email address", "password": "Enter your password"}),
    ("reset request, empty", None, "/reset-password", {"email": ""}, {"email": "Enter an email address"}),
    ("reset, weak password", None, "reset", {"password": "password123"},
     {"password": "Password is too easy to guess: choose one that is not a common password"}),
    ("change password, empty", "buyer", "/account/password", {"current_password": "", "new_password": ""},
     {"current_password": "Enter your current password", "new_password": "Enter a password"}),
    ("change password, wrong current", "buyer", "/account/password",
     {"current_password": "not it at all", "new_password": "a fine new passphrase"},
     {"current_password": "Your current password is not correct"}),
    ("invite colleague, empty", "buyer", "/buyers/colleagues", {"email": ""}, {"email": "Enter an email address"}),
]


@pytest.mark.parametrize("signed_in_as, url, data, errors", [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_input_is_shown_on_each_field_and_changes_nothing(client, links, signed_in_as, url, data, errors):
    if signed_in_as:
        sign_in(client, links[signed_in_as].email)
    url = links.get(url, url)
    before = state()

    response = client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error: " in html
    for name, message in errors.items():
        assert field_error(response, name) == message, name
        assert f'href="#{name}"' in html  # the summary links to the field
    assert state() == before
