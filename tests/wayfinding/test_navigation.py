"""Every page says where the visitor is and where they can go: the service navigation, by role, with the page's
section marked for screen readers (aria-current) and the account links at its end."""

from html.parser import HTMLParser

import pytest

from catalogue.requirements import publish, supplier_offering
from factories import PASSWORD, make_admin

pytestmark = pytest.mark.django_db

PUBLIC = ["Find opportunities", "Insights", "Open data"]


class Navigation(HTMLParser):
    """The service navigation's links (and the sign-out button) as (text, href, aria-current); not the button that
    shows the menu on a small screen."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.items, self._inside, self._link = [], 0, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Menu":
            self._inside = 1
        elif self._inside and tag in ("a", "button") and "toggle" not in attrs.get("class", ""):
            self._link = [attrs.get("href"), attrs.get("aria-current"), ""]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._inside = 0
        elif self._link is not None and tag in ("a", "button"):
            href, current, text = self._link
            self.items.append((" ".join(text.split()), href, current))
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[2] += data


def navigation(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return Navigation(response.content.decode()).items


def texts(items):
    return [text for text, _, _ in items]


def current(items):
    return [(text, mark) for text, _, mark in items if mark]


def test_anyone_can_go_to_the_opportunities_the_insights_and_the_open_data_from_every_page(client, buyer):
    opportunity = publish(buyer)
    for path in ("/", "/sign-in", "/cookies", f"/opportunities/{opportunity.pk}"):
        assert texts(navigation(client, path)) == [*PUBLIC, "Sign in"], path
    assert current(navigation(client, "/")) == []
    assert current(navigation(client, "/opportunities")) == [("Find opportunities", "page")]
    # Within a section, not on its own page: aria-current="true".
    assert current(navigation(client, f"/opportunities/{opportunity.pk}")) == [("Find opportunities", "true")]
    assert current(navigation(client, "/insights?lot=digital-outcomes")) == [("Insights", "page")]
    assert current(navigation(client, "/opendata")) == [("Open data", "page")]


def test_a_buyer_has_their_requirements_and_account(client, buyer):
    opportunity = publish(buyer)
    client.post("/sign-in", {"email": buyer.email, "password": PASSWORD})
    items = navigation(client, "/opportunities")
    assert texts(items) == [*PUBLIC, "Your requirements", "Your account", "Sign out"]
    assert ("Your requirements", "/buyers/requirements", None) in items
    assert current(navigation(client, f"/buyers/requirements/{opportunity.pk}")) == [("Your requirements", "true")]
    assert current(navigation(client, "/buyers")) == [("Your account", "page")]
    assert current(navigation(client, "/account/password")) == [("Your account", "true")]


def test_a_supplier_has_their_applications_alerts_and_account_and_applying_is_part_of_them(client, buyer):
    opportunity = publish(buyer)
    supplier = supplier_offering("digital-outcomes")
    client.post("/sign-in", {"email": supplier.email, "password": PASSWORD})
    assert texts(navigation(client, "/")) == [*PUBLIC, "Your applications", "Your alerts", "Your account", "Sign out"]
    assert current(navigation(client, "/suppliers/applications")) == [("Your applications", "page")]
    assert current(navigation(client, "/suppliers/alerts")) == [("Your alerts", "page")]
    assert current(navigation(client, "/suppliers/alerts/new")) == [("Your alerts", "true")]
    assert current(navigation(client, "/suppliers/services")) == [("Your account", "true")]
    # Applying is the supplier's work, not the catalogue's: one section is marked.
    apply = client.get(f"/opportunities/{opportunity.pk}/apply", follow=True)
    assert current(Navigation(apply.content.decode()).items) == [("Your applications", "true")]


def test_a_platform_admin_has_the_back_office(client):
    admin = make_admin()
    client.force_login(admin, backend="marketplace.accounts.backends.EmailBackend")
    assert texts(navigation(client, "/opportunities")) == [*PUBLIC, "Back office", "Your account", "Sign out"]
