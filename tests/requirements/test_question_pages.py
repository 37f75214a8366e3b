"""The question pages, publishing and the list of requirements, as a browser without JavaScript sees them."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from factories import PASSWORD, make_buyer
from marketplace import clock
from marketplace.clock.services import advance_clock
from marketplace.opportunities import selectors, services
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.questions import BY_KEY, check_complete

from .steps import make_live, stored_answers, text_of

pytestmark = pytest.mark.django_db

LOT = "digital-outcomes"


@pytest.fixture
def buyer(client):
    user = make_buyer()
    client.post("/sign-in", {"email": user.email, "password": PASSWORD})
    return user


@pytest.fixture
def draft(buyer):
    return services.create_draft(LOT, buyer, answers={"title": "Discovery for a booking service"})


def page_of(draft, section, page):
    return f"/buyers/requirements/{draft.pk}/edit/{section}/{page}"


def field_error(response, field_id):
    match = re.search(rf'<p id="{re.escape(field_id)}-error"[^>]*>(.*?)</p>', response.content.decode(), flags=re.S)
    return match and " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()).removeprefix("Error: ")


def test_choosing_a_kind_of_requirement_starts_a_draft(client, buyer):
    refused = client.post("/buyers/requirements/create", {})
    assert "Select digital outcomes, digital specialists or user research participants" in text_of(refused)
    assert not Opportunity.objects.exists()
    response = client.post("/buyers/requirements/create", {"lot": "user-research-participants"})
    opportunity = Opportunity.objects.get()
    assert response["Location"] == f"/buyers/requirements/{opportunity.pk}"
    assert opportunity.lot.slug == "user-research-participants" and opportunity.organisation == buyer.organisation
    overview = text_of(client.get(response["Location"]))
    assert "About the research To do" in overview and "Title To do" in overview


def test_save_and_continue_walks_the_section_then_returns_to_the_overview(client, draft):
    response = client.post(page_of(draft, "description", "organisation-unit"),
                           {"organisationUnit": "Digital directorate", "action": "continue"})
    assert response["Location"] == page_of(draft, "description", "summary")
    response = client.post(page_of(draft, "description", "employment-status"),
                           {"employmentStatus": "supply of resource", "action": "continue"})
    assert response["Location"] == f"/buyers/requirements/{draft.pk}"
    response = client.post(page_of(draft, "description", "summary"), {"summary": "Short", "action": "overview"})
    assert response["Location"] == f"/buyers/requirements/{draft.pk}"
    draft.refresh_from_db()
    assert draft.data["organisationUnit"] == "Digital directorate"
    assert draft.data["employmentStatus"] == "supply of resource" and draft.data["summary"] == "Short"
    assert "Description of work In progress" in text_of(client.get(f"/buyers/requirements/{draft.pk}"))


def test_a_blank_answer_clears_a_saved_one_and_partial_answers_are_fine_in_a_draft(client, draft):
    client.post(page_of(draft, "evaluation", "weightings"), {"technicalWeighting": "60", "culturalWeighting": "",
                                                              "priceWeighting": "", "action": "overview"})
    client.post(page_of(draft, "title", "title"), {"title": "  ", "action": "overview"})
    draft.refresh_from_db()
    assert draft.data == {"technicalWeighting": 60}
    page = client.get(page_of(draft, "evaluation", "weightings"))
    assert 'value="60"' in page.content.decode()


@pytest.mark.parametrize("day, month, year, message", [
    ("31", "", "2031", "Latest start date must include a month"),
    ("", "3", "", "Latest start date must include a day and year"),
    ("31", "2", "2031", "Latest start date must be a real date"),
    ("1", "March", "2031", "Latest start date must be a real date"),
    ("1", "3", "31", "Year must include 4 numbers"),
])
def test_dates_are_refused_with_the_govuk_messages_keeping_what_was_typed(client, draft, day, month, year, message):
    response = client.post(page_of(draft, "description", "start-date"), {
        "startDate-day": day, "startDate-month": month, "startDate-year": year, "action": "continue"})
    assert response.status_code == 200
    assert field_error(response, "startDate-date") == message
    assert f'<a href="#startDate">{message}</a>' in response.content.decode()
    html = response.content.decode()
    for part, typed in (("day", day), ("month", month), ("year", year)):
        if typed:
            assert re.search(rf'name="startDate-{part}"[^>]*value="{typed}"', html, flags=re.S)
    draft.refresh_from_db()
    assert "startDate" not in draft.data


def test_a_date_is_saved_and_shown_again_in_its_parts(client, draft):
    client.post(page_of(draft, "description", "start-date"), {
        "startDate-day": "7", "startDate-month": "09", "startDate-year": "2031", "action": "overview"})
    draft.refresh_from_db()
    assert draft.data["startDate"] == "2031-09-07"
    html = client.get(page_of(draft, "description", "start-date")).content.decode()
    assert re.search(r'name="startDate-month"[^>]*value="9"', html, flags=re.S)


def test_add_another_item_adds_a_box_without_saving_up_to_the_limit(client, draft):
    path = page_of(draft, "evaluation", "essential-requirements")
    assert client.get(path).content.decode().count('name="essentialRequirements"') == 3
    response = client.post(path, {"essentialRequirements": ["Python", "", "Django"],
                                  "add_item": "essentialRequirements"})
    html = response.content.decode()
    assert html.count('name="essentialRequirements"') == 4
    assert 'value="Python"' in html and 'value="Django"' in html and "govuk-error-summary" not in html
    draft.refresh_from_db()
    assert "essentialRequirements" not in draft.data

    full = client.post(path, {"essentialRequirements": [f"Skill {n}" for n in range(1, 20)],
                              "add_item": "essentialRequirements"}).content.decode()
    assert full.count('name="essentialRequirements"') == 20 and "Add another item" not in full

    client.post(path, {"essentialRequirements": ["Python", "", "Django"], "action": "continue"})
    draft.refresh_from_db()
    assert draft.data["essentialRequirements"] == ["Python", "Django"]
    assert client.get(path).content.decode().count('name="essentialRequirements"') == 3


def test_an_item_over_its_word_limit_is_refused(client, draft):
    response = client.post(page_of(draft, "evaluation", "essential-requirements"), {
        "essentialRequirements": ["Python", " ".join(["word"] * 31)], "action": "continue"})
    assert field_error(response, "essentialRequirements") == \
        "Essential skills and experience item 2 must be 30 words or fewer"
    draft.refresh_from_db()
    assert "essentialRequirements" not in draft.data


def test_an_unknown_question_page_is_not_found(client, draft):
    assert client.get(page_of(draft, "description", "no-such-page")).status_code == 404
    assert client.get(page_of(draft, "research", "research-rounds")).status_code == 404  # not asked on outcomes


def test_publishing_an_incomplete_draft_lists_every_problem_linking_to_its_page(client, draft):
    response = client.post(f"/buyers/requirements/{draft.pk}/publish")
    html = response.content.decode()
    assert response.status_code == 200 and "You cannot publish your requirement yet" in html
    with pytest.raises(ValidationError) as expected:
        check_complete(LOT, draft.data, clock.today_in_london())
    problems = [m for messages in expected.value.message_dict.values() for m in messages]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html.split("govuk-error-summary__list")[1].split("</ul>")[0])
    assert sorted(text for _, text in links) == sorted(problems)
    assert (f"/buyers/requirements/{draft.pk}/edit/description/summary#summary", "Enter summary of the work") in links
    assert (f"/buyers/requirements/{draft.pk}/edit/location/location#location", "Select location") in links
    for href, _ in links:
        assert client.get(href.split("#")[0]).status_code == 200
    draft.refresh_from_db()
    assert selectors.status_of(draft) == Status.DRAFT and draft.closing_at is None


def test_a_missing_weighting_stops_publishing_and_links_to_the_weightings_page(client, buyer):
    answers = {k: v for k, v in stored_answers(LOT).items() if k != "priceWeighting"}
    draft = services.create_draft(LOT, buyer, answers=answers)
    html = client.post(f"/buyers/requirements/{draft.pk}/publish").content.decode()
    assert f'<a href="/buyers/requirements/{draft.pk}/edit/evaluation/weightings#priceWeighting">' \
           "Enter price weighting</a>" in html
    draft.refresh_from_db()
    assert draft.published_at is None


def test_the_publish_page_shows_the_dates_in_london_time_with_bank_holidays(client, buyer, settings):
    settings.CLOCK_TRAVEL_ALLOWED = True
    advance_clock(dt.datetime(2026, 4, 24, 10, 0, tzinfo=clock.LONDON) - clock.now())
    draft = services.create_draft(LOT, buyer, answers=stored_answers(LOT))
    page = text_of(client.get(f"/buyers/requirements/{draft.pk}/publish"))
    assert "If you publish today, Friday 24 April 2026, your requirement will be open for 2 weeks" in page
    assert "Deadline for asking questions 11:59pm on Friday 1 May 2026" in page
    assert "Deadline for publishing answers 11:59pm on Thursday 7 May 2026" in page
    assert "Closing date for applications 11:59pm on Friday 8 May 2026" in page

    response = client.post(f"/buyers/requirements/{draft.pk}/publish")
    assert response["Location"] == f"/buyers/requirements/{draft.pk}/publish"
    published = text_of(client.get(response["Location"]))
    assert "Requirement published" in published and "11:59pm on Friday 8 May 2026" in published
    draft.refresh_from_db()
    assert draft.closing_at == dt.datetime(2026, 5, 8, 23, 59, 59, tzinfo=clock.LONDON)


def test_a_published_requirements_questions_cannot_be_changed(client, buyer):
    live = make_live(LOT, buyer)
    response = client.post(page_of(live, "title", "title"), {"title": "Changed", "action": "overview"})
    assert response["Location"] == f"/buyers/requirements/{live.pk}"
    assert "can no longer be changed" in text_of(client.get(response["Location"]))
    live.refresh_from_db()
    assert live.title == stored_answers(LOT)["title"]
    assert client.post(f"/buyers/requirements/{live.pk}/delete").status_code == 302
    assert Opportunity.objects.filter(pk=live.pk).exists()


def test_the_list_groups_drafts_live_and_closed_requirements(client, buyer):
    services.create_draft("digital-specialists", buyer, answers={"title": "Draft for a developer"})
    make_live(LOT, buyer, title="Live outcome")
    withdrawn = make_live("user-research-participants", buyer, title="Withdrawn research")
    services.withdraw_opportunity(withdrawn, buyer)
    services.create_draft(LOT, make_buyer("x@dft.gov.uk"), answers={"title": "Another organisation's draft"})
    page = text_of(client.get("/buyers/requirements"))
    drafts, rest = page.split("Unpublished drafts")[1].split("Live requirements")
    live, closed = rest.split("Closed requirements")
    assert "Draft for a developer" in drafts and "Live outcome" in live
    assert "Withdrawn research User research participants Withdrawn" in closed
    assert "Another organisation" not in page


def test_a_question_page_shows_the_label_hint_and_word_limit_declared_for_it(client, draft):
    """The pages are built from the declared questions: the label, hint and word limit come from there."""
    page = text_of(client.get(page_of(draft, "description", "summary")))
    summary = BY_KEY["summary"]
    assert summary.label in page and summary.hint in page
    assert f"You can enter up to {summary.max_words} words" in page


def test_the_preview_lists_the_required_questions_still_to_answer(client, draft):
    html = client.get(f"/buyers/requirements/{draft.pk}/preview").content.decode()
    assert f'<a class="govuk-link" href="{page_of(draft, "description", "summary")}">Summary of the work</a>' in html
    assert f'href="{page_of(draft, "title", "title")}"' not in html  # answered
    complete = services.create_draft(LOT, draft.created_by, answers=stored_answers(LOT))
    assert "Answer these questions before you publish" not in text_of(
        client.get(f"/buyers/requirements/{complete.pk}/preview"))
