"""With a keyboard alone, from the home page to an opportunity found by a word, and from signing in to a buyer's
dashboard; every element that takes the focus on the way shows it."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.requirements import publish
from factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a focused element looks like in GOV.UK Frontend: an outline, a box shadow, or the yellow focus background.
SHOWS_FOCUS = """element => {
  const style = getComputedStyle(element);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
    || style.backgroundColor === 'rgb(255, 221, 0)';
}"""
DESCRIBE = """element => `${element.tagName.toLowerCase()} "${(element.innerText || element.value || element.name
  || element.id || '').trim().slice(0, 60)}"`"""


def tab_to(page, is_target, limit=80):
    """Press Tab until `is_target(focused element handle)` (unless the page put the focus there already); every
    element focused on the way must show its focus. After following a link the new page is loaded first, as a
    person sees it before pressing a key (a Tab pressed while it loads lands on nothing)."""
    page.wait_for_load_state()
    focused = page.evaluate_handle("document.activeElement")
    if is_target(focused):
        return focused
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert focused.evaluate(SHOWS_FOCUS), f"no visible focus on {focused.evaluate(DESCRIBE)} at {page.url}"
        if is_target(focused):
            return focused
    raise AssertionError(f"Tab never reached the target on {page.url}")


def named(text):
    return lambda element: element.evaluate("e => (e.innerText || '').trim()") == text


def with_id(element_id):
    return lambda element: element.evaluate("e => e.id") == element_id


def test_from_the_home_page_to_an_opportunity_by_a_word_with_the_keyboard_alone(any_page, axe, buyer):
    page = any_page
    publish(buyer, title="Alpha of a prison visits booking service")
    publish(buyer)
    page.goto("/")
    axe(page)
    tab_to(page, with_id("q"))
    page.keyboard.type("prison")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 opportunity found")).to_be_visible()
    tab_to(page, named("Alpha of a prison visits booking service"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha of a prison visits booking service")


def test_from_signing_in_to_a_buyers_dashboard_with_the_keyboard_alone(any_page, axe, buyer):
    page = any_page
    page.goto("/")
    tab_to(page, named("Sign in"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    tab_to(page, with_id("email"))
    page.keyboard.type(buyer.email)
    tab_to(page, with_id("password"))
    page.keyboard.type(PASSWORD)
    tab_to(page, named("Sign in"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/buyers$"))
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    axe(page)
    tab_to(page, named("Your requirements"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/buyers/requirements$"))
