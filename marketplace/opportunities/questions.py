"""Requirement questions, declared once as content.

Each question says its label, hint, limits, options and, per lot, whether it is required or optional. Forms,
validation, the API schema, the public page and exports all read from here: changing a word limit is a one-line
change. Keys are the original Digital Marketplace's question keys (API.md).
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from marketplace.frameworks.reference import INTERNATIONAL, OFFSITE, REGIONS, SPECIALIST_ROLES
from marketplace.text import is_blank, too_long, unstorable

O, S, P = "digital-outcomes", "digital-specialists", "user-research-participants"
ALL = (O, S, P)
R, OPT = "required", "optional"

# Kinds of answer, which decide the form control and the shape of the value.
TEXT = "text"            # one line of text: str
TEXTAREA = "textarea"    # a paragraph counted in words: str
CHOICE = "choice"        # one of the options: str
CHOICES = "choices"      # any of the options: list[str]
INTEGER = "integer"      # a whole number in a range: int
DATE = "date"            # a calendar date: "YYYY-MM-DD"
ITEMS = "items"          # a list of short paragraphs: list[str]


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str
    lots: dict                       # lot slug -> R or OPT; absent lots do not ask the question
    hint: str = ""
    hints: dict = field(default_factory=dict)        # lot-specific hint, overrides `hint`
    max_words: int | None = None
    min_chars: int | None = None
    max_chars: int | None = None
    options: tuple = ()                              # ((value, label), ...)
    options_by_lot: dict = field(default_factory=dict)
    range_by_lot: dict = field(default_factory=dict)  # lot -> (min, max) for integers
    min_items: int = 0
    max_items: int | None = None
    item_max_words: int | None = None
    public: bool = True                              # False: shown only to signed-in suppliers
    searchable: bool = False                         # included in the catalogue's keyword search

    def asked_on(self, lot):
        return lot in self.lots

    def required_on(self, lot):
        return self.lots.get(lot) == R

    def hint_for(self, lot):
        return self.hints.get(lot, self.hint)

    def options_for(self, lot):
        return self.options_by_lot.get(lot, self.options)

    def range_for(self, lot):
        return self.range_by_lot.get(lot)


def _opts(*values):
    return tuple((v, v) for v in values)


ROLE_OPTIONS = tuple(SPECIALIST_ROLES.items())
LOCATIONS_OUTCOMES_AND_SPECIALISTS = _opts(*REGIONS, OFFSITE)
LOCATIONS_PARTICIPANTS = _opts(*REGIONS, INTERNATIONAL)

QUESTIONS = [
    Question("title", "Title", TEXT, {O: R, S: R, P: R}, min_chars=1, max_chars=100, searchable=True,
             hints={O: "Describe the outcome you need, for example 'Beta phase of the lasting power of attorney service'",
                    S: "Say which specialist you need and what for, for example 'Developer to build a booking service'",
                    P: "Say what the research is about, for example 'Participants for research on applying for benefits'"}),
    Question("specialistRole", "Specialist role", CHOICE, {S: R}, options=ROLE_OPTIONS,
             hint="The role of the individual specialist you need"),
    Question("location", "Location", CHOICE, {O: R, S: R, P: R},
             hints={O: "Where the work will mostly be done", S: "Where the specialist will mostly work",
                    P: "Where the research will take place"},
             options_by_lot={O: LOCATIONS_OUTCOMES_AND_SPECIALISTS, S: LOCATIONS_OUTCOMES_AND_SPECIALISTS,
                             P: LOCATIONS_PARTICIPANTS}),
    Question("organisationUnit", "Team or part of your organisation (optional)", TEXT, {O: OPT, S: OPT, P: OPT},
             max_chars=100, hint="Your organisation is shown from your account; add a team or directorate if it helps"),
    Question("summary", "Summary of the work", TEXTAREA, {O: R, S: R, P: R}, max_words=50, searchable=True,
             hint="What suppliers see first in search results: what you need and why"),
    Question("backgroundInformation", "Why the work is being done", TEXTAREA, {O: R}, max_words=200),
    Question("outcome", "Problem to be solved", TEXTAREA, {O: R}, max_words=200),
    Question("endUsers", "Who the users are and what they need to do", TEXTAREA, {O: R}, max_words=200),
    Question("specialistWork", "What the specialist will work on", TEXTAREA, {S: R}, max_words=100),
    Question("workAlreadyDone", "Work already done", TEXTAREA, {O: OPT}, max_words=100),
    Question("phase", "Which phase the project is in", CHOICE, {O: R},
             options=(("not_applicable", "Not applicable"), ("not_started", "Not started"),
                      ("discovery", "Discovery"), ("alpha", "Alpha"), ("beta", "Beta"), ("live", "Live"))),
    Question("existingTeam", "Existing team", TEXTAREA, {O: R, S: R}, max_words=100,
             hint="Who the supplier will work with, and their skills"),
    Question("earlyMarketEngagement", "Early market engagement", TEXTAREA, {O: OPT, S: OPT, P: OPT},
             max_words=200, hint="Any research or engagement with suppliers before publishing"),
    Question("researchRounds", "How many rounds of research", TEXT, {P: R}, min_chars=1, max_chars=100),
    Question("researchDates", "Research dates", TEXT, {P: R}, min_chars=1, max_chars=100,
             hint="For example 'First week of March, then one day a fortnight until June'"),
    Question("participantsPerRound", "How many participants in each round", TEXTAREA, {P: R}, max_words=100),
    Question("researchFrequency", "How often research will happen", TEXTAREA, {P: R}, max_words=100),
    Question("researchAddress", "Where the research will take place", TEXTAREA, {P: R}, max_words=100),
    Question("participantSpecification", "Who the participants are", TEXTAREA, {P: R}, max_words=200,
             hint="Describe the people you need, including any access needs or characteristics"),
    Question("researchOutOfHours", "Research outside working hours (optional)", CHOICES, {P: OPT},
             options=_opts("Weekday evenings", "Weekends")),
    Question("accessRestrictions", "Access restrictions at the research location", TEXTAREA, {P: OPT},
             max_words=100),
    Question("participantAccessibilityNeeds", "Participants' accessibility needs", TEXTAREA, {P: OPT},
             max_words=100),
    Question("researchPlan", "Research plan", TEXTAREA, {P: OPT}, max_words=100),
    Question("workplaceAddress", "Address where the work will take place", TEXTAREA, {O: R, S: R}, max_words=100),
    Question("workingArrangements", "Working arrangements", TEXTAREA, {O: R, S: R}, max_words=100,
             hint="How you will work with the supplier, for example days on site and team rituals"),
    Question("securityClearance", "Security clearance", TEXTAREA, {O: OPT, S: OPT}, max_words=50),
    Question("startDate", "Latest start date", DATE, {O: R, S: R},
             hint="The date the work must start by. For example, 27 3 2027"),
    Question("contractLength", "Expected contract length", TEXT, {O: OPT, S: OPT}, min_chars=1, max_chars=100,
             hint="For example '6 months'"),
    Question("additionalTerms", "Additional terms and conditions", TEXTAREA, {O: OPT, S: OPT, P: OPT},
             max_words=100),
    Question("budgetRange", "Budget range", TEXTAREA, {O: OPT, S: OPT, P: OPT}, max_words=100,
             hints={S: "The maximum day rate you will pay, for example '£700 a day'"}),
    Question("employmentStatus", "Off-payroll (IR35) determination", CHOICE, {O: R, S: R},
             options=_opts("contracted out service", "supply of resource"),
             hint="Whether the off-payroll working rules apply to this work"),
    Question("numberOfSuppliers", "How many suppliers to evaluate", INTEGER, {O: R, S: R, P: R},
             range_by_lot={O: (3, 15), S: (3, 15), P: (3, 15)},
             hint="The number of suppliers you will shortlist and evaluate, between 3 and 15"),
    Question("technicalWeighting", "Technical competence weighting", INTEGER, {O: R, S: R, P: R},
             range_by_lot={O: (10, 75), S: (10, 75), P: (10, 70)}),
    Question("culturalWeighting", "Cultural fit weighting", INTEGER, {O: R, S: R, P: R},
             range_by_lot={O: (5, 20), S: (5, 20), P: (10, 70)}),
    Question("priceWeighting", "Price weighting", INTEGER, {O: R, S: R, P: R},
             range_by_lot={O: (20, 85), S: (20, 85), P: (20, 80)}),
    Question("essentialRequirements", "Essential skills and experience", ITEMS, {O: R, S: R, P: R},
             min_items=1, max_items=20, item_max_words=30, searchable=True,
             hint="Each one a separate item of 30 words or fewer: suppliers give evidence for each"),
    Question("niceToHaveRequirements", "Nice-to-have skills and experience", ITEMS, {O: OPT, S: OPT, P: OPT},
             min_items=0, max_items=20, item_max_words=30, searchable=True),
    Question("successCriteria", "Proposal criteria", ITEMS, {O: R, P: R}, min_items=1, max_items=20,
             hint="How you will evaluate suppliers' proposals"),
    Question("culturalFitCriteria", "Cultural fit criteria", ITEMS, {O: R, S: R}, min_items=1, max_items=20,
             hint="How you will assess whether the supplier will work well with your team"),
    Question("priceCriteria", "How suppliers will be priced", CHOICE, {O: R},
             options=_opts("Fixed price", "Time and materials", "Capped time and materials")),
    Question("evaluationType", "How you will assess suppliers (optional)", CHOICES, {O: OPT, S: OPT, P: OPT},
             options_by_lot={O: _opts("Case study", "Work history", "Reference", "Presentation"),
                             S: _opts("Reference", "Interview", "Scenario or test", "Presentation"),
                             P: _opts("Case study", "Reference", "Interview")}),
    Question("requirementsLength", "How long your requirements will be open for", CHOICE, {S: R},
             options=(("1 week", "1 week"), ("2 weeks", "2 weeks")),
             hint="1 week if you need someone quickly; otherwise 2 weeks gives suppliers more time"),
    Question("questionAndAnswerSessionDetails", "Question and answer session details", TEXTAREA,
             {O: OPT, S: OPT, P: OPT}, max_words=100, public=False,
             hint="How suppliers can join a session to ask questions. Only signed-in suppliers see this"),
]

BY_KEY = {q.key: q for q in QUESTIONS}
WEIGHTINGS = ("technicalWeighting", "culturalWeighting", "priceWeighting")
FIXED_REQUIREMENTS_LENGTH = "2 weeks"  # outcomes and participants are always open 2 weeks


def _slug(key):
    return re.sub(r"(?<!^)(?=[A-Z])", "-", key).lower()


@dataclass(frozen=True)
class Page:
    """One question page of the task list; most pages ask one question."""

    slug: str
    title: str
    keys: tuple


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    pages: tuple


SECTIONS = (
    Section("title", "Title", (Page("title", "Title", ("title",)),)),
    Section("role", "Specialist role", (Page("specialist-role", "Specialist role", ("specialistRole",)),)),
    Section("location", "Location", (Page("location", "Location", ("location",)),)),
    Section("description", "Description of work", tuple(Page(_slug(k), BY_KEY[k].label, (k,)) for k in (
        "organisationUnit", "summary", "backgroundInformation", "outcome", "endUsers", "specialistWork",
        "workAlreadyDone", "phase", "existingTeam", "workplaceAddress", "workingArrangements", "securityClearance",
        "startDate", "contractLength", "additionalTerms", "budgetRange", "earlyMarketEngagement",
        "employmentStatus"))),
    Section("research", "About the research", tuple(Page(_slug(k), BY_KEY[k].label, (k,)) for k in (
        "researchRounds", "researchDates", "participantsPerRound", "researchFrequency", "researchAddress",
        "participantSpecification", "researchOutOfHours", "accessRestrictions", "participantAccessibilityNeeds",
        "researchPlan"))),
    Section("evaluation", "Shortlist and evaluation process", (
        Page("number-of-suppliers", "How many suppliers to evaluate", ("numberOfSuppliers",)),
        Page("weightings", "How you will score suppliers", WEIGHTINGS),
        Page("essential-requirements", BY_KEY["essentialRequirements"].label, ("essentialRequirements",)),
        Page("nice-to-have-requirements", BY_KEY["niceToHaveRequirements"].label, ("niceToHaveRequirements",)),
        Page("success-criteria", BY_KEY["successCriteria"].label, ("successCriteria",)),
        Page("cultural-fit-criteria", BY_KEY["culturalFitCriteria"].label, ("culturalFitCriteria",)),
        Page("price-criteria", BY_KEY["priceCriteria"].label, ("priceCriteria",)),
        Page("evaluation-type", BY_KEY["evaluationType"].label, ("evaluationType",)),
    )),
    Section("open-for", "How long your requirements will be open",
            (Page("requirements-length", BY_KEY["requirementsLength"].label, ("requirementsLength",)),)),
    Section("question-and-answer-session", "Question and answer session",
            (Page("question-and-answer-session-details", BY_KEY["questionAndAnswerSessionDetails"].label,
                  ("questionAndAnswerSessionDetails",)),)),
)


def questions_for(lot):
    return [q for q in QUESTIONS if q.asked_on(lot)]


def sections_for(lot):
    """The task list for a lot: each section with only the pages whose questions the lot asks."""
    result = []
    for section in SECTIONS:
        pages = tuple(
            Page(p.slug, p.title, tuple(k for k in p.keys if BY_KEY[k].asked_on(lot)))
            for p in section.pages if any(BY_KEY[k].asked_on(lot) for k in p.keys)
        )
        if pages:
            result.append(Section(section.slug, section.title, pages))
    return result


# Checking answers -------------------------------------------------------------------------------------------

def _lower_first(text):
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _name(question):
    return question.label.removesuffix(" (optional)")


def _missing_message(question):
    if question.kind in (CHOICE, CHOICES):
        return f"Select {_lower_first(_name(question))}"
    if question.kind == ITEMS:
        return f"Enter at least one item for {_lower_first(_name(question))}"
    return f"Enter {_lower_first(_name(question))}"


def clean_answer(question, value, lot):
    """The stored form of one answer, or ValueError with the GOV.UK-style message. Blank means 'no answer'."""
    name = _name(question)
    if is_blank(value):
        return None
    for text in (value if isinstance(value, (list, tuple)) else [value]):
        if isinstance(text, str) and unstorable(text):
            raise ValueError(f"{name} must not contain {unstorable(text)}")
    if question.kind in (TEXT, TEXTAREA):
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text")
        value = value.strip().replace("\r\n", "\n")
        if question.kind == TEXT and "\n" in value:
            value = " ".join(value.split())
        if question.max_chars and len(value) > question.max_chars:
            raise ValueError(f"{name} must be {question.max_chars} characters or fewer")
        if question.max_words and too_long(value, question.max_words):
            raise ValueError(f"{name} {too_long(value, question.max_words)}")
        return value
    if question.kind == CHOICE:
        allowed = [v for v, _ in question.options_for(lot)]
        if value not in allowed:
            raise ValueError(f"Select {_lower_first(name)} from the list")
        return value
    if question.kind == CHOICES:
        if isinstance(value, str):
            value = [value]
        allowed = [v for v, _ in question.options_for(lot)]
        if not isinstance(value, (list, tuple)) or any(v not in allowed for v in value):
            raise ValueError(f"Select {_lower_first(name)} from the list")
        return [v for v in allowed if v in value]  # in the declared order, without repeats
    if question.kind == INTEGER:
        if isinstance(value, bool):
            raise ValueError(f"{name} must be a whole number")
        if isinstance(value, str):
            value = value.strip()
            if not re.fullmatch(r"-?\d{1,9}", value):
                raise ValueError(f"{name} must be a whole number")
            value = int(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number")
        low, high = question.range_for(lot)
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high}")
        return value
    if question.kind == DATE:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError(f"{name} must be a real date") from None
    if question.kind == ITEMS:
        if isinstance(value, str):
            value = value.splitlines()
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name} must be a list of items")
        items = [" ".join(v.split()) for v in value if not is_blank(v)]
        if question.max_items is not None and len(items) > question.max_items:
            raise ValueError(f"{name} must have {question.max_items} items or fewer")
        for number, item in enumerate(items, start=1):
            if question.item_max_words and too_long(item, question.item_max_words):
                raise ValueError(f"{name} item {number} {too_long(item, question.item_max_words)}")
        return items or None
    raise AssertionError(f"unknown kind {question.kind}")


def check_answers(lot, answers):
    """Clean some answers for a draft: each is checked against its own rule. Returns the cleaned answers
    (None for a cleared one) or raises ValidationError naming every problem. Keys the lot does not ask are
    refused, so a typo never disappears silently."""
    from django.core.exceptions import ValidationError

    cleaned, problems = {}, {}
    for key, value in answers.items():
        question = BY_KEY.get(key)
        if question is None or not question.asked_on(lot):
            problems[key] = [f"{key} is not a question for this kind of requirement"]
            continue
        try:
            cleaned[key] = clean_answer(question, value, lot)
        except ValueError as error:
            problems[key] = [str(error)]
    if all(k in cleaned and cleaned[k] is not None for k in WEIGHTINGS):
        _check_weightings_total(cleaned, problems)
    if problems:
        raise ValidationError(problems)
    return cleaned


def _check_weightings_total(answers, problems):
    total = sum(answers[k] for k in WEIGHTINGS)
    if total != 100:
        problems.setdefault("technicalWeighting", []).append(
            f"The weightings must add up to 100 (they add up to {total})")


def check_complete(lot, answers, today):
    """Every problem that stops publishing: missing required answers, weightings not totalling 100, a latest
    start date in the past. Raises ValidationError with all of them."""
    from django.core.exceptions import ValidationError

    problems = {}
    for question in questions_for(lot):
        value = answers.get(question.key)
        if question.required_on(lot) and is_blank(value):
            problems[question.key] = [_missing_message(question)]
            continue
        if not is_blank(value):
            try:
                clean_answer(question, value, lot)
            except ValueError as error:
                problems[question.key] = [str(error)]
    if not any(k in problems for k in WEIGHTINGS):
        _check_weightings_total(answers, problems)
    start = answers.get("startDate")
    if start and "startDate" not in problems and dt.date.fromisoformat(start) < today:
        problems["startDate"] = [f"{_name(BY_KEY['startDate'])} must be today or in the future"]
    if problems:
        raise ValidationError(problems)


def section_state(lot, section, answers):
    """'done', 'in progress', 'to do' or 'optional' for the task list."""
    keys = [k for page in section.pages for k in page.keys]
    required = [k for k in keys if BY_KEY[k].required_on(lot)]
    answered = [k for k in keys if not is_blank(answers.get(k))]
    if not required:
        return "done" if answered else "optional"
    if all(not is_blank(answers.get(k)) for k in required):
        return "done"
    return "in progress" if answered else "to do"
