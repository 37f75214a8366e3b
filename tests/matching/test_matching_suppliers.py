"""Before publishing, a buyer sees how many suppliers could apply (on the framework, offering the lot, the role and
the location), by size and never by name, and is told plainly when they are fewer than it wants to evaluate."""

import pytest

from catalogue.requirements import OUTCOMES, SPECIALISTS, complete_answers, publish, supplier_offering
from factories import PASSWORD, make_buyer
from marketplace.accounts.services import create_api_token
from marketplace.opportunities import services
from marketplace.suppliers.selectors import matching_suppliers
from marketplace.suppliers.services import update_lot_service
from requirements.steps import text_of

pytestmark = pytest.mark.django_db


def offers(user, roles):
    """`roles`: {role slug: [locations]}."""
    update_lot_service(user.supplier, SPECIALISTS, {"roles": {
        role: {"locations": places, "maxDayRate": "650"} for role, places in roles.items()}}, by=user)


@pytest.fixture
def market():
    """Suppliers of developers: two who could work in London (one small, one large), one only in Wales, one not
    on the framework, and one who offers designers only; and an outcomes supplier."""
    suppliers = {
        "small": supplier_offering(supplier_name="Small London Devs", size="small"),
        "large": supplier_offering(supplier_name="Enormous Systems", size="large"),
        "wales": supplier_offering(supplier_name="Welsh Devs", size="medium"),
        "outsider": supplier_offering(supplier_name="Not On The Framework", size="micro", on_framework=False),
        "designers": supplier_offering(supplier_name="Design Only", size="micro"),
    }
    offers(suppliers["small"], {"developer": ["London", "Wales"]})
    offers(suppliers["large"], {"developer": ["London"]})
    offers(suppliers["wales"], {"developer": ["Wales"]})
    offers(suppliers["outsider"], {"developer": ["London"]})
    offers(suppliers["designers"], {"designer": ["London"]})
    supplier_offering(OUTCOMES, supplier_name="Outcomes In London", size="medium")
    return suppliers


def draft(buyer, **answers):
    return services.create_draft(SPECIALISTS, buyer, complete_answers(SPECIALISTS, **answers))


def counted(opportunity):
    found = matching_suppliers(opportunity)
    return found.total, found.sme, found.large


def test_suppliers_are_counted_by_framework_lot_role_and_location(buyer, market):
    assert counted(draft(buyer)) == (2, 1, 1)  # developers in London, on the framework
    assert counted(draft(buyer, location="Wales")) == (2, 2, 0)
    assert counted(draft(buyer, specialistRole="designer")) == (1, 1, 0)
    assert counted(draft(buyer, location="")) == (3, 2, 1)  # no location chosen yet: every location counts
    outcomes = services.create_draft(OUTCOMES, buyer, complete_answers(OUTCOMES))
    assert counted(outcomes) == (1, 1, 0)


def test_the_overview_shows_the_count_by_size_and_it_follows_the_suppliers_services(client, buyer, market):
    requirement = draft(buyer, numberOfSuppliers=3)
    client.post("/sign-in", {"email": buyer.email, "password": PASSWORD})
    overview = f"/buyers/requirements/{requirement.pk}"
    text = text_of(client.get(overview))
    assert ("Suppliers who could apply 2 suppliers on Digital Outcomes and Specialists 6 offer Developer in London: "
            "1 small or medium-sized (SME) and 1 large.") in text
    assert "Enormous Systems" not in text and "Small London Devs" not in text  # never who they are
    assert "Only 2 suppliers could apply, fewer than the 3 you want to evaluate." in text

    offers(market["wales"], {"developer": ["Wales", "London"]})  # a supplier adds London to the role
    text = text_of(client.get(overview))
    assert "3 suppliers on Digital Outcomes and Specialists 6 offer Developer in London: 2 small or medium-sized " \
           "(SME) and 1 large." in text
    assert "fewer than" not in text

    offers(market["large"], {"qualityAssurance": ["London"]})  # another stops offering developers
    offers(market["wales"], {"developer": ["Wales"]})
    text = text_of(client.get(overview))
    assert "1 supplier on Digital Outcomes and Specialists 6 offers Developer in London: 1 small or medium-sized " \
           "(SME) and 0 large." in text
    assert ("Only 1 supplier could apply, fewer than the 3 you want to evaluate. You can still publish, or change "
            "how many suppliers you will evaluate.") in text
    # The same before publishing, and publishing is not stopped by it.
    assert "fewer than the 3 you want to evaluate" in text_of(client.get(f"{overview}/publish"))
    assert client.post(f"{overview}/publish").status_code == 302


def test_with_no_supplier_the_page_says_nobody_offers_it(client, buyer):
    requirement = draft(buyer)
    client.post("/sign-in", {"email": buyer.email, "password": PASSWORD})
    text = text_of(client.get(f"/buyers/requirements/{requirement.pk}"))
    assert "No suppliers on Digital Outcomes and Specialists 6 offer Developer in London." in text
    assert "Only 0 suppliers could apply, fewer than the 3 you want to evaluate." in text


def api(client, user, opportunity):
    headers = {"Authorization": f"Bearer {create_api_token(user)}"} if user else {}
    return client.get(f"/api/v1/opportunities/{opportunity.pk}/matching-suppliers", headers=headers)


def test_the_api_gives_the_owning_buyers_the_counts_and_nobody_else(client, buyer, other_buyer, market):
    requirement = draft(buyer)
    colleague = make_buyer(name="Tom Reed")
    response = api(client, colleague, requirement)
    assert response.status_code == 200
    assert response.json() == {"total": 2, "sme": 1, "large": 1}
    assert api(client, None, requirement).status_code == 401
    assert api(client, other_buyer, requirement).status_code == 404  # someone else's draft is not known
    assert api(client, market["small"], requirement).status_code == 404
    live = publish(buyer, SPECIALISTS)
    assert api(client, buyer, live).json() == {"total": 2, "sme": 1, "large": 1}
    refused = api(client, other_buyer, live)
    assert refused.status_code == 403 and refused.json()["detail"]
