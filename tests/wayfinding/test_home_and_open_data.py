"""The home page is the front door for every kind of visitor, with live figures; the open data page says what each
download and feed is, under which licence, with its columns or schema, and every link on it works."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from catalogue.requirements import publish, supplier_offering
from marketplace import clock
from marketplace.applications.models import Application
from marketplace.opendata.export_csv import COLUMNS
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import status_of
from requirements.steps import text_of

pytestmark = pytest.mark.django_db


def award(opportunity, supplier, days_ago, value):
    moment = clock.now() - dt.timedelta(days=days_ago)
    Application.objects.create(opportunity=opportunity, supplier=supplier, created_at=moment, updated_at=moment,
                               submitted_at=moment, awarded_at=moment,
                               contract_value=None if value is None else Decimal(value))


def test_the_home_page_figures_are_the_databases(client, buyer):
    live = [publish(buyer), publish(buyer, title="Alpha of a prison visits booking service")]
    withdrawn = publish(buyer, title="No longer needed")
    withdrawn.withdrawn_at = clock.now()
    withdrawn.save()
    closed = publish(buyer, title="Discovery for council tax payments")
    closed.closing_at = clock.now() - dt.timedelta(days=1)
    closed.save()
    supplier = supplier_offering().supplier
    award(closed, supplier, days_ago=3, value="120000.50")
    award(live[0], supplier, days_ago=29, value=None)  # awarded, no value recorded
    award(live[1], supplier, days_ago=31, value="999")  # too long ago to count

    # Counted here from each opportunity's own status and each award's date, not the page's queries.
    open_now = sum(1 for o in Opportunity.objects.all() if status_of(o) == Status.LIVE)
    month = Application.objects.filter(awarded_at__gt=clock.now() - dt.timedelta(days=30))
    assert (open_now, month.count()) == (2, 2)
    text = text_of(client.get("/"))
    assert f"{open_now} opportunities are open for applications" in text
    assert f"{month.count()} contracts were awarded in the last 30 days, worth £120,000.50 in total" in text


def test_the_home_page_offers_search_and_a_start_for_each_kind_of_visitor(client):
    response = client.get("/")
    html = response.content.decode()
    assert re.search(r'<form method="get" action="/opportunities" role="search"', html)
    assert 'name="q"' in html
    text = text_of(response)
    assert "0 opportunities are open for applications" in text
    assert "0 contracts were awarded in the last 30 days" in text and "worth" not in text
    for start in ("Create a buyer account", "Register as a supplier", "Sign in", "Insights", "Open data"):
        assert start in text, start


def test_the_search_box_goes_to_the_catalogue_with_the_words(client, buyer):
    publish(buyer, title="Alpha of a prison visits booking service")
    assert "1 opportunity found" in text_of(client.get("/opportunities", {"q": "prison"}))


def test_the_open_data_page_describes_each_download_and_every_link_on_it_works(client, buyer):
    publish(buyer)
    response = client.get("/opendata")
    text = text_of(response)
    assert "Open Government Licence v3.0" in text
    for column in COLUMNS:
        assert column in text
    links = set(re.findall(r'href="(/[^"#]*)"', response.content.decode()))
    for wanted in ("/opendata/opportunity-data.csv", "/opendata/ocds/releases.json", "/opendata/ocds/records.json",
                   "/opportunities/feed.atom", "/api/v1/openapi.json", "/api/v1/docs", "/insights"):
        assert wanted in links, wanted
    for link in sorted(links):
        if link.startswith("/assets/") or link == "/sign-out":
            continue
        assert client.get(link).status_code == 200, link
