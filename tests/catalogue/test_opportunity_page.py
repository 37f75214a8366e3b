"""An opportunity's public page: every answer in plain language, the dates in London time, the questions and
answers, what has happened to it, and whether the reader can ask a question."""

import datetime as dt

import pytest

from catalogue.pages import text_of
from catalogue.requirements import (OUTCOMES, PARTICIPANTS, PUBLISHING_DAY, QA_SESSION, SPECIALISTS, draft, publish,
                                   supplier_offering)
from factories import make_admin
from marketplace.opportunities import services
from marketplace.opportunities.models import Opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_publishing_day(set_clock):
    set_clock(PUBLISHING_DAY)


def page_text(client, opportunity):
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert response.status_code == 200
    return text_of(response)


def test_an_outcomes_requirement_reads_section_by_section(client, buyer, on_publishing_day):
    text = page_text(client, publish(buyer, OUTCOMES))
    assert text.startswith("Home Office Beta phase of the lasting power of attorney service Organisation Home Office "
                           "– Office of the Public Guardian Location London Category Digital outcomes")
    assert ("Overview Summary of the work Build and run the beta of a digital service that lets people make a "
            "lasting power of attorney online. Latest start date 31 July 2026 Expected contract length 6 months "
            "Budget range £400,000 to £600,000 Off-payroll (IR35) determination Contracted out service") in text
    assert ("About the work Why the work is being done Paper applications take 8 weeks to process. "
            "A quarter are rejected. Problem to be solved People can make a lasting power of attorney online "
            "without help.") in text
    assert "Current phase Beta Existing team A product manager" in text
    assert "Work setup Address where the work will take place 102 Petty France, London SW1H 9AJ" in text
    assert ("Skills and experience Essential skills and experience Agile delivery of government services "
            "User-centred design Nice-to-have skills and experience Experience with legal services") in text
    assert ("How suppliers will be evaluated Number of suppliers to evaluate 5 Proposal criteria How you would "
            "approach the beta Cultural fit criteria Working in the open How suppliers will be priced Capped time "
            "and materials Assessment methods Case study Presentation Technical competence weighting 60% "
            "Cultural fit weighting 15% Price weighting 25%") in text
    assert "Additional information Additional terms and conditions Work to GDS standards." in text
    assert "What the specialist will work on" not in text and "About the research" not in text


def test_a_specialists_requirement_names_the_role_and_day_rate(client, buyer, on_publishing_day):
    text = page_text(client, publish(buyer, SPECIALISTS))
    assert "Category Digital specialists Specialist role Developer" in text
    assert "Overview Specialist role Developer Summary of the work" in text
    assert "Maximum day rate £650 a day" in text
    assert "Open for 1 week" in text
    assert ("About the work What the specialist will work on Build the booking front end and its API in Python and "
            "Django. Who the specialist will work with A delivery manager, a designer and two developers.") in text
    assert "Problem to be solved" not in text and "Proposal criteria" not in text


def test_a_research_participants_requirement_is_about_the_research(client, buyer, on_publishing_day):
    text = page_text(client, publish(buyer, PARTICIPANTS))
    assert "Location Wales Category User research participants" in text
    assert "Research dates First week of March, then one day a fortnight until June" in text
    assert "About the research How many rounds of research 3 How many participants in each round" in text
    assert "Research outside working hours Weekends" in text
    assert "Where the research will happen Where the research will take place Our research lab in Cardiff" in text
    assert "Latest start date" not in text and "Work setup" not in text


def test_the_important_dates_are_in_london_time(client, buyer, on_publishing_day):
    text = page_text(client, publish(buyer, OUTCOMES))
    assert ("Important dates Published Monday 1 June 2026 Deadline for asking questions 11:59pm on Monday 8 June "
            "2026 Answers to questions published by 11:59pm on Friday 12 June 2026 Closing date for applications "
            "11:59pm on Monday 15 June 2026") in text


def test_question_and_answer_session_details_only_for_signed_in_suppliers(client, buyer, other_buyer,
                                                                         on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    text = page_text(client, opportunity)
    assert ("Question and answer session Question and answer session details Only suppliers who are signed in can "
            "see this. Sign in to see it.") in text
    assert QA_SESSION not in text
    client.force_login(other_buyer)
    assert QA_SESSION not in page_text(client, opportunity)
    client.force_login(supplier_offering())
    assert f"Question and answer session details {QA_SESSION}" in page_text(client, opportunity)
    client.force_login(buyer)
    assert QA_SESSION in page_text(client, opportunity)


def test_published_answers_to_questions_are_numbered_and_dated(client, buyer, set_clock, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    assert "Questions asked by suppliers No questions have been answered yet." in page_text(client, opportunity)
    set_clock(forward=dt.timedelta(days=1))
    services.publish_clarification(opportunity, buyer, "Is the <b>budget</b> fixed?", "No: it is a range.")
    services.publish_clarification(opportunity, buyer, "Can we work remotely?", "Two days a week.\nNot more.")
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert ("Questions asked by suppliers 1. Is the <b>budget</b> fixed? No: it is a range. Answered 2 June 2026 "
            "2. Can we work remotely? Two days a week. Not more. Answered 2 June 2026") in text_of(response)
    assert "Is the &lt;b&gt;budget&lt;/b&gt; fixed?" in response.content.decode()


def test_a_withdrawn_opportunity_says_so(client, buyer, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    services.withdraw_opportunity(opportunity, buyer)
    text = page_text(client, opportunity)
    assert ("Important This opportunity was withdrawn on Monday 1 June 2026 The buyer withdrew it, so it no longer "
            "takes questions or applications.") in text
    assert "Sign in to ask a question" not in text


def test_a_closed_opportunity_says_so(client, buyer, set_clock, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    set_clock(forward=dt.timedelta(days=15))
    text = page_text(client, opportunity)
    assert ("Important This opportunity is closed for applications The deadline was 11:59pm on Monday 15 June 2026."
            in text)
    assert "Asking a question" not in text


@pytest.mark.parametrize("field, banner", [
    ("cancelled_at", "This opportunity was cancelled"),
    ("unsuccessful_at", "No suitable suppliers applied"),
    ("awarded_at", "This opportunity has been awarded"),
])
def test_an_outcome_is_shown_once_decided(client, buyer, set_clock, on_publishing_day, field, banner):
    opportunity = publish(buyer, OUTCOMES)
    now = set_clock(forward=dt.timedelta(days=16))
    # The award and cancel services arrive with the applications; the page reads the outcome from the timestamps.
    Opportunity.objects.filter(pk=opportunity.pk).update(**{field: now})
    assert f"Important {banner}" in page_text(client, opportunity)


def test_a_draft_is_not_found_except_by_its_own_buyers_who_see_the_preview(client, buyer, colleague, other_buyer):
    unpublished = draft(buyer, OUTCOMES)
    for visitor in (None, other_buyer, supplier_offering(OUTCOMES), make_admin()):
        client.logout()
        if visitor:
            client.force_login(visitor)
        response = client.get(f"/opportunities/{unpublished.pk}")
        assert response.status_code == 404
        assert "Page not found" in text_of(response)
    for owner in (buyer, colleague):
        client.force_login(owner)
        response = client.get(f"/opportunities/{unpublished.pk}")
        assert response.status_code == 302
        assert response["Location"] == f"/buyers/requirements/{unpublished.pk}/preview"


def test_an_opportunity_that_does_not_exist_is_not_found(client):
    assert client.get("/opportunities/987654").status_code == 404


# Asking a question -----------------------------------------------------------------------------------------

def test_visitors_are_asked_to_sign_in_to_ask_a_question(client, buyer, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert ("Suppliers on the framework can ask the buyer a question until 11:59pm on Monday 8 June 2026. "
            "Sign in to ask a question") in text_of(response)
    assert (f'href="/sign-in?next=%2Fopportunities%2F{opportunity.pk}%2Fask-a-question">Sign in to ask a question'
            in response.content.decode())


def test_an_eligible_supplier_is_offered_to_ask_a_question(client, buyer, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    client.force_login(supplier_offering(OUTCOMES))
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert "You can ask the buyer a question until 11:59pm on Monday 8 June 2026." in text_of(response)
    assert f'href="/opportunities/{opportunity.pk}/ask-a-question"' in response.content.decode()


@pytest.mark.parametrize("lot, supplier, reason", [
    (OUTCOMES, dict(lot=OUTCOMES, on_framework=False),
     "Your company is not on the framework this requirement is on, so it cannot ask questions or apply."),
    (OUTCOMES, dict(lot=PARTICIPANTS),
     "Your company does not offer this kind of service, so it cannot ask questions or apply."),
    (SPECIALISTS, dict(lot=SPECIALISTS, roles=["designer"]),
     "Your company does not offer this specialist role, so it cannot ask questions or apply."),
])
def test_a_supplier_that_may_not_ask_is_told_exactly_why(client, buyer, on_publishing_day, lot, supplier, reason):
    opportunity = publish(buyer, lot)
    client.force_login(supplier_offering(**supplier))
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert reason in text_of(response)
    assert "/ask-a-question" not in response.content.decode()


def test_once_questions_close_the_page_gives_the_deadline(client, buyer, set_clock, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    client.force_login(supplier_offering(OUTCOMES))
    set_clock(PUBLISHING_DAY + dt.timedelta(days=8, hours=15))  # just after 11:59pm on 8 June in London
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert "Asking a question The deadline for asking questions was 11:59pm on Monday 8 June 2026." in text_of(
        response)
    assert "/ask-a-question" not in response.content.decode()


def test_the_owning_buyers_are_pointed_to_the_questions_they_received(client, buyer, colleague, on_publishing_day):
    opportunity = publish(buyer, OUTCOMES)
    client.force_login(colleague)
    response = client.get(f"/opportunities/{opportunity.pk}")
    assert "See the questions suppliers have asked" in text_of(response)
    assert f'href="/buyers/requirements/{opportunity.pk}/questions"' in response.content.decode()
