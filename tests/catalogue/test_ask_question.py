"""A supplier asks the buyer a question from the opportunity's page."""

import datetime as dt

import pytest

from catalogue.pages import field_error, text_of
from catalogue.requirements import (OUTCOMES, PARTICIPANTS, PUBLISHING_DAY, SPECIALISTS, draft, publish,
                                   supplier_offering)
from marketplace.opportunities import selectors, services

pytestmark = pytest.mark.django_db

QUESTION = "Will the supplier's team need security clearance before starting?"


@pytest.fixture
def opportunity(buyer, set_clock):
    set_clock(PUBLISHING_DAY)
    return publish(buyer, OUTCOMES)


@pytest.fixture
def supplier(client):
    user = supplier_offering(OUTCOMES)
    client.force_login(user)
    return user


def ask_url(opportunity):
    return f"/opportunities/{opportunity.pk}/ask-a-question"


def test_visitors_sign_in_first_and_buyers_cannot_ask(client, opportunity, buyer):
    response = client.get(ask_url(opportunity))
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in?next=/opportunities/{opportunity.pk}/ask-a-question"
    client.force_login(buyer)
    assert client.get(ask_url(opportunity)).status_code == 403


def test_the_form_says_who_sees_the_question_and_until_when(client, opportunity, supplier):
    response = client.get(ask_url(opportunity))
    assert response.status_code == 200
    text = text_of(response)
    assert "Your question goes to the buyer at Home Office. Only the buyer sees your company's name." in text
    assert "You can ask questions until 11:59pm on Monday 8 June 2026." in text
    page = response.content.decode()
    assert 'data-module="govuk-character-count"' in page and 'data-maxwords="100"' in page
    assert '<textarea class="govuk-textarea govuk-js-character-count' in page


def test_an_empty_or_long_question_is_shown_again_with_the_problem(client, opportunity, supplier, mailbox,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(opportunity), {"question": "  "})
    assert response.status_code == 200
    assert field_error(response, "question") == "Enter your question"
    assert "There is a problem" in text_of(response)
    long_question = " ".join(["why"] * 101)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(opportunity), {"question": long_question})
    assert field_error(response, "question") == "Your question must be 100 words or fewer"
    assert long_question in response.content.decode()  # what the supplier typed is kept
    response = client.post(ask_url(opportunity), {"question": "Why\x00?"})
    assert field_error(response, "question") == "Null characters are not allowed."
    assert not selectors.supplier_questions(opportunity).exists()
    assert mailbox.messages == []


def test_the_question_goes_to_every_buyer_of_the_organisation_and_a_copy_to_the_supplier(
        client, opportunity, supplier, buyer, colleague, other_buyer, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(opportunity), {"question": QUESTION})
    assert response.status_code == 302 and response["Location"] == ask_url(opportunity)
    sent = client.get(ask_url(opportunity))
    text = text_of(sent)
    assert "Your question has been sent" in text
    assert ("We have told the buyer at Home Office about your question. They are due to publish an answer by "
            "11:59pm on Friday 12 June 2026.") in text
    assert f"We have emailed a copy of your question to {supplier.email}." in text
    for person in (buyer, colleague):
        message = mailbox.last_to(person.email)
        assert "Beta phase of the lasting power of attorney service" in message["Subject"]
        assert QUESTION in mailbox.body(message)
    copy = mailbox.last_to(supplier.email)
    assert QUESTION in mailbox.body(copy)
    assert mailbox.to(other_buyer.email) == []
    [asked] = selectors.supplier_questions(opportunity)
    assert asked.question == QUESTION and asked.supplier == supplier.supplier
    # The confirmation is shown once; coming back gives an empty form for another question.
    assert "Your question has been sent" not in text_of(client.get(ask_url(opportunity)))


@pytest.mark.parametrize("lot, offer, reason", [
    (OUTCOMES, dict(lot=OUTCOMES, on_framework=False),
     "Your company is not on the framework this requirement is on, so it cannot ask questions or apply."),
    (OUTCOMES, dict(lot=PARTICIPANTS),
     "Your company does not offer this kind of service, so it cannot ask questions or apply. Add the service to "
     "your company's services first."),
    (SPECIALISTS, dict(lot=SPECIALISTS, roles=["designer"]),
     "Your company does not offer this specialist role, so it cannot ask questions or apply. Add the role to your "
     "company's services first."),
])
def test_a_supplier_that_may_not_ask_is_refused_with_the_reason(client, buyer, set_clock, mailbox, lot, offer,
                                                                reason, django_capture_on_commit_callbacks):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer, lot)
    client.force_login(supplier_offering(**offer))
    for response in (client.get(ask_url(opportunity)), client.post(ask_url(opportunity), {"question": QUESTION})):
        assert response.status_code == 403
        assert f"You cannot ask a question about this opportunity {reason}" in text_of(response)
    assert not selectors.supplier_questions(opportunity).exists()


def test_after_the_deadline_the_supplier_is_told_when_it_was(client, opportunity, supplier, set_clock, mailbox):
    set_clock(PUBLISHING_DAY + dt.timedelta(days=8, hours=15))
    for response in (client.get(ask_url(opportunity)), client.post(ask_url(opportunity), {"question": QUESTION})):
        assert response.status_code == 200
        assert ("You can no longer ask questions about this opportunity The deadline for asking questions was "
                "11:59pm on Monday 8 June 2026.") in text_of(response)
    assert not selectors.supplier_questions(opportunity).exists()


def test_a_withdrawn_opportunity_takes_no_questions(client, opportunity, supplier, buyer):
    services.withdraw_opportunity(opportunity, buyer)
    response = client.post(ask_url(opportunity), {"question": QUESTION})
    assert "This opportunity has been withdrawn, so it no longer takes questions." in text_of(response)
    assert not selectors.supplier_questions(opportunity).exists()


def test_a_draft_cannot_be_asked_about(client, buyer, supplier):
    assert client.get(ask_url(draft(buyer, OUTCOMES))).status_code == 404
