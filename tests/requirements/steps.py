"""Answers a buyer would give for each kind of requirement, and the steps that type them into the pages."""

import datetime as dt
import html
import re

from marketplace import clock
from marketplace.opportunities import services
from marketplace.opportunities.questions import (
    BY_KEY, CHOICE, CHOICES, DATE, ITEMS, O, S, questions_for, sections_for,
)


def start_date():
    return clock.today_in_london() + dt.timedelta(days=60)


def answers_for(lot):
    """Every required answer (and a few optional ones) for `lot`, as the pages take them."""
    start = start_date()
    common = {
        "summary": "We need help to make applying for a lasting power of attorney quicker and clearer for everyone.",
        "numberOfSuppliers": "5",
    }
    if lot == O:
        return {**common,
                "title": "Beta phase of the lasting power of attorney service",
                "location": "London",
                "backgroundInformation": "Paper forms take weeks to process and many are sent back.",
                "outcome": "A digital service that most applicants complete without help.",
                "endUsers": "People making a lasting power of attorney, and their families.",
                "phase": "beta",
                "existingTeam": "A product manager and two developers from the Office of the Public Guardian.",
                "workplaceAddress": "102 Petty France, London",
                "workingArrangements": "Two days a week on site, daily stand-ups.",
                "startDate": start,
                "employmentStatus": "contracted out service",
                "technicalWeighting": "60", "culturalWeighting": "20", "priceWeighting": "20",
                "essentialRequirements": ["Experience of building accessible services with Kotlin",
                                          "Have run a beta phase of a public service",
                                          "Can work to the Service Standard",
                                          "Have designed services for people with low digital skills"],
                "successCriteria": ["Approach and methodology", "Team structure"],
                "culturalFitCriteria": ["Work as a team with our organisation"],
                "priceCriteria": "Fixed price",
                "evaluationType": ["Case study", "Presentation"]}
    if lot == S:
        return {**common,
                "title": "Developer to build a booking service",
                "specialistRole": "developer",
                "location": "Offsite",
                "specialistWork": "Build the booking service's Python back end with the team.",
                "existingTeam": "A delivery manager, a designer and a user researcher.",
                "workplaceAddress": "Remote, with visits to Leeds",
                "workingArrangements": "Remote, one day a month in Leeds.",
                "startDate": start,
                "employmentStatus": "supply of resource",
                "technicalWeighting": "50", "culturalWeighting": "20", "priceWeighting": "30",
                "essentialRequirements": ["Five years of Django experience", "Has worked in an agile team"],
                "culturalFitCriteria": ["Shares knowledge with the team"],
                "requirementsLength": "1 week"}
    return {**common,
            "title": "Participants for research on applying for benefits",
            "location": "Wales",
            "researchRounds": "3",
            "researchDates": "First week of March, then monthly",
            "participantsPerRound": "Six people in each round.",
            "researchFrequency": "Once a month.",
            "researchAddress": "Cardiff research lab",
            "participantSpecification": "People who have applied for benefits in the last year.",
            "researchOutOfHours": ["Weekends"],
            "technicalWeighting": "40", "culturalWeighting": "30", "priceWeighting": "30",
            "essentialRequirements": ["Can recruit Welsh speakers", "Can recruit people with disabilities"],
            "successCriteria": ["Recruitment approach"]}


def stored_answers(lot):
    """The same answers as the services take them, to make requirements without the pages."""
    answers = answers_for(lot)
    answers["startDate"] = answers["startDate"].isoformat() if "startDate" in answers else None
    return {k: v for k, v in answers.items() if v is not None}


def make_live(lot, buyer, **changes):
    """A published requirement of `lot`, made through the same services the pages use."""
    opportunity = services.create_draft(lot, buyer, answers={**stored_answers(lot), **changes})
    return services.publish_opportunity(opportunity, buyer)


def required_keys(lot):
    return {q.key for q in questions_for(lot) if q.required_on(lot)}


# Typing answers into the pages ------------------------------------------------------------------------------

def fill_question(page, lot, key, value):
    question = BY_KEY[key]
    if question.kind == CHOICE:
        label = dict(question.options_for(lot))[value]
        page.get_by_role("radio", name=label, exact=True).check()
    elif question.kind == CHOICES:
        labels = dict(question.options_for(lot))
        for chosen in value:
            page.get_by_role("checkbox", name=labels[chosen], exact=True).check()
    elif question.kind == DATE:
        page.get_by_label("Day", exact=True).fill(str(value.day))
        page.get_by_label("Month", exact=True).fill(str(value.month))
        page.get_by_label("Year", exact=True).fill(str(value.year))
    elif question.kind == ITEMS:
        for number, item in enumerate(value, start=1):
            box = page.get_by_label(f"Item {number}", exact=True)
            if not box.count():
                page.get_by_role("button", name="Add another item").click()
            page.get_by_label(f"Item {number}", exact=True).fill(item)
    else:
        page.get_by_label(question.label, exact=True).fill(value)


def write_requirement(page, axe, lot, answers):
    """From a draft's overview, work through every section of the task list with "Save and continue"."""
    overview = page.url
    for section in sections_for(lot):
        page.get_by_role("link", name=section.title, exact=True).click()
        for number, question_page in enumerate(section.pages):
            assert page.url.endswith(f"/edit/{section.slug}/{question_page.slug}"), page.url
            axe(page)
            for key in question_page.keys:
                if key in answers:
                    fill_question(page, lot, key, answers[key])
            page.get_by_role("button", name="Save and continue").click()
            page.wait_for_load_state("load")  # the click returns before the next page has loaded
            assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()
        assert page.url == overview, f"after the last page of {section.title} expected the overview, got {page.url}"


def pk_from(url):
    return int(re.search(r"/buyers/requirements/(\d+)", url).group(1))


def text_of(response):
    """The page's text with tags removed and spaces collapsed, as a person reads it."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", content)).split())
