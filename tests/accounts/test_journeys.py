"""The account journeys in a real browser, with JavaScript on and off, checked with axe on every page."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

import factories
from marketplace.accounts.models import EmailLink, User
from marketplace.accounts.services import NOT_A_BUYER_DOMAIN, SIGN_IN_REFUSED
from marketplace.notifications.models import OutboundEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def test_a_buyer_signs_up_with_a_work_address_then_signs_out_and_in_again(any_page, axe, mailbox):
    page = any_page
    page.goto("/sign-in")
    page.get_by_role("link", name="Create a buyer account").click()
    expect(page.get_by_role("heading", name="Create a buyer account")).to_be_visible()
    axe(page)

    page.get_by_label("Your work email address").fill("someone@homeoffice.gov.uk")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_text("The link lasts 7 days")).to_be_visible()
    axe(page)

    page.goto(mailbox.link_to("someone@homeoffice.gov.uk", "/create-account/"))
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Home Office")
    expect(page.get_by_text("10 characters or more")).to_be_visible()
    axe(page)
    page.get_by_label("Full name").fill("Someone Smith")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/buyers$"))
    expect(page.get_by_text("Signed in as someone@homeoffice.gov.uk")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Someone Smith")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Central government")
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    axe(page)
    factories.sign_in(page, "someone@homeoffice.gov.uk", PASSWORD)
    expect(page).to_have_url(re.compile(r"/buyers$"))
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    axe(page)


def test_a_webmail_address_gets_a_clear_error_and_no_account(any_page, axe, mailbox):
    page = any_page
    page.goto("/buyers/create-account")
    page.get_by_label("Your work email address").fill("someone@gmail.com")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#email-error")).to_contain_text(NOT_A_BUYER_DOMAIN)
    expect(page.get_by_label("Your work email address")).to_have_value("someone@gmail.com")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe(page)
    assert not User.objects.filter(email="someone@gmail.com").exists()
    assert not EmailLink.objects.exists() and not OutboundEmail.objects.exists()
    assert mailbox.to("someone@gmail.com") == []


def test_five_wrong_passwords_lock_the_account_until_a_reset(any_page, axe, mailbox):
    page = any_page
    buyer = factories.make_buyer()
    for _ in range(5):
        factories.sign_in(page, buyer.email, "not the password")
        expect(page.locator(".govuk-error-summary")).to_contain_text(SIGN_IN_REFUSED)
    axe(page)

    factories.sign_in(page, buyer.email)
    expect(page.locator(".govuk-error-summary")).to_contain_text(SIGN_IN_REFUSED)
    expect(page).to_have_url(re.compile(r"/sign-in$"))

    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    axe(page)
    page.get_by_label("Email address").fill(buyer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe(page)

    page.goto(mailbox.link_to(buyer.email, "/reset-password/"))
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    axe(page)
    page.get_by_label("New password", exact=True).fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    axe(page)

    factories.sign_in(page, buyer.email, "a brand new passphrase")
    expect(page).to_have_url(re.compile(r"/buyers$"))
    expect(page.get_by_text(f"Signed in as {buyer.email}")).to_be_visible()


def test_an_expired_link_says_so_and_offers_a_new_start(any_page, axe):
    page = any_page
    response = page.goto("/create-account/no-such-link")
    assert response.status == 404
    expect(page.get_by_role("heading", name="This link has expired or has already been used")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Create a buyer account").click()
    expect(page.get_by_role("heading", name="Create a buyer account")).to_be_visible()


def test_a_supplier_registers_its_company(any_page, axe, mailbox):
    page = any_page
    page.goto("/suppliers/register")
    axe(page)
    page.get_by_label("Trading name").fill("Agile Works")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Trading name")).to_have_value("Agile Works")
    axe(page)

    page.get_by_label("Registered company name").fill("Agile Works Limited")
    page.get_by_label("Companies House number").check()
    page.get_by_label("Registration number", exact=True).fill("01234567")
    page.get_by_label("Limited company (Ltd)").check()
    page.get_by_label("Small (under 50 staff)").check()
    page.get_by_label("Registered address").fill("1 High Street\nLeeds\nLS1 1AA")
    page.get_by_label("Contact name").fill("Sam Okafor")
    page.get_by_label("Contact email address").fill("hello@agileworks.example.com")
    page.get_by_label("Contact phone number").fill("0113 496 0000")
    page.get_by_label("Your email address").fill("sam@agileworks.example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    page.goto(mailbox.link_to("sam@agileworks.example.com", "/create-account/"))
    expect(page.locator(".govuk-summary-list")).to_contain_text("Agile Works Limited")
    axe(page)
    page.get_by_label("Full name").fill("Sam Okafor")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/suppliers$"))
    assert User.objects.get(email="sam@agileworks.example.com").supplier.name == "Agile Works"


def test_an_admin_sets_up_the_second_factor(page, axe):
    admin = factories.make_admin()
    factories.sign_in(page, admin.email)
    expect(page).to_have_url(re.compile(r"/second-factor/set-up$"))
    expect(page.locator("svg.segno")).to_be_visible()
    axe(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Enter the 6-digit code the app now shows").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
