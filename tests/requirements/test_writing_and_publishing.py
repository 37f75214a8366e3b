"""A buyer writes, previews and publishes a requirement of each kind through the pages, with JavaScript on and
off, and suppliers can find it at once."""

import pytest
from playwright.sync_api import expect

from factories import make_buyer, sign_in
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.questions import ALL, BY_KEY, sections_for
from marketplace.search.selectors import search_opportunities

from .steps import answers_for, pk_from, required_keys, write_requirement

LOT_NAMES = {"digital-outcomes": "Digital outcomes", "digital-specialists": "Digital specialists",
             "user-research-participants": "User research participants"}
# A word from each requirement's essential skills, for searching.
SEARCH_WORDS = {"digital-outcomes": "Kotlin", "digital-specialists": "Django",
                "user-research-participants": "Welsh"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lot", ALL)
def test_buyer_writes_previews_and_publishes_a_requirement(any_page, axe, lot):
    page = any_page
    answers = answers_for(lot)
    assert required_keys(lot) <= set(answers), "the journey must answer every required question"
    buyer = make_buyer()
    sign_in(page, buyer.email)

    page.goto("/buyers/requirements")
    axe(page)
    expect(page.get_by_text("You have no drafts.")).to_be_visible()
    page.get_by_role("button", name="Create a requirement").click()
    axe(page)
    page.get_by_role("radio", name=LOT_NAMES[lot]).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Untitled {LOT_NAMES[lot].lower()} requirement")
    axe(page)
    task_list = page.locator(".govuk-task-list")
    expect(task_list.locator(".govuk-task-list__item")).to_have_count(len(sections_for(lot)))
    expect(task_list.get_by_text("To do").first).to_be_visible()

    write_requirement(page, axe, lot, answers)

    expect(page.get_by_role("heading", level=1)).to_have_text(answers["title"])
    for section in sections_for(lot):
        status = page.locator(".govuk-task-list__item", has_text=section.title).locator(".govuk-task-list__status")
        expect(status).to_have_text("Done" if section.slug != "question-and-answer-session" else "Optional")
    expect(page.get_by_text(f"You have completed {len(sections_for(lot))} of {len(sections_for(lot))} sections"))\
        .to_be_visible()

    page.get_by_role("link", name="Preview your requirement").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(answers["title"])
    main = page.locator("main")
    expect(main).to_contain_text(answers["summary"])
    for item in answers["essentialRequirements"]:
        expect(main.locator("li", has_text=item)).to_be_visible()
    expect(main).to_contain_text("Home Office")
    expect(main.get_by_text("Not answered yet")).to_have_count(0)
    location = dict(BY_KEY["location"].options_for(lot))[answers["location"]]
    expect(main.locator(".govuk-summary-list__row", has_text="Location")).to_contain_text(location)
    if lot == "digital-outcomes":
        expect(main).to_contain_text(f"{answers['startDate'].day} {answers['startDate']:%B %Y}")
        expect(main.locator(".govuk-summary-list__row", has_text="Technical competence weighting"))\
            .to_contain_text("60%")

    page.get_by_role("button", name="Continue to publish").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish your requirement")
    open_for = "1 week" if lot == "digital-specialists" else "2 weeks"
    expect(page.locator("main")).to_contain_text(f"open for {open_for}")
    for label in ("Publishing day", "Deadline for asking questions", "Deadline for publishing answers",
                  "Closing date for applications"):
        expect(page.locator(".govuk-summary-list__row", has_text=label)).to_be_visible()
    expect(page.locator(".govuk-summary-list__row", has_text="Closing date")).to_contain_text("11:59pm on ")
    page.get_by_role("button", name="Publish requirement").click()

    axe(page)
    expect(page.locator(".govuk-panel")).to_contain_text("Requirement published")
    pk = pk_from(page.url)
    expect(page.get_by_role("link", name="View your requirement on the public page"))\
        .to_have_attribute("href", f"/opportunities/{pk}")
    opportunity = Opportunity.objects.get(pk=pk)
    assert opportunity.published_at is not None and opportunity.closing_at is not None

    found = search_opportunities(q=SEARCH_WORDS[lot])
    assert [hit.opportunity.pk for hit in found.hits] == [pk]

    page.get_by_role("link", name="View your requirement on the public page").click()
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(answers["title"])
    page.goto(f"/opportunities?q={SEARCH_WORDS[lot]}")
    axe(page)
    expect(page.locator("main").get_by_role("link", name=answers["title"])).to_have_attribute(
        "href", f"/opportunities/{pk}")

    page.goto("/buyers/requirements")
    axe(page)
    live = page.locator("table", has=page.locator("caption", has_text="Live requirements"))
    expect(live.get_by_role("link", name=answers["title"])).to_be_visible()
