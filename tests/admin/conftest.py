"""A platform admin in the back office, and reading admin pages the way a person would."""

import html
import re
from html.parser import HTMLParser

import pytest

from factories import make_admin
from marketplace.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from marketplace.frameworks.reference import load_reference_data
from marketplace.organisations.models import Organisation
from marketplace.organisations.seed import load_seed_register


@pytest.fixture(autouse=True)
def _register(db):
    """A transactional test elsewhere may have emptied the database: load what every start loads."""
    if not Organisation.objects.exists():
        load_reference_data()
        load_seed_register()


@pytest.fixture
def back_office(client):
    """A client signed in as a platform admin whose session has passed the second factor (the second-factor
    pages themselves are tested with the accounts)."""
    admin = make_admin(name="Alex Admin")
    client.force_login(admin)
    session = client.session
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    client.admin = admin
    return client


def text_of(response):
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def form_errors(response):
    """Every error message the admin form shows."""
    items = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", li)).split())
            for block in items for li in re.findall(r"<li>(.*?)</li>", block, flags=re.S)]


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.values[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.values[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.removeprefix("\n") if not self.values[self._textarea] else data


def form_values(response):
    """What the page's form would send if submitted unchanged."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    reader.values.pop("csrfmiddlewaretoken", None)
    return reader.values
