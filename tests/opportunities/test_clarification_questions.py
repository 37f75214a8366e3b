"""Suppliers ask questions privately while questions are open; the buyer's organisation is told by email, with
the date its answers are due; the buyer publishes questions and answers, numbered, for everyone to read."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from factories import make_admin, make_buyer, make_supplier_user
from marketplace.accounts.services import suspend_account
from marketplace.audit.models import AuditEvent
from marketplace.clock import LONDON
from marketplace.opportunities.models import SupplierQuestion
from marketplace.opportunities.selectors import clarifications, questions_open, supplier_questions
from marketplace.opportunities.services import (
    NotEligible, StateConflict, ask_question, eligibility_refusal, publish_clarification, withdraw_opportunity,
)

from .conftest import OUTCOMES, PARTICIPANTS, SPECIALISTS, words

pytestmark = pytest.mark.django_db

QUESTION = "Will the team have access to the current caseworking system during discovery?"


def london(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def published_on_friday_30_april_2027(live, set_clock):
    """Digital outcomes are open 2 weeks. Friday 30 April 2027; Monday 3 May is the May Day bank holiday.
    Questions close on the 5th working day: Tue 4, Wed 5, Thu 6, Fri 7, Mon 10 May. Applications close Friday
    14 May; answers are due the working day before, Thursday 13 May."""
    set_clock(london(2027, 4, 30))
    return live(OUTCOMES)


def test_an_eligible_supplier_asks_and_every_buyer_of_the_organisation_is_told(
        published_on_friday_30_april_2027, buyer, colleague, other_buyer, supplier_offering, mailbox,
        django_capture_on_commit_callbacks, set_clock):
    opportunity = published_on_friday_30_april_2027
    suspended = make_buyer(name="Gone Away")
    suspend_account(suspended, by=make_admin())
    supplier = supplier_offering(OUTCOMES, supplier_name="Agile Works Ltd")
    set_clock(london(2027, 5, 4, 15))

    with django_capture_on_commit_callbacks(execute=True):
        asked = ask_question(opportunity, supplier, f"  {QUESTION}  ")

    assert asked.question == QUESTION and asked.supplier == supplier.supplier
    assert list(supplier_questions(opportunity)) == [asked]
    for person in (buyer, colleague):
        message = mailbox.last_to(person.email)
        assert message["Subject"] == ("A supplier has asked a question about "
                                      "Beta phase of the lasting power of attorney service")
        body = mailbox.body(message)
        assert QUESTION in body and "Agile Works Ltd" in body
        assert "Publish your answer by 11:59pm on Thursday 13 May 2027" in body
        assert "Applications close at 11:59pm on Friday 14 May 2027" in body
        assert f"/buyers/requirements/{opportunity.pk}/questions" in body
    copy = mailbox.last_to(supplier.email)
    assert copy["Subject"] == "Your question about Beta phase of the lasting power of attorney service"
    assert QUESTION in mailbox.body(copy) and "11:59pm on Thursday 13 May 2027" in mailbox.body(copy)
    assert mailbox.to(suspended.email) == [] and mailbox.to(other_buyer.email) == []
    assert len(mailbox.messages) == 3
    assert AuditEvent.objects.filter(action="opportunity.question_asked", actor=supplier).count() == 1


@pytest.mark.parametrize("lot,offers,role,code", [
    (OUTCOMES, None, None, "supplier-not-on-framework"),
    (OUTCOMES, PARTICIPANTS, None, "supplier-not-on-lot"),
    (SPECIALISTS, SPECIALISTS, "designer", "supplier-not-on-role"),
])
def test_a_supplier_that_cannot_apply_cannot_ask(lot, offers, role, code, live, supplier_offering, mailbox,
                                                django_capture_on_commit_callbacks):
    opportunity = live(lot)
    if offers is None:
        supplier = make_supplier_user(on_framework=False)
    else:
        supplier = supplier_offering(offers, roles=[role] if role else None)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(NotEligible) as refused:
            ask_question(opportunity, supplier, QUESTION)
    assert refused.value.code == code
    assert isinstance(refused.value, PermissionDenied)
    assert not SupplierQuestion.objects.exists() and mailbox.messages == []


def test_a_supplier_offering_the_role_may_ask(live, supplier_offering):
    opportunity = live(SPECIALISTS)  # a developer
    supplier = supplier_offering(SPECIALISTS, roles=["designer", "developer"])
    assert eligibility_refusal(supplier, opportunity) is None
    assert ask_question(opportunity, supplier, QUESTION).question == QUESTION


def test_the_refusal_says_what_is_missing(live, supplier_offering):
    supplier = supplier_offering(SPECIALISTS, roles=["designer"])
    with pytest.raises(NotEligible, match="does not offer this specialist role"):
        ask_question(live(SPECIALISTS), supplier, QUESTION)


def test_a_buyer_cannot_ask_a_question(live, buyer):
    with pytest.raises(PermissionDenied):
        ask_question(live(OUTCOMES), buyer, QUESTION)


def test_a_late_question_is_refused_with_the_deadline(published_on_friday_30_april_2027, supplier_offering,
                                                     set_clock, mailbox):
    opportunity = published_on_friday_30_april_2027
    supplier = supplier_offering(OUTCOMES)
    set_clock(london(2027, 5, 10, 23) + dt.timedelta(minutes=59))  # 23:59 on the last day: still open
    assert questions_open(opportunity)
    set_clock(london(2027, 5, 11, 0) + dt.timedelta(seconds=1))
    assert not questions_open(opportunity)
    with pytest.raises(StateConflict) as refused:
        ask_question(opportunity, supplier, QUESTION)
    assert str(refused.value) == "The deadline for asking questions was 11:59pm on Monday 10 May 2027"
    assert not SupplierQuestion.objects.exists()


def test_no_questions_about_a_withdrawn_requirement(live, buyer, supplier_offering):
    opportunity = live(OUTCOMES)
    withdraw_opportunity(opportunity, buyer)
    with pytest.raises(StateConflict, match="withdrawn"):
        ask_question(opportunity, supplier_offering(OUTCOMES), QUESTION)


def test_a_question_may_be_100_words_but_not_101(live, supplier_offering):
    opportunity = live(SPECIALISTS)
    supplier = supplier_offering(SPECIALISTS)
    with pytest.raises(ValidationError) as refused:
        ask_question(opportunity, supplier, words(101, "why"))
    assert refused.value.message_dict == {"question": ["Your question must be 100 words or fewer"]}
    with pytest.raises(ValidationError) as refused:
        ask_question(opportunity, supplier, "   ")
    assert refused.value.message_dict == {"question": ["Enter your question"]}
    assert ask_question(opportunity, supplier, words(100, "why")).question == words(100, "why")


# Publishing questions and answers ------------------------------------------------------------------------

def test_the_buyer_publishes_numbered_questions_and_answers(live, buyer, colleague):
    opportunity = live(OUTCOMES)
    first = publish_clarification(opportunity, buyer, "Can we work remotely?", "Yes, two days a week.")
    second = publish_clarification(opportunity, colleague, "Is there a budget?", "Up to £400,000.")
    assert (first.number, second.number) == (1, 2)
    assert [(c.number, c.question, c.answer) for c in clarifications(opportunity)] == [
        (1, "Can we work remotely?", "Yes, two days a week."), (2, "Is there a budget?", "Up to £400,000.")]
    assert AuditEvent.objects.filter(action="opportunity.clarification_published").count() == 2


def test_only_the_owning_organisation_publishes_answers(live, other_buyer, supplier_offering):
    opportunity = live(OUTCOMES)
    for outsider in (other_buyer, supplier_offering(OUTCOMES)):
        with pytest.raises(PermissionDenied):
            publish_clarification(opportunity, outsider, "Can we work remotely?", "Yes.")
    assert list(clarifications(opportunity)) == []


def test_answers_are_published_only_while_the_requirement_is_open(draft, live, buyer, set_clock):
    with pytest.raises(StateConflict):
        publish_clarification(draft(OUTCOMES), buyer, "Can we work remotely?", "Yes.")
    opportunity = live(OUTCOMES)
    set_clock(opportunity.closing_at + dt.timedelta(seconds=1))
    with pytest.raises(StateConflict):
        publish_clarification(opportunity, buyer, "Can we work remotely?", "Yes.")


def test_a_question_and_answer_must_both_be_given(live, buyer):
    opportunity = live(OUTCOMES)
    with pytest.raises(ValidationError) as refused:
        publish_clarification(opportunity, buyer, "", words(501, "yes"))
    assert refused.value.message_dict == {"question": ["Enter the question"],
                                          "answer": ["The answer must be 500 words or fewer"]}
    assert list(clarifications(opportunity)) == []
