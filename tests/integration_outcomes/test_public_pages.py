"""The public opportunity page and the catalogue show who may apply, how many applied and the recorded outcome."""

import pytest

from apply.builders import SPECIALISTS, apply
from catalogue.pages import text_of
from marketplace.applications import services as applications

pytestmark = pytest.mark.django_db


def page_of(client, opportunity):
    return client.get(f"/opportunities/{opportunity.pk}")


def test_while_live_visitors_sign_in_to_apply_and_suppliers_apply_or_go_back_to_theirs(client, applied,
                                                                                       supplier_offering):
    opportunity = applied["opportunity"]
    apply_path = f"/opportunities/{opportunity.pk}/apply"
    visitor = page_of(client, opportunity)
    assert "Sign in to apply" in text_of(visitor)
    assert f'href="/sign-in?next=%2Fopportunities%2F{opportunity.pk}%2Fapply">Sign in to apply' in \
        visitor.content.decode()
    assert "Applications started: 2 SME, 1 large Applications completed: 1 SME, 1 large" in text_of(visitor)

    newcomer = supplier_offering(SPECIALISTS, supplier_name="New Starters Ltd")
    client.force_login(newcomer)
    offered = page_of(client, opportunity)
    assert "Apply for this opportunity" in text_of(offered) and "Sign in to apply" not in text_of(offered)
    assert f'href="{apply_path}"' in offered.content.decode()

    apply(opportunity, newcomer, submit=False)
    returning = page_of(client, opportunity)
    assert "View your application" in text_of(returning)
    assert "Apply for this opportunity" not in text_of(returning)
    assert "Applications started: 3 SME, 1 large" in text_of(returning)


def test_a_supplier_not_offering_the_role_is_told_why_and_not_offered_to_apply(client, applied, supplier_offering):
    client.force_login(supplier_offering(SPECIALISTS, roles={"designer": {"locations": ["London"],
                                                                          "maxDayRate": "600"}}))
    text = text_of(page_of(client, applied["opportunity"]))
    assert "Apply for this opportunity" not in text and "Sign in to apply" not in text


def test_once_closed_nobody_is_offered_to_apply_but_applicants_see_theirs(client, closed):
    opportunity = closed["opportunity"]
    text = text_of(page_of(client, opportunity))
    assert "Sign in to apply" not in text and "Apply for this opportunity" not in text
    assert "Applications started: 2 SME, 1 large Applications completed: 1 SME, 1 large" in text
    client.force_login(closed["small"])
    assert "View your application" in text_of(page_of(client, opportunity))


def test_the_award_is_on_the_page_and_in_the_catalogue(client, awarded):
    opportunity = awarded["opportunity"]
    line = "Awarded to Agile Works Ltd (SME), contract start date 1 September 2026, value £250,000"
    assert f"Important This opportunity has been awarded {line}." in text_of(page_of(client, opportunity))
    results = text_of(client.get("/opportunities?status=closed"))
    assert "Developer for the booking service Home Office, London Digital specialists: Developer" in results
    assert f"Awarded Applications closed on 8 June 2026 {line}" in results


def test_a_large_winner_is_shown_as_large(client, closed, buyer):
    applications.award(closed["opportunity"], buyer, closed["large_application"], "1200.5", "2026-10-05")
    line = "Awarded to Big Consulting plc (large), contract start date 5 October 2026, value £1,200.50"
    assert line in text_of(page_of(client, closed["opportunity"]))
    assert line in text_of(client.get("/opportunities"))


def test_a_cancelled_opportunity_gives_the_buyers_reason(client, closed, buyer):
    opportunity = closed["opportunity"]
    applications.cancel(opportunity, buyer, "The service is being <b>replaced</b> by a national one.")
    response = page_of(client, opportunity)
    assert ("Important This opportunity was cancelled The buyer cancelled it after applications closed, so no "
            "contract was awarded. The buyer's reason: The service is being <b>replaced</b> by a national one."
            in text_of(response))
    assert "&lt;b&gt;replaced&lt;/b&gt;" in response.content.decode()
    results = text_of(client.get("/opportunities"))
    assert "Cancelled Applications closed on" in results and "Awarded to" not in results


def test_an_unsuccessful_opportunity_gives_the_buyers_reason(client, closed, buyer):
    opportunity = closed["opportunity"]
    applications.mark_unsuccessful(opportunity, buyer, "Neither supplier had worked with Django.")
    assert ("Important No suitable suppliers applied The buyer did not award a contract for this opportunity. "
            "The buyer's reason: Neither supplier had worked with Django.") in text_of(page_of(client, opportunity))
    assert "Unsuccessful Applications closed on" in text_of(client.get("/opportunities"))
