"""An opportunity's answers as a reader sees them: grouped into sections, in plain language.

The public page and the buyer's preview both call `display_sections(opportunity, viewer)`, so a requirement looks
the same before and after publishing. What each question is (its label, kind and options) comes from
`opportunities.questions`; this module only decides the reading order and the words a supplier reads.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.text import capfirst

from marketplace.formatting import london_date, percent
from marketplace.opportunities.questions import (BY_KEY, CHOICE, CHOICES, DATE, INTEGER, ITEMS, TEXTAREA, WEIGHTINGS, P,
                                                  S, is_blank, questions_for)
from marketplace.opportunities.selectors import may_see_private_answers

# Shown in the page's heading and header rows rather than in a section.
_IN_HEADER = ("title", "location", "organisationUnit")

# (slug, title or {lot: title}, question keys in reading order)
_SECTIONS = (
    ("overview", "Overview", ("specialistRole", "summary", "startDate", "contractLength", "researchDates",
                              "budgetRange", "employmentStatus", "requirementsLength")),
    ("about", {P: "About the research"}, ("backgroundInformation", "outcome", "endUsers", "specialistWork",
                                          "workAlreadyDone", "phase", "existingTeam", "earlyMarketEngagement",
                                          "researchRounds", "participantsPerRound", "researchFrequency",
                                          "participantSpecification", "researchOutOfHours", "researchPlan")),
    ("setup", {P: "Where the research will happen"}, ("workplaceAddress", "workingArrangements",
                                                      "securityClearance", "researchAddress",
                                                      "accessRestrictions", "participantAccessibilityNeeds")),
    ("skills", "Skills and experience", ("essentialRequirements", "niceToHaveRequirements")),
    ("evaluation", "How suppliers will be evaluated", ("numberOfSuppliers", "successCriteria", "culturalFitCriteria",
                                                       "priceCriteria", "evaluationType", *WEIGHTINGS)),
    ("additional", "Additional information", ("additionalTerms",)),
    ("question-and-answer-session", "Question and answer session", ("questionAndAnswerSessionDetails",)),
)
_DEFAULT_TITLES = {"about": "About the work", "setup": "Work setup"}

# Where the words a buyer is asked differ from the words a supplier reads on the page.
_READER_LABELS = {
    "startDate": "Latest start date",
    "budgetRange": {S: "Maximum day rate", None: "Budget range"},
    "requirementsLength": "Open for",
    "numberOfSuppliers": "Number of suppliers to evaluate",
    "evaluationType": "Assessment methods",
    "technicalWeighting": "Technical competence weighting",
    "culturalWeighting": "Cultural fit weighting",
    "priceWeighting": "Price weighting",
    "existingTeam": {S: "Who the specialist will work with", None: "Existing team"},
    "successCriteria": "Proposal criteria",
    "priceCriteria": "How suppliers will be priced",
    "workAlreadyDone": "Work already done",
    "phase": "Current phase",
}


@dataclass(frozen=True)
class Answer:
    """One answer: `shape` is "text" (a str), "paragraphs" or "list" (a list of str). `shown` is False when the
    viewer may not read it (for example the question and answer session, only for signed-in suppliers); then
    `value` is None."""

    key: str
    label: str
    shape: str
    value: object
    shown: bool = True


@dataclass(frozen=True)
class DisplaySection:
    slug: str
    title: str
    answers: tuple


def reader_label(key, lot):
    label = _READER_LABELS.get(key)
    if isinstance(label, dict):
        label = label.get(lot, label[None])
    return label or BY_KEY[key].label.removesuffix(" (optional)")


def display_date(value):
    """'5 May 2026' for a stored 'YYYY-MM-DD'."""
    return london_date(dt.date.fromisoformat(value))


def _answer(question, value, lot):
    """(shape, value) of one stored answer in the words a reader understands."""
    if question.kind == CHOICE:
        return "text", capfirst(dict(question.options_for(lot)).get(value, value))
    if question.kind == CHOICES:
        labels = dict(question.options_for(lot))
        return "list", [labels.get(v, v) for v in value]
    if question.kind == ITEMS:
        return "list", list(value)
    if question.kind == DATE:
        try:
            return "text", display_date(value)
        except (TypeError, ValueError):
            return "text", str(value)
    if question.kind == INTEGER:
        return "text", percent(value) if question.key in WEIGHTINGS else str(value)
    if question.kind == TEXTAREA:
        return "paragraphs", [line.strip() for line in str(value).splitlines() if line.strip()]
    return "text", str(value)


def display_sections(opportunity, viewer):
    """The opportunity's answered questions, grouped into sections in reading order; unanswered questions and
    empty sections are left out. Answers the viewer may not read are present with `shown=False`."""
    lot = opportunity.lot.slug
    data = opportunity.data or {}
    private_ok = may_see_private_answers(opportunity, viewer)
    asked = [q.key for q in questions_for(lot)]
    placed = set(_IN_HEADER) | {key for _, _, keys in _SECTIONS for key in keys}
    layout = list(_SECTIONS)
    leftover = tuple(key for key in asked if key not in placed)
    if leftover:  # a question added to questions.py later still appears before it is given a place here
        layout.append(("more", "More about the requirement", leftover))
    sections = []
    for slug, title, keys in layout:
        answers = []
        for key in keys:
            question = BY_KEY[key]
            value = data.get(key)
            if key not in asked or is_blank(value):
                continue
            if not question.public and not private_ok:
                answers.append(Answer(key, reader_label(key, lot), "text", None, shown=False))
                continue
            shape, shown_value = _answer(question, value, lot)
            answers.append(Answer(key, reader_label(key, lot), shape, shown_value))
        if answers:
            if isinstance(title, dict):
                title = title.get(lot, _DEFAULT_TITLES[slug])
            sections.append(DisplaySection(slug, title, tuple(answers)))
    return sections
