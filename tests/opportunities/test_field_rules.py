"""Every requirement field's rule, at its edge: exactly at the limit passes, one over is refused with the words
the buyer sees on the page (and an integrator in the API's 400)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, strategies as st

from marketplace.opportunities.questions import BY_KEY, check_answers, check_complete, clean_answer
from marketplace.text import count_words

from .conftest import OUTCOMES, PARTICIPANTS, SPECIALISTS, complete_answers, words

TODAY = dt.date(2026, 11, 23)


def problems(lot, answers):
    """The messages check_answers gives, by field ({} when every answer is fine)."""
    try:
        check_answers(lot, answers)
    except ValidationError as error:
        return error.message_dict
    return {}


def publishing_problems(lot, answers, today=TODAY):
    try:
        check_complete(lot, answers, today)
    except ValidationError as error:
        return error.message_dict
    return {}


# Text limits ---------------------------------------------------------------------------------------------

CHARACTER_LIMITS = [
    # (field, lot, limit, message when one over)
    ("title", OUTCOMES, 100, "Title must be 100 characters or fewer"),
    ("title", SPECIALISTS, 100, "Title must be 100 characters or fewer"),
    ("title", PARTICIPANTS, 100, "Title must be 100 characters or fewer"),
    ("organisationUnit", OUTCOMES, 100, "Team or part of your organisation must be 100 characters or fewer"),
    ("researchRounds", PARTICIPANTS, 100, "How many rounds of research must be 100 characters or fewer"),
    ("researchDates", PARTICIPANTS, 100, "Research dates must be 100 characters or fewer"),
    ("contractLength", OUTCOMES, 100, "Expected contract length must be 100 characters or fewer"),
    ("contractLength", SPECIALISTS, 100, "Expected contract length must be 100 characters or fewer"),
]


@pytest.mark.parametrize("key,lot,limit,message", CHARACTER_LIMITS)
def test_character_limits(key, lot, limit, message):
    at_limit = "x" * limit
    assert check_answers(lot, {key: at_limit}) == {key: at_limit}
    assert problems(lot, {key: at_limit + "y"}) == {key: [message]}


def test_a_title_of_100_characters_passes_and_101_fails():
    title = "Beta phase of the lasting power of attorney service, for people making one online without help "
    title = title + "x" * (100 - len(title))
    assert len(title) == 100
    assert clean_answer(BY_KEY["title"], title, OUTCOMES) == title
    with pytest.raises(ValueError, match="^Title must be 100 characters or fewer$"):
        clean_answer(BY_KEY["title"], title + "!", OUTCOMES)


def test_spaces_around_an_answer_do_not_count():
    assert check_answers(OUTCOMES, {"title": "  " + "x" * 100 + "\n"}) == {"title": "x" * 100}


WORD_LIMITS = [
    ("summary", OUTCOMES, 50, "Summary of the work must be 50 words or fewer"),
    ("summary", SPECIALISTS, 50, "Summary of the work must be 50 words or fewer"),
    ("summary", PARTICIPANTS, 50, "Summary of the work must be 50 words or fewer"),
    ("backgroundInformation", OUTCOMES, 200, "Why the work is being done must be 200 words or fewer"),
    ("outcome", OUTCOMES, 200, "Problem to be solved must be 200 words or fewer"),
    ("endUsers", OUTCOMES, 200, "Who the users are and what they need to do must be 200 words or fewer"),
    ("specialistWork", SPECIALISTS, 100, "What the specialist will work on must be 100 words or fewer"),
    ("workAlreadyDone", OUTCOMES, 100, "Work already done must be 100 words or fewer"),
    ("existingTeam", OUTCOMES, 100, "Existing team must be 100 words or fewer"),
    ("existingTeam", SPECIALISTS, 100, "Existing team must be 100 words or fewer"),
    ("earlyMarketEngagement", OUTCOMES, 200, "Early market engagement must be 200 words or fewer"),
    ("earlyMarketEngagement", SPECIALISTS, 200, "Early market engagement must be 200 words or fewer"),
    ("earlyMarketEngagement", PARTICIPANTS, 200, "Early market engagement must be 200 words or fewer"),
    ("participantsPerRound", PARTICIPANTS, 100, "How many participants in each round must be 100 words or fewer"),
    ("researchFrequency", PARTICIPANTS, 100, "How often research will happen must be 100 words or fewer"),
    ("researchAddress", PARTICIPANTS, 100, "Where the research will take place must be 100 words or fewer"),
    ("participantSpecification", PARTICIPANTS, 200, "Who the participants are must be 200 words or fewer"),
    ("accessRestrictions", PARTICIPANTS, 100,
     "Access restrictions at the research location must be 100 words or fewer"),
    ("participantAccessibilityNeeds", PARTICIPANTS, 100,
     "Participants' accessibility needs must be 100 words or fewer"),
    ("researchPlan", PARTICIPANTS, 100, "Research plan must be 100 words or fewer"),
    ("workplaceAddress", OUTCOMES, 100, "Address where the work will take place must be 100 words or fewer"),
    ("workplaceAddress", SPECIALISTS, 100, "Address where the work will take place must be 100 words or fewer"),
    ("workingArrangements", OUTCOMES, 100, "Working arrangements must be 100 words or fewer"),
    ("workingArrangements", SPECIALISTS, 100, "Working arrangements must be 100 words or fewer"),
    ("securityClearance", OUTCOMES, 50, "Security clearance must be 50 words or fewer"),
    ("securityClearance", SPECIALISTS, 50, "Security clearance must be 50 words or fewer"),
    ("additionalTerms", OUTCOMES, 100, "Additional terms and conditions must be 100 words or fewer"),
    ("additionalTerms", PARTICIPANTS, 100, "Additional terms and conditions must be 100 words or fewer"),
    ("budgetRange", OUTCOMES, 100, "Budget range must be 100 words or fewer"),
    ("budgetRange", SPECIALISTS, 100, "Budget range must be 100 words or fewer"),
    ("budgetRange", PARTICIPANTS, 100, "Budget range must be 100 words or fewer"),
    ("questionAndAnswerSessionDetails", OUTCOMES, 100,
     "Question and answer session details must be 100 words or fewer"),
]


@pytest.mark.parametrize("key,lot,limit,message", WORD_LIMITS)
def test_word_limits(key, lot, limit, message):
    at_limit = words(limit, "team")
    assert check_answers(lot, {key: at_limit}) == {key: at_limit}
    assert problems(lot, {key: words(limit + 1, "team")}) == {key: [message]}


def test_every_word_limited_question_is_covered_above():
    """A new word-limited question needs its edge checked too."""
    declared = {(q.key, lot) for q in BY_KEY.values() if q.max_words for lot in q.lots}
    covered = {(key, lot) for key, lot, _, _ in WORD_LIMITS}
    # Lots that ask the same question with the same limit need only one representative each.
    assert {key for key, _ in declared} == {key for key, _ in covered}


def test_a_summary_of_50_words_passes_and_51_fails_however_it_is_laid_out():
    summary = "We need a team to run the beta of a digital service - one that lets people make a lasting " \
              "power of attorney online, sign it and register it. The full-stack team will work with our " \
              "designers and researchers & the Office of the Public Guardian, e.g. its caseworkers, in central London."
    assert count_words(summary) == 50
    assert check_answers(OUTCOMES, {"summary": summary})["summary"] == summary
    assert problems(OUTCOMES, {"summary": summary + " Thanks."}) == {
        "summary": ["Summary of the work must be 50 words or fewer"]}


def test_a_one_line_answer_keeps_to_one_line():
    assert check_answers(PARTICIPANTS, {"researchDates": "March\r\nthen June"}) == {"researchDates": "March then June"}


# Counting words like a person ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,count", [
    ("full-stack", 1),
    ("-", 0),
    (" - ", 0),
    ("design – build", 2),
    ("£650 a day", 3),
    ("e.g. a developer", 3),
    ("research & design", 2),
    ("• one\n• two\n\n• three", 3),
    ("", 0),
    (None, 0),
])
def test_count_words_counts_like_a_person(text, count):
    assert count_words(text) == count


WORD = st.text(alphabet=st.characters(categories=["L", "Nd"]), min_size=1, max_size=8)
WORD_WITH_PUNCTUATION = st.builds(lambda a, sep, b: a + sep + b, WORD, st.sampled_from(["-", "'", ".", "/"]), WORD)
LONE_MARK = st.sampled_from(["-", "–", "—", "•", "&", "*", "/", "|"])
GAP = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", " \n "])


@given(parts=st.lists(st.one_of(WORD.map(lambda w: (w, 1)), WORD_WITH_PUNCTUATION.map(lambda w: (w, 1)),
                                LONE_MARK.map(lambda m: (m, 0))), max_size=60),
       gaps=st.lists(GAP, min_size=61, max_size=61))
def test_count_words_counts_each_word_once_and_no_lone_marks(parts, gaps):
    text = "".join(gap + token for gap, (token, _) in zip(gaps, parts))
    assert count_words(text) == sum(n for _, n in parts)


@given(n=st.integers(min_value=0, max_value=120))
def test_a_word_limit_allows_exactly_its_number_of_words(n):
    question, text = BY_KEY["workAlreadyDone"], words(n, "users")
    if n == 0:
        assert clean_answer(question, text, OUTCOMES) is None  # nothing written is no answer
    elif n <= 100:
        assert clean_answer(question, text, OUTCOMES) == text
    else:
        with pytest.raises(ValueError, match="^Work already done must be 100 words or fewer$"):
            clean_answer(question, text, OUTCOMES)


# Whole numbers in a range --------------------------------------------------------------------------------

@pytest.mark.parametrize("lot", [OUTCOMES, SPECIALISTS, PARTICIPANTS])
def test_number_of_suppliers_is_3_to_15(lot):
    assert check_answers(lot, {"numberOfSuppliers": 3}) == {"numberOfSuppliers": 3}
    assert check_answers(lot, {"numberOfSuppliers": "15"}) == {"numberOfSuppliers": 15}
    message = ["How many suppliers to evaluate must be between 3 and 15"]
    assert problems(lot, {"numberOfSuppliers": 2}) == {"numberOfSuppliers": message}
    assert problems(lot, {"numberOfSuppliers": 16}) == {"numberOfSuppliers": message}


@given(n=st.integers(min_value=-10**6, max_value=10**6))
def test_number_of_suppliers_outside_3_to_15_is_always_refused(n):
    question = BY_KEY["numberOfSuppliers"]
    if 3 <= n <= 15:
        assert clean_answer(question, str(n), SPECIALISTS) == n
    else:
        with pytest.raises(ValueError, match="^How many suppliers to evaluate must be between 3 and 15$"):
            clean_answer(question, n, SPECIALISTS)


@pytest.mark.parametrize("value", ["3.5", "three", "", "1e1", True, 4.5, [5]])
def test_number_of_suppliers_must_be_a_whole_number(value):
    if value == "":
        assert check_answers(OUTCOMES, {"numberOfSuppliers": value}) == {"numberOfSuppliers": None}
    else:
        assert problems(OUTCOMES, {"numberOfSuppliers": value}) == {
            "numberOfSuppliers": ["How many suppliers to evaluate must be a whole number"]}


WEIGHTING_RANGES = [
    # (field, lot, lowest, highest, name on the page)
    ("technicalWeighting", OUTCOMES, 10, 75, "Technical competence weighting"),
    ("culturalWeighting", OUTCOMES, 5, 20, "Cultural fit weighting"),
    ("priceWeighting", OUTCOMES, 20, 85, "Price weighting"),
    ("technicalWeighting", SPECIALISTS, 10, 75, "Technical competence weighting"),
    ("culturalWeighting", SPECIALISTS, 5, 20, "Cultural fit weighting"),
    ("priceWeighting", SPECIALISTS, 20, 85, "Price weighting"),
    ("technicalWeighting", PARTICIPANTS, 10, 70, "Technical competence weighting"),
    ("culturalWeighting", PARTICIPANTS, 10, 70, "Cultural fit weighting"),
    ("priceWeighting", PARTICIPANTS, 20, 80, "Price weighting"),
]


@pytest.mark.parametrize("key,lot,low,high,name", WEIGHTING_RANGES)
def test_each_weighting_has_its_range_on_each_lot(key, lot, low, high, name):
    message = [f"{name} must be between {low} and {high}"]
    assert check_answers(lot, {key: low}) == {key: low}
    assert check_answers(lot, {key: high}) == {key: high}
    assert problems(lot, {key: low - 1}) == {key: message}
    assert problems(lot, {key: high + 1}) == {key: message}


@given(data=st.data())
def test_a_weighting_passes_exactly_inside_its_range(data):
    key, lot, low, high, name = data.draw(st.sampled_from(WEIGHTING_RANGES))
    value = data.draw(st.integers(min_value=low - 50, max_value=high + 50))
    if low <= value <= high:
        assert clean_answer(BY_KEY[key], value, lot) == value
    else:
        with pytest.raises(ValueError, match=f"^{name} must be between {low} and {high}$"):
            clean_answer(BY_KEY[key], value, lot)


def test_weightings_must_total_100():
    assert problems(OUTCOMES, {"technicalWeighting": 60, "culturalWeighting": 20, "priceWeighting": 20}) == {}
    assert problems(OUTCOMES, {"technicalWeighting": 60, "culturalWeighting": 20, "priceWeighting": 21}) == {
        "technicalWeighting": ["The weightings must add up to 100 (they add up to 101)"]}
    assert problems(PARTICIPANTS, {"technicalWeighting": 10, "culturalWeighting": 10, "priceWeighting": 79}) == {
        "technicalWeighting": ["The weightings must add up to 100 (they add up to 99)"]}


def test_weightings_that_do_not_total_100_stop_publishing():
    answers = complete_answers(SPECIALISTS, technicalWeighting=70, culturalWeighting=5, priceWeighting=20)
    assert publishing_problems(SPECIALISTS, answers) == {
        "technicalWeighting": ["The weightings must add up to 100 (they add up to 95)"]}


# Lists of requirements -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key,name", [("essentialRequirements", "Essential skills and experience"),
                                      ("niceToHaveRequirements", "Nice-to-have skills and experience")])
def test_up_to_20_items(key, name):
    twenty = [f"Skill number {n}" for n in range(1, 21)]
    assert check_answers(OUTCOMES, {key: twenty}) == {key: twenty}
    assert problems(OUTCOMES, {key: twenty + ["One more skill"]}) == {key: [f"{name} must have 20 items or fewer"]}


@pytest.mark.parametrize("key,name", [("essentialRequirements", "Essential skills and experience"),
                                      ("niceToHaveRequirements", "Nice-to-have skills and experience")])
def test_each_item_up_to_30_words(key, name):
    items = ["Python", words(30, "experience"), "Django"]
    assert check_answers(SPECIALISTS, {key: items}) == {key: items}
    items[1] = words(31, "experience")
    assert problems(SPECIALISTS, {key: items}) == {key: [f"{name} item 2 must be 30 words or fewer"]}


def test_blank_items_are_dropped_and_spaces_tidied():
    assert check_answers(OUTCOMES, {"essentialRequirements": ["  Agile   delivery ", "", "   "]}) == {
        "essentialRequirements": ["Agile delivery"]}


def test_at_least_one_essential_requirement_to_publish():
    answers = complete_answers(OUTCOMES, essentialRequirements=[])
    assert publishing_problems(OUTCOMES, answers) == {
        "essentialRequirements": ["Enter at least one item for essential skills and experience"]}


# Choices -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key,lot,value,message", [
    ("location", OUTCOMES, "Mars", "Select location from the list"),
    ("location", OUTCOMES, "International (outside the UK)", "Select location from the list"),
    ("location", PARTICIPANTS, "Offsite", "Select location from the list"),
    ("specialistRole", SPECIALISTS, "wizard", "Select specialist role from the list"),
    ("phase", OUTCOMES, "gamma", "Select which phase the project is in from the list"),
    ("employmentStatus", SPECIALISTS, "freelance", "Select off-payroll (IR35) determination from the list"),
    ("priceCriteria", OUTCOMES, "Cheapest", "Select how suppliers will be priced from the list"),
    ("requirementsLength", SPECIALISTS, "3 weeks", "Select how long your requirements will be open for from the list"),
    ("evaluationType", SPECIALISTS, ["Interview", "Work history"],
     "Select how you will assess suppliers from the list"),
    ("researchOutOfHours", PARTICIPANTS, ["Bank holidays"],
     "Select research outside working hours from the list"),
])
def test_a_choice_not_in_the_list_is_refused(key, lot, value, message):
    assert problems(lot, {key: value}) == {key: [message]}


def test_choices_come_back_in_the_listed_order_without_repeats():
    assert check_answers(OUTCOMES, {"evaluationType": ["Presentation", "Case study", "Presentation"]}) == {
        "evaluationType": ["Case study", "Presentation"]}
    assert check_answers(PARTICIPANTS, {"location": "International (outside the UK)"}) == {
        "location": "International (outside the UK)"}


# Dates ---------------------------------------------------------------------------------------------------

def test_a_start_date_in_the_past_can_be_saved_in_a_draft_but_stops_publishing():
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    assert check_answers(OUTCOMES, {"startDate": yesterday}) == {"startDate": yesterday}
    assert publishing_problems(OUTCOMES, complete_answers(OUTCOMES, startDate=yesterday)) == {
        "startDate": ["Latest start date must be today or in the future"]}
    assert publishing_problems(OUTCOMES, complete_answers(OUTCOMES, startDate=TODAY.isoformat())) == {}


def test_a_start_date_is_kept_as_a_calendar_date():
    assert check_answers(SPECIALISTS, {"startDate": dt.date(2027, 1, 5)}) == {"startDate": "2027-01-05"}
    assert check_answers(SPECIALISTS, {"startDate": dt.datetime(2027, 1, 5, 9, 30)}) == {"startDate": "2027-01-05"}
    assert check_answers(SPECIALISTS, {"startDate": " 2027-01-05 "}) == {"startDate": "2027-01-05"}


@pytest.mark.parametrize("value", ["2026-02-30", "30/11/2026", "soon"])
def test_a_start_date_must_be_a_real_date(value):
    assert problems(SPECIALISTS, {"startDate": value}) == {"startDate": ["Latest start date must be a real date"]}


# Questions each lot asks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lot,key", [
    (PARTICIPANTS, "specialistRole"),
    (OUTCOMES, "requirementsLength"),
    (SPECIALISTS, "researchDates"),
    (OUTCOMES, "titel"),
])
def test_a_question_the_lot_does_not_ask_is_refused(lot, key):
    assert problems(lot, {"title": "A fine title", key: "anything"}) == {
        key: [f"{key} is not a question for this kind of requirement"]}


@pytest.mark.parametrize("lot", [OUTCOMES, SPECIALISTS, PARTICIPANTS])
def test_a_complete_set_of_answers_can_be_published(lot):
    assert publishing_problems(lot, complete_answers(lot)) == {}


def test_publishing_names_every_missing_answer_for_specialists():
    assert publishing_problems(SPECIALISTS, {"title": "Developer"}) == {
        "specialistRole": ["Select specialist role"],
        "location": ["Select location"],
        "summary": ["Enter summary of the work"],
        "specialistWork": ["Enter what the specialist will work on"],
        "existingTeam": ["Enter existing team"],
        "workplaceAddress": ["Enter address where the work will take place"],
        "workingArrangements": ["Enter working arrangements"],
        "startDate": ["Enter latest start date"],
        "employmentStatus": ["Select off-payroll (IR35) determination"],
        "numberOfSuppliers": ["Enter how many suppliers to evaluate"],
        "technicalWeighting": ["Enter technical competence weighting"],
        "culturalWeighting": ["Enter cultural fit weighting"],
        "priceWeighting": ["Enter price weighting"],
        "essentialRequirements": ["Enter at least one item for essential skills and experience"],
        "culturalFitCriteria": ["Enter at least one item for cultural fit criteria"],
        "requirementsLength": ["Select how long your requirements will be open for"],
    }


def test_publishing_requires_what_each_lot_asks_and_only_that():
    assert set(publishing_problems(OUTCOMES, {})) == {
        "title", "location", "summary", "backgroundInformation", "outcome", "endUsers", "phase", "existingTeam",
        "workplaceAddress", "workingArrangements", "startDate", "employmentStatus", "numberOfSuppliers",
        "technicalWeighting", "culturalWeighting", "priceWeighting", "essentialRequirements", "successCriteria",
        "culturalFitCriteria", "priceCriteria"}
    assert set(publishing_problems(PARTICIPANTS, {})) == {
        "title", "location", "summary", "researchRounds", "researchDates", "participantsPerRound",
        "researchFrequency", "researchAddress", "participantSpecification", "numberOfSuppliers",
        "technicalWeighting", "culturalWeighting", "priceWeighting", "essentialRequirements", "successCriteria"}
