"""Answers that break a question's own rule are refused with the GOV.UK message, keep what was typed and save
nothing; what a buyer types is always shown as text."""

import re

import pytest
from playwright.sync_api import expect

from factories import make_buyer, sign_in
from marketplace.opportunities import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOT = "digital-outcomes"


def expect_refused(page, field_id, message, error_id=None):
    """The message in the error summary (linking to the field) and beside the field."""
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(f".govuk-error-summary a[href='#{field_id}']")).to_have_text(message)
    expect(page.locator(f"#{error_id or field_id}-error")).to_contain_text(message)


def test_answers_breaking_their_own_rule_are_refused_and_kept(any_page, axe):
    page = any_page
    buyer = make_buyer()
    draft = services.create_draft(LOT, buyer, answers={"title": "Discovery for a booking service"})
    sign_in(page, buyer.email)
    base = f"/buyers/requirements/{draft.pk}/edit"

    page.goto(f"{base}/title/title")
    axe(page)
    expect(page.get_by_label("Title", exact=True)).to_have_value("Discovery for a booking service")
    too_long = "A" * 101
    page.get_by_label("Title", exact=True).fill(too_long)
    page.get_by_role("button", name="Save and continue").click()
    expect_refused(page, "title", "Title must be 100 characters or fewer")
    expect(page.get_by_label("Title", exact=True)).to_have_value(too_long)
    axe(page)

    page.goto(f"{base}/description/summary")
    fifty_one_words = " ".join(f"word{n}" for n in range(51))
    page.get_by_label("Summary of the work", exact=True).fill(fifty_one_words)
    page.get_by_role("button", name="Return to overview").click()
    expect_refused(page, "summary", "Summary of the work must be 50 words or fewer")
    expect(page.get_by_label("Summary of the work", exact=True)).to_have_value(fifty_one_words)
    if page.javascript:
        expect(page.locator(".govuk-character-count__status")).to_contain_text("1 word too many")
    else:
        expect(page.locator("#summary-info")).to_have_text("You can enter up to 50 words")
    axe(page)

    page.goto(f"{base}/evaluation/weightings")
    page.get_by_label("Technical competence weighting").fill("50")
    page.get_by_label("Cultural fit weighting").fill("20")
    page.get_by_label("Price weighting").fill("20")
    page.get_by_role("button", name="Save and continue").click()
    expect_refused(page, "technicalWeighting", "The weightings must add up to 100 (they add up to 90)")
    expect(page.get_by_label("Technical competence weighting")).to_have_value("50")
    expect(page.get_by_label("Price weighting")).to_have_value("20")
    axe(page)

    page.goto(f"{base}/description/start-date")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2031")
    page.get_by_role("button", name="Save and continue").click()
    expect_refused(page, "startDate", "Latest start date must be a real date", error_id="startDate-date")
    expect(page.get_by_label("Day")).to_have_value("31")
    axe(page)

    draft.refresh_from_db()
    assert draft.data == {"title": "Discovery for a booking service"}, "nothing may be saved when refused"


def test_html_typed_into_a_field_is_shown_as_text_on_the_preview(any_page, axe):
    page = any_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    buyer = make_buyer()
    draft = services.create_draft(LOT, buyer)
    sign_in(page, buyer.email)
    script = "<script>alert(1)</script>"

    page.goto(f"/buyers/requirements/{draft.pk}/edit/title/title")
    page.get_by_label("Title", exact=True).fill(f"<b>Bold</b> {script}")
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"/buyers/requirements/{draft.pk}/edit/description/summary")
    page.get_by_label("Summary of the work", exact=True).fill(f"Before {script} after")
    page.get_by_role("button", name="Return to overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"<b>Bold</b> {script}")

    page.goto(f"/buyers/requirements/{draft.pk}/preview")
    axe(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"<b>Bold</b> {script}")
    expect(page.locator("main").get_by_text(f"Before {script} after")).to_be_visible()
    assert page.locator("main b").count() == 0 and page.locator("main script").count() == 0
    assert not dialogs
