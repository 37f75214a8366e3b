"""The Atom feed of newly published opportunities, with the catalogue's filters."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    feed = ET.fromstring(response.content)
    return [{"title": e.findtext(f"{ATOM}title"), "link": e.find(f"{ATOM}link").get("href"),
             "published": e.findtext(f"{ATOM}published"), "author": e.findtext(f"{ATOM}author/{ATOM}name"),
             "summary": e.findtext(f"{ATOM}summary"),
             "categories": [c.get("term") for c in e.findall(f"{ATOM}category")]}
            for e in feed.findall(f"{ATOM}entry")]


def test_the_feed_lists_published_opportunities_newest_first(client, catalogue):
    response = client.get("/opportunities/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = entries(response)
    assert [e["title"] for e in feed] == [
        "Participants for research on applying for benefits", "Developer to build a booking service",
        "Beta phase of the lasting power of attorney service", "Discovery for council tax payments"]
    booking = feed[1]
    assert booking["link"] == f"http://testserver/opportunities/{catalogue['booking'].pk}"
    assert booking["author"] == "Scottish Government"
    assert booking["summary"] == "A developer to build the online booking service for driving tests."
    assert booking["categories"] == ["Digital specialists", "London"]
    assert booking["published"].startswith("2026-06-01T09:00")  # 10am in London is 9am UTC in June


def test_the_feed_honours_the_filters_and_keywords(client, catalogue):
    titles = [e["title"] for e in entries(client.get("/opportunities/feed.atom?lot=digital-outcomes&status=open"))]
    assert titles == ["Beta phase of the lasting power of attorney service"]
    titles = [e["title"] for e in entries(client.get("/opportunities/feed.atom?q=council"))]
    assert titles == ["Discovery for council tax payments"]


def test_the_feed_never_shows_withdrawn_opportunities_or_drafts(client, catalogue):
    titles = [e["title"] for e in entries(client.get("/opportunities/feed.atom?q=manager"))]
    assert "Delivery manager no longer needed" not in titles
    titles = [e["title"] for e in entries(client.get("/opportunities/feed.atom?q=secret"))]
    assert titles == []


def test_the_feed_says_what_it_is_and_where_it_comes_from(client, catalogue):
    feed = ET.fromstring(client.get("/opportunities/feed.atom?lot=digital-outcomes").content)
    assert feed.findtext(f"{ATOM}title") == "Digital Marketplace opportunities"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/opportunities?lot=digital-outcomes"
    assert links["self"] == "http://testserver/opportunities/feed.atom?lot=digital-outcomes"
