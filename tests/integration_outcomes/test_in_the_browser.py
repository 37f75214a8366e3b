"""In the browser, with JavaScript on and off: a supplier goes from the public page to its application, and the
public reads the award on the page and in the catalogue; every page passes the accessibility checks."""

import re

import pytest
from playwright.sync_api import expect

from apply.builders import SPECIALISTS, after_closing
from marketplace.applications import services as applications

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applying_from_the_public_page_then_reading_the_award(any_page, axe, applied, buyer, set_clock,
                                                              supplier_offering):
    page = any_page
    opportunity = applied["opportunity"]
    page.goto(f"/opportunities/{opportunity.pk}")
    expect(page.get_by_text("Applications completed: 1 SME, 1 large")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Sign in to apply").click()
    newcomer = supplier_offering(SPECIALISTS, supplier_name="New Starters Ltd")
    page.get_by_label("Email address").fill(newcomer.email)
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/opportunities/{opportunity.pk}/apply$"))
    axe(page)

    page.goto("/suppliers")
    page.locator("#main-content").get_by_role("link", name="Your applications").click()
    axe(page)

    after_closing(set_clock, opportunity)
    applications.award(opportunity, buyer, applied["small_application"], "250000", "2026-09-01")
    line = "Awarded to Agile Works Ltd (SME), contract start date 1 September 2026, value £250,000"
    page.goto(f"/opportunities/{opportunity.pk}")
    expect(page.get_by_text(line)).to_be_visible()
    axe(page)
    page.goto("/opportunities")
    expect(page.get_by_text(line)).to_be_visible()
    axe(page)
