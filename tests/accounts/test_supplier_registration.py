"""A supplier registers its company once; the emailed link creates the company and its first user."""

import pytest

from marketplace.accounts.models import EmailLink, User
from marketplace.notifications.models import OutboundEmail
from marketplace.suppliers.models import Supplier

from .steps import field_error, text_of

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = {
    "name": "Agile Works",
    "registered_name": "Agile Works Limited",
    "registration_scheme": "companies-house",
    "registration_number": "0123 4567",
    "registration_country": "United Kingdom",
    "trading_status": "limited company",
    "organisation_size": "small",
    "vat_number": "GB 123 456 789",
    "address": "1 High Street\nLeeds\nLS1 1AA",
    "contact_name": "Sam Okafor",
    "contact_email": "hello@agileworks.example.com",
    "contact_phone": "0113 496 0000",
    "email": "sam@agileworks.example.com",
}


def test_registering_creates_the_company_and_its_first_user_once_the_link_is_followed(client, mailbox):
    response = client.post("/suppliers/register", COMPANY)
    assert response.status_code == 302 and response["Location"] == "/check-your-email"
    page = text_of(client.get("/check-your-email"))
    assert "sam@agileworks.example.com" in page and "7 days" in page and "finish registering" in page
    assert not Supplier.objects.exists()

    link = mailbox.link_to("sam@agileworks.example.com", "/create-account/")
    page = text_of(client.get(link))
    assert "Agile Works" in page and "Agile Works Limited" in page and "10 characters or more" in page
    response = client.post(link, {"name": "Sam Okafor", "password": "a long and unusual passphrase"})
    assert response.status_code == 302 and response["Location"] == "/suppliers"

    supplier = Supplier.objects.get()
    assert (supplier.name, supplier.registration_number, supplier.vat_number, supplier.organisation_size) == (
        "Agile Works", "01234567", "GB123456789", "small")
    user = User.objects.get(email="sam@agileworks.example.com")
    assert user.supplier == supplier and user.is_supplier


def test_every_problem_is_shown_at_once_and_nothing_typed_is_lost(client, mailbox):
    typed = {**COMPANY, "registered_name": "", "registration_number": "12345", "trading_status": "",
             "organisation_size": "", "contact_email": "not an email", "contact_phone": "call me", "email": ""}
    response = client.post("/suppliers/register", typed)
    assert response.status_code == 200
    assert field_error(response, "registered_name") == "Enter the registered company name"
    assert field_error(response, "registration_number") == (
        "Enter a Companies House number in the correct format, like 01234567 or SC123456")
    assert field_error(response, "trading_status") == "Select a trading status"
    assert field_error(response, "organisation_size") == "Select your organisation's size"
    assert field_error(response, "contact_email") == (
        "Enter an email address in the correct format, like name@example.com")
    assert field_error(response, "contact_phone").startswith("Enter a phone number")
    assert field_error(response, "email") == "Enter an email address"
    assert field_error(response, "name") is None and field_error(response, "vat_number") is None

    html = response.content.decode()
    for name in ("name", "registration_number", "contact_name", "contact_email", "contact_phone", "vat_number"):
        assert f'value="{typed[name]}"' in html, name
    assert "1 High Street" in html
    assert 'value="companies-house" checked' in html
    assert "There is a problem" in html
    assert not Supplier.objects.exists() and not EmailLink.objects.exists() and not OutboundEmail.objects.exists()


def test_an_empty_form_asks_for_every_required_detail(client):
    response = client.post("/suppliers/register", {"registration_country": "United Kingdom"})
    for name in ("name", "registered_name", "registration_scheme", "registration_number", "trading_status",
                 "organisation_size", "address", "contact_name", "contact_email", "contact_phone", "email"):
        assert field_error(response, name), name
    assert field_error(response, "vat_number") is None
    assert field_error(response, "registration_scheme") == "Select which kind of registration number you have"


def test_the_size_choices_name_the_staff_bands(client):
    page = text_of(client.get("/suppliers/register"))
    for band in ("Micro (under 10 staff)", "Small (under 50 staff)", "Medium (under 250 staff)",
                 "Large (250 or more staff)"):
        assert band in page
    assert "Companies House number" in page and "Other registration number" in page


def test_a_number_from_another_register_is_not_held_to_the_companies_house_format(client, mailbox):
    response = client.post("/suppliers/register", {
        **COMPANY, "registration_scheme": "other", "registration_number": "IE-98765X",
        "registration_country": "Ireland", "vat_number": "IE1234567T"})
    assert response.status_code == 302
    link = mailbox.link_to(COMPANY["email"], "/create-account/")
    client.post(link, {"name": "Sam Okafor", "password": "a long and unusual passphrase"})
    assert Supplier.objects.get().registration_number == "IE-98765X"
