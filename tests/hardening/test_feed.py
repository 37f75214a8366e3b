"""The Atom feed carries buyers' words as plain text, so a feed reader never renders their markup."""

import xml.etree.ElementTree as ET

import pytest

from catalogue.requirements import OUTCOMES, publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = '"><img src=x onerror=alert(2)>'


def test_every_text_element_of_the_feed_is_plain_text(client, buyer):
    publish(buyer, OUTCOMES, title=f"Discovery {MARKUP}", summary=f"A summary {MARKUP} <b>bold</b>")
    feed = ET.fromstring(client.get("/opportunities/feed.atom").content)
    [entry] = feed.findall(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == f"A summary {MARKUP} <b>bold</b>"  # the words themselves, shown as typed
    assert entry.findtext(f"{ATOM}title") == f"Discovery {MARKUP}"
    text_elements = [e for e in feed.iter() if e.tag.split("}")[1] in {"title", "subtitle", "summary", "rights",
                                                                       "content"}]
    assert text_elements and all(e.get("type", "text") == "text" for e in text_elements)
