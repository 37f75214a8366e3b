"""Suppliers ask questions and buyers publish answers through the API."""

import datetime as dt

import pytest

from catalogue.requirements import (OUTCOMES, PARTICIPANTS, PUBLISHING_DAY, SPECIALISTS, draft, publish,
                                   supplier_offering)

pytestmark = pytest.mark.django_db

QUESTION = "Is the budget fixed, or could it grow for a longer beta?"


@pytest.fixture
def live(buyer, set_clock):
    set_clock(PUBLISHING_DAY)
    return publish(buyer, OUTCOMES)


def test_an_eligible_supplier_asks_and_the_buyers_are_emailed(api, live, buyer, colleague, mailbox,
                                                             django_capture_on_commit_callbacks):
    supplier = supplier_offering(OUTCOMES)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(supplier).post(f"/opportunities/{live.pk}/questions", {"question": QUESTION})
    assert response.status_code == 201
    body = response.json()
    assert body["question"] == QUESTION and body["supplier"]["name"] == supplier.supplier.name
    assert body["askedAt"].endswith("+01:00")
    assert QUESTION in mailbox.body(mailbox.last_to(buyer.email))
    assert QUESTION in mailbox.body(mailbox.last_to(colleague.email))
    assert QUESTION in mailbox.body(mailbox.last_to(supplier.email))


@pytest.mark.parametrize("lot, offer, code", [
    (OUTCOMES, dict(lot=OUTCOMES, on_framework=False), "supplier-not-on-framework"),
    (OUTCOMES, dict(lot=PARTICIPANTS), "supplier-not-on-lot"),
    (SPECIALISTS, dict(lot=SPECIALISTS, roles=["designer"]), "supplier-not-on-role"),
])
def test_a_supplier_that_may_not_ask_gets_a_403_with_the_reason_as_a_code(api, buyer, lot, offer, code, mailbox):
    opportunity = publish(buyer, lot)
    response = api(supplier_offering(**offer)).post(f"/opportunities/{opportunity.pk}/questions",
                                                    {"question": QUESTION})
    assert response.status_code == 403
    assert response.json()["code"] == code
    assert "so it cannot ask questions or apply" in response.json()["detail"]
    assert mailbox.messages == []


def test_asking_after_the_deadline_is_a_conflict(api, live, set_clock):
    set_clock(PUBLISHING_DAY + dt.timedelta(days=8, hours=15))
    response = api(supplier_offering(OUTCOMES)).post(f"/opportunities/{live.pk}/questions", {"question": QUESTION})
    assert response.status_code == 409
    assert response.json()["detail"] == "The deadline for asking questions was 11:59pm on Monday 8 June 2026"


def test_who_may_ask(api, live, buyer):
    assert api().post(f"/opportunities/{live.pk}/questions", {"question": QUESTION}).status_code == 401
    response = api(buyer).post(f"/opportunities/{live.pk}/questions", {"question": QUESTION})
    assert response.status_code == 403 and "code" not in response.json()
    assert api(supplier_offering(OUTCOMES)).post(f"/opportunities/{draft(buyer).pk}/questions",
                                                 {"question": QUESTION}).status_code == 404


@pytest.mark.parametrize("body, message", [
    ({}, "Enter your question"),
    ({"question": "   "}, "Enter your question"),
    ({"question": " ".join(["why"] * 101)}, "Your question must be 100 words or fewer"),
    ({"question": 7}, None),
    ({"question": "Why\x00?"}, "Remove the NUL character (\\u0000)"),
])
def test_a_question_that_is_empty_long_or_not_text_is_a_400(api, live, body, message):
    response = api(supplier_offering(OUTCOMES)).post(f"/opportunities/{live.pk}/questions", body)
    assert response.status_code == 400
    assert "question" in response.json()["errors"]
    if message:
        assert response.json()["errors"]["question"] == [message]


def test_only_the_owning_buyers_see_the_questions_received(api, live, buyer, colleague, other_buyer):
    supplier = supplier_offering(OUTCOMES)
    api(supplier).post(f"/opportunities/{live.pk}/questions", {"question": QUESTION})
    api(supplier).post(f"/opportunities/{live.pk}/questions", {"question": "Can we work remotely?"})
    response = api(colleague).get(f"/opportunities/{live.pk}/questions")
    assert response.status_code == 200
    assert [q["question"] for q in response.json()] == [QUESTION, "Can we work remotely?"]
    assert response.json()[0]["supplier"] == {"id": supplier.supplier_id, "name": supplier.supplier.name}
    assert api(other_buyer).get(f"/opportunities/{live.pk}/questions").status_code == 403
    assert api(supplier).get(f"/opportunities/{live.pk}/questions").status_code == 403
    assert api().get(f"/opportunities/{live.pk}/questions").status_code == 401
    assert api(other_buyer).get(f"/opportunities/{draft(buyer).pk}/questions").status_code == 404


def test_a_buyer_publishes_an_answer_that_everyone_then_sees(api, live, buyer, other_buyer):
    response = api(buyer).post(f"/opportunities/{live.pk}/clarifications",
                               {"question": "Is the budget fixed?", "answer": "No: it is a range."})
    assert response.status_code == 201
    assert response.json()["number"] == 1
    second = api(buyer).post(f"/opportunities/{live.pk}/clarifications",
                             {"question": "Can we work remotely?", "answer": "Two days a week."})
    assert second.json()["number"] == 2
    published = api().get(f"/opportunities/{live.pk}").json()["clarifications"]
    assert [(c["number"], c["question"], c["answer"]) for c in published] == [
        (1, "Is the budget fixed?", "No: it is a range."), (2, "Can we work remotely?", "Two days a week.")]
    assert api(other_buyer).post(f"/opportunities/{live.pk}/clarifications",
                                 {"question": "Mine?", "answer": "Yes."}).status_code == 403


def test_an_answer_needs_a_question_and_an_answer(api, live, buyer):
    response = api(buyer).post(f"/opportunities/{live.pk}/clarifications", {"question": "Is the budget fixed?"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"answer": ["Enter the answer"]}


def test_answers_are_published_only_while_the_requirement_is_live(api, live, buyer, set_clock):
    set_clock(PUBLISHING_DAY + dt.timedelta(days=16))
    response = api(buyer).post(f"/opportunities/{live.pk}/clarifications", {"question": "Late?", "answer": "Yes."})
    assert response.status_code == 409
