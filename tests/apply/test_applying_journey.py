"""A supplier applies for a specialist opportunity in the browser, with JavaScript on and off: it is refused a day
rate above its own maximum, submits, changes its application, and after closing can still read it but no longer
change it."""

import re

import pytest
from playwright.sync_api import expect

from apply.builders import NICE_TO_HAVE, PUBLISHING_DAY, SPECIALISTS, after_closing, publish, wait_for_email
from factories import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def summary_value(page, key):
    return page.locator(".govuk-summary-list__row", has=page.locator(".govuk-summary-list__key", has_text=key)) \
        .locator(".govuk-summary-list__value")


def test_a_supplier_applies_changes_its_application_and_after_closing_can_only_read_it(
        any_page, axe, buyer, set_clock, supplier_offering, mailbox):
    page = any_page
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer)
    supplier = supplier_offering(SPECIALISTS, supplier_name="Agile Works Ltd")
    sign_in(page, supplier.email)

    page.goto(f"/opportunities/{opportunity.pk}/apply")
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply for ‘Developer to build a booking service’")
    axe(page)
    page.get_by_role("button", name="Start your application").click()

    # Earliest start date: a date that does not exist is shown again with the problem.
    expect(page.get_by_role("group", name="When can the specialist start work?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("The buyer's latest start date is 31 July 2026.")
    axe(page)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    save_and_continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Earliest start date must be a real date")
    expect(page.get_by_label("Day")).to_have_value("31")
    axe(page)
    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2026")
    save_and_continue(page)

    # Day rate: above the company's own maximum for the role is refused, with the maximum.
    day_rate = page.get_by_label("What is the specialist's day rate?")
    expect(page.locator("#dayRate-hint")).to_contain_text("Your company's maximum day rate for a developer is £650")
    axe(page)
    day_rate.fill("700")
    save_and_continue(page)
    expect(page.locator("#dayRate-error")).to_contain_text("Day rate must be £650 or less")
    expect(day_rate).to_have_value("700")
    axe(page)
    day_rate.fill("600")
    save_and_continue(page)

    # Essential skills: a no explains why the supplier cannot go on; it changes its answer.
    expect(page.get_by_role("group", name="Do you have all the essential skills and experience?")).to_be_visible()
    axe(page)
    page.get_by_role("radio", name="No").check()
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot apply for this opportunity")
    expect(page.locator("main")).to_contain_text("Python and Django")
    axe(page)
    page.get_by_role("link", name="Change your answer").click()
    page.get_by_role("radio", name="Yes").check()
    save_and_continue(page)

    # Evidence: one box per essential requirement, 100 words each; what was typed survives a problem.
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence of your essential skills and experience")
    axe(page)
    too_long = " ".join(["Django"] * 101)
    page.get_by_label("Python and Django").fill(too_long)
    page.get_by_label("Building accessible services").fill("We built the accessible Apply for a licence service.")
    save_and_continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Evidence for ‘Python and Django’ must be 100 words or fewer")
    expect(page.get_by_label("Python and Django")).to_have_value(too_long)
    expect(page.get_by_label("Building accessible services")).to_have_value(
        "We built the accessible Apply for a licence service.")
    axe(page)
    page.get_by_label("Python and Django").fill("Ten years of Django, most recently on the Register to vote service.")
    save_and_continue(page)

    # Nice-to-have: yes, with evidence.
    expect(page.get_by_role("group", name=NICE_TO_HAVE)).to_be_visible()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label(f"Your evidence, if yes, for ‘{NICE_TO_HAVE}’").fill(
        "We send all our letters and texts through Notify.")
    axe(page)
    save_and_continue(page)

    # The buyer's email address starts as the applicant's own.
    email = page.get_by_label("Which email address should the buyer use to contact you?")
    expect(email).to_have_value(supplier.email)
    axe(page)
    save_and_continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting your application")
    expect(summary_value(page, "Earliest start date")).to_have_text("15 July 2026")
    expect(summary_value(page, "Day rate")).to_have_text("£600")
    expect(summary_value(page, "Building accessible services")).to_have_text(
        "We built the accessible Apply for a licence service.")
    expect(summary_value(page, NICE_TO_HAVE)).to_have_text("Yes: We send all our letters and texts through Notify.")
    axe(page)
    page.get_by_role("button", name="Submit application").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Application submitted")
    axe(page)
    sent = wait_for_email(mailbox, supplier.email, "has been sent")
    assert f"/opportunities/{opportunity.pk}/apply" in mailbox.body(sent)

    page.goto("/suppliers/applications")
    made = page.locator("#made")
    expect(made).to_contain_text("Developer to build a booking service")
    expect(made).to_contain_text("Submitted")
    axe(page)

    # Changing it while it is open: a change that would leave it incomplete is refused; a good one is kept.
    made.get_by_role("link", name="Developer to build a booking service", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    axe(page)
    page.get_by_role("link", name="Change day rate").click()
    day_rate = page.get_by_label("What is the specialist's day rate?")
    day_rate.fill("")
    save_and_continue(page)
    expect(page.locator("#dayRate-error")).to_contain_text("Enter your day rate")
    day_rate.fill("620")
    save_and_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    expect(summary_value(page, "Day rate")).to_have_text("£620")

    # After closing: readable, not changeable.
    after_closing(set_clock, opportunity)
    page.reload()
    expect(page.locator("main")).to_contain_text("so it can no longer be changed")
    expect(summary_value(page, "Day rate")).to_have_text("£620")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    expect(page.get_by_role("button", name="Submit application")).to_have_count(0)
    axe(page)
    page.goto(f"/opportunities/{opportunity.pk}/apply/day-rate")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Applications have closed, so you can no longer change your application")
