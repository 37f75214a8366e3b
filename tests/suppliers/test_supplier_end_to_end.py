"""From nothing to a supplier with a service and a second user, entirely through the pages."""

import re

import pytest
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.suppliers.models import SpecialistOffer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def test_a_supplier_registers_adds_a_specialist_service_and_a_colleague_joins(any_page, axe, mailbox, browser,
                                                                               live_server):
    page = any_page
    page.goto("/suppliers/register")
    axe(page)
    page.get_by_label("Trading name").fill("Harbour Digital")
    page.get_by_label("Registered company name").fill("Harbour Digital Limited")
    page.get_by_label("Companies House number").check()
    page.get_by_label("Registration number", exact=True).fill("07654321")
    page.get_by_label("Limited company (Ltd)").check()
    page.get_by_label("Micro (under 10 staff)").check()
    page.get_by_label("Registered address").fill("2 Quay Street\nBristol\nBS1 4DJ")
    page.get_by_label("Contact name").fill("Ana Ribeiro")
    page.get_by_label("Contact email address").fill("hello@harbour.example.com")
    page.get_by_label("Contact phone number").fill("0117 496 0000")
    page.get_by_label("Your email address").fill("ana@harbour.example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe(page)

    page.goto(mailbox.link_to("ana@harbour.example.com", "/create-account/"))
    axe(page)
    page.get_by_label("Full name").fill("Ana Ribeiro")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/suppliers$"))
    axe(page)

    page.get_by_role("link", name="Services", exact=True).click()
    page.get_by_role("link", name="Add (Digital specialists)").click()
    page.get_by_label("User researcher", exact=True).check()
    page.get_by_label("Maximum day rate for User researcher").fill("720")
    page.get_by_role("group", name="Locations for User researcher").get_by_label("South West England").check()
    page.get_by_role("button", name="Save and continue").click()
    specialists = page.locator(".govuk-summary-card", has_text="Digital specialists")
    expect(specialists).to_contain_text("Up to £720 a day in South West England")
    axe(page)

    page.get_by_role("link", name="Your account", exact=True).click()
    page.get_by_role("link", name="Colleagues", exact=True).click()
    page.get_by_label("Email address").fill("kofi@harbour.example.com")
    page.get_by_role("button", name="Send invitation").click()
    axe(page)

    # The colleague opens the emailed link in their own browser.
    colleague_context = browser.new_context(base_url=live_server.url, java_script_enabled=page.javascript)
    try:
        colleague = colleague_context.new_page()
        colleague.javascript = page.javascript  # so that axe, which needs script, skips the no-script run
        colleague.goto(mailbox.link_to("kofi@harbour.example.com", "/join/"))
        expect(colleague.get_by_role("heading", name="Join Harbour Digital")).to_be_visible()
        axe(colleague)
        colleague.get_by_label("Full name").fill("Kofi Mensah")
        colleague.get_by_label("Password", exact=True).fill(PASSWORD)
        colleague.get_by_role("button", name="Create account").click()
        expect(colleague).to_have_url(re.compile(r"/suppliers$"))
        axe(colleague)
    finally:
        colleague_context.close()

    ana = User.objects.get(email="ana@harbour.example.com")
    kofi = User.objects.get(email="kofi@harbour.example.com")
    assert kofi.supplier == ana.supplier and ana.supplier.name == "Harbour Digital"
    offer = SpecialistOffer.objects.get(service__supplier=ana.supplier)
    assert (offer.role.slug, str(offer.max_day_rate), offer.locations) == ("userResearcher", "720.00",
                                                                          ["South West England"])
