"""Text that cannot be stored, text with nothing visible in it, and text too long to be read: each is refused
with a message naming its field, and nothing is saved."""

import pytest

from catalogue.requirements import OUTCOMES, PUBLISHING_DAY, SPECIALISTS, draft, publish, supplier_offering
from marketplace.audit.models import AuditEvent
from marketplace.opportunities.models import Clarification, Opportunity, SupplierQuestion
from marketplace.text import CHARACTERS_PER_WORD, is_blank

pytestmark = pytest.mark.django_db

LONE_SURROGATE = '"\\ud800"'  # JSON for half of a UTF-16 surrogate pair, as a browser's JSON.stringify can send
INVISIBLE = ["\ufeff", "\u200b\u200d", "\U000e0041\U000e0042", "\u3164", "\u2800", " \u0301 ", "\u00ad"]


def raw(fields):
    """A JSON object whose values are written out as given (so they can hold what json.dumps would escape)."""
    return "{" + ", ".join(f'"{key}": {value}' for key, value in fields.items()) + "}"


@pytest.fixture
def live(buyer, set_clock):
    set_clock(PUBLISHING_DAY)
    return publish(buyer, OUTCOMES)


def test_a_lone_surrogate_in_a_draft_is_a_400_naming_the_field_and_changes_nothing(api, buyer):
    opportunity, as_buyer = draft(buyer, SPECIALISTS), api(buyer)
    before = (opportunity.title, AuditEvent.objects.count())
    response = as_buyer.patch(f"/opportunities/{opportunity.pk}", raw=raw({"title": LONE_SURROGATE}))
    assert response.status_code == 400
    assert response.json() == {"detail": "Some of what was sent is not valid.",
                               "errors": {"title": ["Remove half of a UTF-16 surrogate pair (\\ud800 to \\udfff)"]}}
    opportunity.refresh_from_db()
    assert (opportunity.title, AuditEvent.objects.count()) == before


def test_a_lone_surrogate_deep_in_a_list_or_in_a_key_names_its_top_level_field(api, buyer):
    response = api(buyer).post("/opportunities", raw=raw({"lot": f'"{OUTCOMES}"',
                                                          "essentialRequirements": '["Fine", "\\udfff"]'}))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["essentialRequirements"]
    response = api(buyer).post("/opportunities", raw=raw({"lot": f'"{OUTCOMES}"', '\\ud800': '"x"'}))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["__all__"]
    assert not Opportunity.objects.exists()


def test_a_supplier_question_with_a_lone_surrogate_is_a_400(api, live):
    supplier = supplier_offering(OUTCOMES)
    response = api(supplier).post(f"/opportunities/{live.pk}/questions", raw=raw({"question": '"Why \\ud83d?"'}))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["question"]
    assert not SupplierQuestion.objects.exists()


def test_a_whole_emoji_written_as_a_surrogate_pair_is_fine(api, buyer):
    response = api(buyer).post("/opportunities", raw=raw({"lot": f'"{OUTCOMES}"', "title": '"Booking \\ud83d\\udcc5"'}))
    assert response.status_code == 201
    assert response.json()["title"] == "Booking \U0001f4c5"


def test_a_form_post_with_the_bytes_of_a_surrogate_is_read_as_replacement_characters(client, buyer, live):
    """Form bodies are bytes, decoded with replacement, so no surrogate reaches a rule from a page."""
    client.force_login(buyer)
    response = client.post(f"/buyers/requirements/{live.pk}/questions", "question=Why%ED%A0%80%3F&answer=Because",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert Clarification.objects.get().question == "Why\ufffd\ufffd\ufffd?"


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_text_with_no_visible_character_is_blank(invisible):
    assert is_blank(invisible)


@pytest.mark.parametrize("visible", ["a", "\u00e9", "e\u0301", "\U0001f4c5", "\u4e2d", "\u0661", "-"])
def test_text_with_a_visible_character_is_not_blank(visible):
    assert not is_blank(visible)


@pytest.mark.parametrize("invisible", ["\ufeff", "\U000e0041\U000e0042\U000e007f", "\u200b \u3164"])
def test_a_title_of_invisible_characters_is_no_title_so_the_draft_cannot_be_published(api, buyer, invisible):
    as_buyer = api(buyer)
    opportunity = draft(buyer, SPECIALISTS)
    response = as_buyer.patch(f"/opportunities/{opportunity.pk}", {"title": invisible})
    assert response.status_code == 200 and response.json()["title"] is None  # a blank answer clears it
    response = as_buyer.post(f"/opportunities/{opportunity.pk}/publish")
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == ["Enter title"]
    assert not Opportunity.objects.filter(published_at__isnull=False).exists()


def test_a_question_of_invisible_characters_is_missing(api, live):
    response = api(supplier_offering(OUTCOMES)).post(f"/opportunities/{live.pk}/questions", {"question": "\u200b\ufeff"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"question": ["Enter your question"]}


def test_a_published_clarification_has_the_limits_of_a_supplier_question_and_a_500_word_answer(api, live, buyer):
    long_word = "x" * 100_000
    response = api(buyer).post(f"/opportunities/{live.pk}/clarifications", {"question": long_word, "answer": long_word})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "question": [f"The question must be {100 * CHARACTERS_PER_WORD:,} characters or fewer"],
        "answer": [f"The answer must be {500 * CHARACTERS_PER_WORD:,} characters or fewer"]}
    response = api(buyer).post(f"/opportunities/{live.pk}/clarifications",
                               {"question": " ".join(["why"] * 101), "answer": " ".join(["because"] * 501)})
    assert response.json()["errors"] == {"question": ["The question must be 100 words or fewer"],
                                         "answer": ["The answer must be 500 words or fewer"]}
    assert not Clarification.objects.exists()
    response = api(buyer).post(f"/opportunities/{live.pk}/clarifications",
                               {"question": " ".join(["why"] * 100), "answer": " ".join(["because"] * 500)})
    assert response.status_code == 201


def test_a_supplier_question_of_one_enormous_word_is_too_long(api, live):
    response = api(supplier_offering(OUTCOMES)).post(f"/opportunities/{live.pk}/questions", {"question": "y" * 5000})
    assert response.json()["errors"] == {"question": [f"Your question must be {100 * CHARACTERS_PER_WORD:,} "
                                                      f"characters or fewer"]}


def test_a_textarea_answer_of_one_enormous_word_is_too_long(api, buyer):
    opportunity = draft(buyer, OUTCOMES)
    response = api(buyer).patch(f"/opportunities/{opportunity.pk}", {"summary": "z" * 10_000})
    assert response.status_code == 400
    assert response.json()["errors"] == {"summary": [f"Summary of the work must be {50 * CHARACTERS_PER_WORD:,} "
                                                     f"characters or fewer"]}
