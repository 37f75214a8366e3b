"""In a real browser, with JavaScript on and off: a supplier saves a catalogue search as an alert, changes it and
stops it; every page passes axe."""

import pytest
from playwright.sync_api import expect

from factories import make_supplier_user, sign_in
from marketplace.alerts.models import Alert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supplier_saves_a_search_as_an_alert_changes_it_and_stops_it(any_page, axe, live_server):
    page = any_page
    supplier = make_supplier_user()
    sign_in(page, supplier.email)

    page.goto("/opportunities?q=developer&location=London")
    page.get_by_role("link", name="Get emails about new opportunities like these").click()
    expect(page.get_by_role("heading", name="Get emails about new opportunities")).to_be_visible()
    expect(page.get_by_label("Search words")).to_have_value("developer")
    expect(page.get_by_label("London", exact=True)).to_be_checked()
    axe(page)

    # A name left empty is refused, with the error summary, and nothing is saved.
    page.get_by_label("Name of the alert").fill("")
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_role("link", name="Enter a name for the alert")).to_be_visible()
    axe(page)
    page.get_by_label("Name of the alert").fill("Developers in London")
    page.get_by_label("As soon as they are published").check()
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_text("Your alert \u2018Developers in London\u2019 has been saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Developers in London")).to_be_visible()
    expect(page.get_by_role("heading", name="Opportunities for your services")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Change Developers in London").click()
    page.get_by_label("Once a day, at 8am").check()
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_role("heading", name="Your alerts")).to_be_visible()
    assert Alert.objects.get(name="Developers in London").frequency == "daily"

    page.get_by_role("link", name="Stop Developers in London").click()
    expect(page.get_by_role("heading", name="Are you sure you want to stop \u2018Developers in London\u2019?")) \
        .to_be_visible()
    axe(page)
    page.get_by_role("button", name="Stop alert").click()
    expect(page.get_by_text("Your alert \u2018Developers in London\u2019 has been stopped.")).to_be_visible()
    expect(page.get_by_role("heading", name="Developers in London")).to_have_count(0)
    assert Alert.objects.get(name="Developers in London").stopped_at is not None


def test_the_unsubscribe_pages_work_without_signing_in(any_page, axe, live_server):
    from marketplace.alerts import services

    page = any_page
    alert = services.create_alert(make_supplier_user(), {"name": "Booking", "frequency": "daily", "q": "booking"})
    page.goto(services.unsubscribe_path(alert))
    expect(page.get_by_role("heading", name="Stop emails for \u2018Booking\u2019")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", name="Emails stopped")).to_be_visible()
    axe(page)
    alert.refresh_from_db()
    assert alert.stopped_at is not None
