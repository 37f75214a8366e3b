"""A buyer sees the checks' advice on the overview, the publish confirmation and the question page, without
JavaScript and in a browser checked by axe, and publishes without following any of it."""

import pytest
from playwright.sync_api import expect

from factories import PASSWORD, make_buyer, make_supplier_user, sign_in
from marketplace.opportunities import selectors, services
from marketplace.opportunities.models import Opportunity, Status
from marketplace.suppliers.services import update_lot_service
from requirements.steps import stored_answers, text_of

LOT = "digital-outcomes"


def clean_brief():
    """A complete outcomes brief with nothing to advise on, once three suppliers could apply."""
    return {**stored_answers(LOT), "budgetRange": "£80,000 to £120,000", "numberOfSuppliers": "3",
            "endUsers": "People making a lasting power of attorney need to choose attorneys and sign the forms."}


def product_brief():
    """The same brief asking for a product in its title: the one thing to advise on."""
    return {**clean_brief(), "title": "SharePoint implementation for the intranet"}


def suppliers_offering_outcomes(number=3):
    for _ in range(number):
        supplier = make_supplier_user()
        update_lot_service(supplier.supplier, LOT, {"locations": ["London"],
                                                    "capabilities": {"User research": ["Usability testing"]}},
                           by=supplier)


@pytest.fixture
def buyer(client):
    user = make_buyer()
    client.post("/sign-in", {"email": user.email, "password": PASSWORD})
    return user


@pytest.mark.django_db
def test_the_overview_lists_each_finding_with_its_section_and_a_link_to_the_question(client, buyer):
    draft = services.create_draft(LOT, buyer, answers=product_brief())
    response = client.get(f"/buyers/requirements/{draft.pk}")
    text = text_of(response)
    assert "Advice before you publish" in text
    assert "Title Product not outcome Title names a product, vendor or purchase: ‘SharePoint’ Review" in text
    assert f'href="/buyers/requirements/{draft.pk}/edit/title/title#advice"' in response.content.decode()


@pytest.mark.django_db
def test_the_question_page_shows_the_advice_in_an_inset(client, buyer):
    draft = services.create_draft(LOT, buyer, answers=product_brief())
    text = text_of(client.get(f"/buyers/requirements/{draft.pk}/edit/title/title"))
    assert ("Advice: Product not outcome Title names a product, vendor or purchase: ‘SharePoint’ Describe the "
            "problem and what your users need to do, not the product you expect.") in text
    # Another page of the same draft has nothing to advise on.
    assert "Advice:" not in text_of(client.get(f"/buyers/requirements/{draft.pk}/edit/description/summary"))


@pytest.mark.django_db
def test_a_buyer_who_ignores_every_finding_publishes_as_before(client, buyer):
    draft = services.create_draft(LOT, buyer, answers=product_brief())
    saved = dict(draft.data)
    page = text_of(client.get(f"/buyers/requirements/{draft.pk}/publish"))
    assert "Advice before you publish" in page and "‘SharePoint’" in page
    response = client.post(f"/buyers/requirements/{draft.pk}/publish")
    assert response.status_code == 302
    draft = Opportunity.objects.get(pk=draft.pk)
    assert selectors.status_of(draft) == Status.LIVE
    assert draft.data == saved


@pytest.mark.django_db
def test_a_draft_with_nothing_to_advise_on_shows_no_advice(client, buyer):
    suppliers_offering_outcomes()
    draft = services.create_draft(LOT, buyer, answers=clean_brief())
    assert "Advice before you publish" not in text_of(client.get(f"/buyers/requirements/{draft.pk}"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_buyer_follows_the_advice_from_the_overview_to_the_question_and_fixes_it(any_page, axe):
    page = any_page
    buyer = make_buyer()
    suppliers_offering_outcomes()
    draft = services.create_draft(LOT, buyer, answers=product_brief())
    sign_in(page, buyer.email)

    page.goto(f"/buyers/requirements/{draft.pk}")
    axe(page)
    advice = page.locator(".govuk-summary-list__row", has_text="Product not outcome")
    expect(advice).to_contain_text("Title names a product, vendor or purchase: ‘SharePoint’")
    advice.get_by_role("link", name="Review").click()

    axe(page)
    expect(page.locator(".govuk-inset-text")).to_contain_text("Advice: Product not outcome")
    page.get_by_label("Title", exact=True).fill("Help staff find the policies they need")
    page.get_by_role("button", name="Return to overview").click()

    expect(page.get_by_text("Advice before you publish")).to_have_count(0)
    page.get_by_role("link", name="Publish your requirement").click()
    axe(page)
    page.get_by_role("button", name="Publish requirement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("published")
