"""In a real browser, with JavaScript on and off: the public finds an opportunity, a supplier asks about it, and
the buyer's answer appears on the page."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.requirements import OUTCOMES, SPECIALISTS, publish, supplier_offering
from factories import PASSWORD
from marketplace.opportunities import selectors, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Will the supplier's team need security clearance before starting?"


def test_find_an_opportunity_ask_a_question_and_read_the_answer(any_page, axe, live_server, buyer, mailbox):
    page = any_page
    beta = publish(buyer, OUTCOMES)
    publish(buyer, OUTCOMES, title="Alpha of a prison visits booking service", location="Wales")
    publish(buyer, SPECIALISTS)
    supplier = supplier_offering(OUTCOMES)

    # A member of the public searches with a keyword and filters.
    page.goto("/opportunities")
    expect(page.get_by_role("heading", name="3 opportunities found")).to_be_visible()
    axe(page)
    page.get_by_label("Search by keyword").fill("service")
    page.get_by_label(re.compile(r"Digital outcomes")).check()
    page.get_by_label("London", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 opportunity found")).to_be_visible()
    expect(page.get_by_label(re.compile(r"Digital outcomes \(1\)"))).to_be_checked()
    expect(page.locator("mark").first).to_have_text("service")
    axe(page)

    # ...opens the opportunity, and is asked to sign in to ask a question.
    page.get_by_role("link", name="Beta phase of the lasting power of attorney service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beta phase of the lasting power of attorney service")
    expect(page.get_by_text("Problem to be solved")).to_be_visible()
    axe(page)

    # A supplier signs in from there and asks the buyer a question.
    page.get_by_role("link", name="Sign in to ask a question").click()
    page.get_by_label("Email address").fill(supplier.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Ask a question")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("link", name="Your question")).to_be_visible()  # the error summary
    axe(page)
    page.get_by_label("Your question").fill(QUESTION)
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_role("heading", name="Your question has been sent")).to_be_visible()
    expect(page.get_by_text(f"We have emailed a copy of your question to {supplier.email}.")).to_be_visible()
    axe(page)
    assert QUESTION in mailbox.body(mailbox.last_to(buyer.email))
    assert QUESTION in mailbox.body(mailbox.last_to(supplier.email))

    # The buyer publishes the answer; it appears on the page at once.
    [asked] = selectors.supplier_questions(beta)
    services.publish_clarification(beta, buyer, "Do we need security clearance?", "Yes: BPSS for everyone.")
    page.get_by_role("link", name=re.compile("^Back to")).click()
    expect(page.get_by_role("heading", name="1. Do we need security clearance?")).to_be_visible()
    expect(page.get_by_text("Yes: BPSS for everyone.")).to_be_visible()
    axe(page)
    assert asked.question == QUESTION
