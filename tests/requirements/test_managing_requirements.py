"""A buyer deletes a draft, copies and withdraws a live requirement and answers supplier questions, through the
pages with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from factories import make_buyer, make_supplier_user, sign_in
from marketplace.opportunities import selectors, services
from marketplace.opportunities.models import Opportunity, Status
from marketplace.search.selectors import search_opportunities
from marketplace.suppliers.services import update_lot_service

from .steps import make_live, pk_from, stored_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOT = "digital-outcomes"


def test_buyer_deletes_a_draft_after_confirming(any_page, axe):
    page = any_page
    buyer = make_buyer()
    draft = services.create_draft(LOT, buyer, answers={"title": "Alpha for a licensing service"})
    sign_in(page, buyer.email)
    page.goto("/buyers/requirements")
    page.get_by_role("link", name="Alpha for a licensing service").click()
    page.get_by_role("link", name="Delete draft").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to delete this draft?")
    expect(page.locator(".govuk-warning-text")).to_contain_text("You cannot undo this")
    assert Opportunity.objects.filter(pk=draft.pk).exists(), "looking at the warning deletes nothing"
    page.get_by_role("button", name="Delete draft").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your requirements")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "‘Alpha for a licensing service’ has been deleted")
    expect(page.get_by_text("You have no drafts.")).to_be_visible()
    assert not Opportunity.objects.filter(pk=draft.pk).exists()


def test_buyer_copies_and_withdraws_a_live_requirement(any_page, axe):
    page = any_page
    buyer = make_buyer()
    live = make_live(LOT, buyer)
    title = stored_answers(LOT)["title"]
    sign_in(page, buyer.email)

    page.goto(f"/buyers/requirements/{live.pk}")
    axe(page)
    expect(page.locator(".govuk-tag", has_text="Open")).to_be_visible()
    expect(page.get_by_role("link", name="View the public page")).to_have_attribute("href", f"/opportunities/{live.pk}")
    expect(page.get_by_role("link", name="Delete draft")).to_have_count(0)

    # A published requirement's question pages cannot be changed.
    page.goto(f"/buyers/requirements/{live.pk}/edit/title/title")
    expect(page).to_have_url(f"/buyers/requirements/{live.pk}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("can no longer be changed")

    page.get_by_role("button", name="Make a copy").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{title} copy")
    expect(page.locator(".govuk-tag", has_text="Draft")).to_be_visible()
    copy = Opportunity.objects.get(pk=pk_from(page.url))
    assert copy.pk != live.pk and "startDate" not in copy.data
    description = page.locator(".govuk-task-list__item", has_text="Description of work")
    expect(description.locator(".govuk-task-list__status")).to_have_text("In progress")

    page.goto(f"/buyers/requirements/{live.pk}")
    page.get_by_role("link", name="Withdraw requirement").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to withdraw this requirement?")
    expect(page.locator(".govuk-warning-text")).to_contain_text("You cannot undo this")
    page.get_by_role("button", name="Withdraw requirement").click()
    axe(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been withdrawn")
    expect(page.locator(".govuk-tag", has_text="Withdrawn")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw requirement")).to_have_count(0)
    live.refresh_from_db()
    assert selectors.status_of(live) == Status.WITHDRAWN
    assert search_opportunities(q="Kotlin").count == 0

    page.goto("/buyers/requirements")
    closed = page.locator("table", has=page.locator("caption", has_text="Closed requirements"))
    expect(closed.locator("tr", has_text=title)).to_contain_text("Withdrawn")
    drafts = page.locator("table", has=page.locator("caption", has_text="Unpublished drafts"))
    expect(drafts.get_by_role("link", name=f"{title} copy")).to_be_visible()


def test_buyer_publishes_answers_to_supplier_questions(any_page, axe, mailbox):
    page = any_page
    buyer = make_buyer()
    live = make_live(LOT, buyer)
    supplier = make_supplier_user(supplier_name="Curious Digital Ltd")
    update_lot_service(supplier.supplier, LOT, {"locations": ["London"],
                                                "capabilities": {"User research": ["Usability testing"]}},
                       by=supplier)
    services.ask_question(live, supplier, "Curious Digital Ltd asks: can the team work fully remotely?")
    assert mailbox.last_to(buyer.email)

    sign_in(page, buyer.email)
    page.goto(f"/buyers/requirements/{live.pk}")
    page.get_by_role("link", name="Answer supplier questions").click()
    axe(page)
    expect(page.locator(".govuk-summary-card")).to_contain_text("can the team work fully remotely?")
    expect(page.get_by_text("You have not published any questions and answers.")).to_be_visible()

    page.get_by_role("link", name="Answer", exact=False).first.click()
    expect(page.get_by_label("Question", exact=True)).to_have_value(
        "Curious Digital Ltd asks: can the team work fully remotely?")
    page.get_by_label("Question", exact=True).fill("Can the team work fully remotely?")
    page.get_by_role("button", name="Publish question and answer").click()
    axe(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the answer")
    expect(page.get_by_label("Question", exact=True)).to_have_value("Can the team work fully remotely?")
    assert not live.clarifications.exists()

    page.get_by_label("Answer", exact=True).fill("Yes, with two days a month in London.")
    page.get_by_role("button", name="Publish question and answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Question 1 and its answer")
    page.get_by_label("Question", exact=True).fill("Is there a budget?")
    page.get_by_label("Answer", exact=True).fill("Up to £300,000.")
    page.get_by_role("button", name="Publish question and answer").click()
    axe(page)
    published = page.locator("main ol.govuk-list--number > li")
    expect(published).to_have_count(2)
    expect(published.nth(0)).to_contain_text("Can the team work fully remotely?")
    expect(published.nth(0)).to_contain_text("Yes, with two days a month in London.")
    expect(published.nth(1)).to_contain_text("Is there a budget?")
    assert [c.number for c in selectors.clarifications(live)] == [1, 2]
