"""A buyer organisation's admin invites colleagues on the organisation's own domains; they join the same
organisation."""

import pytest

import factories
from marketplace.accounts import services
from marketplace.accounts.models import EmailLink, User
from marketplace.notifications.models import OutboundEmail

from .steps import field_error, sign_in, text_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_buyer():
    """The first buyer of an organisation looks after it."""
    buyer = factories.make_buyer(email="lead@homeoffice.gov.uk", name="Lee Lead")
    assert buyer.is_organisation_admin
    return buyer


def test_the_dashboard_shows_the_buyer_and_their_organisation(client, admin_buyer):
    sign_in(client, admin_buyer.email)
    page = text_of(client.get("/buyers"))
    assert "Lee Lead" in page and "Home Office" in page and "Central government" in page
    assert "Change your password" in page and "Colleagues at Home Office" in page


def test_an_invited_colleague_joins_the_same_organisation(client, admin_buyer, mailbox):
    sign_in(client, admin_buyer.email)
    response = client.post("/buyers/colleagues", {"email": "Pat.Colleague@homeoffice.gov.uk"})
    assert response.status_code == 302 and response["Location"] == "/buyers/colleagues"
    page = text_of(client.get("/buyers/colleagues"))
    assert "Invitations not yet accepted" in page and "pat.colleague@homeoffice.gov.uk Lee Lead" in page
    client.post("/sign-out")

    message = mailbox.last_to("pat.colleague@homeoffice.gov.uk")
    assert message["Subject"] == "Lee Lead has invited you to join Home Office on the Digital Marketplace"
    link = mailbox.link_to("pat.colleague@homeoffice.gov.uk", "/join/")
    page = text_of(client.get(link))
    assert "Join Home Office" in page and "Lee Lead has invited you" in page

    response = client.post(link, {"name": "Pat Colleague", "password": "a long and unusual passphrase"})
    assert response.status_code == 302 and response["Location"] == "/buyers"
    colleague = User.objects.get(email="pat.colleague@homeoffice.gov.uk")
    assert colleague.organisation == admin_buyer.organisation and not colleague.is_organisation_admin
    assert "Pat Colleague" in text_of(client.get("/buyers"))
    assert client.get(link).status_code == 404

    client.post("/sign-out")
    sign_in(client, admin_buyer.email)
    page = text_of(client.get("/buyers/colleagues"))
    assert "Pat Colleague" in page and "Invitations not yet accepted" not in page


def test_a_buyer_who_is_not_the_organisations_admin_cannot_invite(client, admin_buyer):
    other = factories.make_buyer(email="other@homeoffice.gov.uk")
    assert not other.is_organisation_admin
    sign_in(client, other.email)
    assert "Colleagues at" not in text_of(client.get("/buyers"))
    assert client.get("/buyers/colleagues").status_code == 403
    assert client.post("/buyers/colleagues", {"email": "new@homeoffice.gov.uk"}).status_code == 403
    assert not EmailLink.objects.exists() and not OutboundEmail.objects.exists()


def test_suppliers_and_visitors_cannot_see_the_colleagues_page(client):
    assert client.get("/buyers/colleagues")["Location"].startswith("/sign-in")
    supplier_user = factories.make_supplier_user()
    sign_in(client, supplier_user.email)
    assert client.get("/buyers/colleagues").status_code == 403
    assert client.get("/buyers").status_code == 403


@pytest.mark.parametrize("email", ["someone@hmrc.gov.uk", "agency@hmpo.gov.uk", "someone@gmail.com"])
def test_a_buyer_cannot_invite_an_address_outside_their_organisation(client, admin_buyer, email):
    sign_in(client, admin_buyer.email)
    response = client.post("/buyers/colleagues", {"email": email})
    assert response.status_code == 200
    assert field_error(response, "email") == "Enter an email address at Home Office: one ending in homeoffice.gov.uk or homeoffice.gsi.gov.uk"
    assert f'value="{email}"' in response.content.decode()
    assert not EmailLink.objects.exists() and not OutboundEmail.objects.exists()


def test_an_expired_invitation_says_so(client):
    response = client.get("/join/not-a-real-token")
    assert response.status_code == 404
    assert "This invitation has expired or has already been used" in text_of(response)


def test_a_supplier_users_colleague_joins_the_same_supplier_and_lands_on_the_supplier_pages(client, mailbox):
    supplier_user = factories.make_supplier_user()
    services.invite_colleague(supplier_user, "kim@anywhere.example.com")
    link = mailbox.link_to("kim@anywhere.example.com", "/join/")
    assert f"Join {supplier_user.supplier.name}" in text_of(client.get(link))
    response = client.post(link, {"name": "Kim Lee", "password": "a long and unusual passphrase"})
    assert response["Location"] == "/suppliers"
    assert User.objects.get(email="kim@anywhere.example.com").supplier == supplier_user.supplier
