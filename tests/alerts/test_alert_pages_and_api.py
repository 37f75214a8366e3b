"""Saving, changing and stopping alerts in the pages and the API: the same rules, bad input refused with a clear
message and nothing saved, another user's alert a 404 everywhere, and an alert matching exactly what the
catalogue finds."""

from html import unescape

import pytest

from catalogue.requirements import OUTCOMES, PARTICIPANTS, SPECIALISTS, draft, publish, supplier_offering
from factories import PASSWORD, make_supplier_user
from marketplace.accounts.services import create_api_token
from marketplace.alerts import selectors, services
from marketplace.alerts.models import Alert
from marketplace.audit.models import AuditEvent
from marketplace.opportunities.models import Opportunity
from marketplace.search.models import SearchEntry
from marketplace.search.selectors import search_opportunities

pytestmark = pytest.mark.django_db
LONG_QUERY = "developer " * 1000


def signed_in(client, user):
    client.post("/sign-in", {"email": user.email, "password": PASSWORD})
    return client


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user)}"}


def text(response):
    return unescape(response.content.decode())


# One set of search rules ------------------------------------------------------------------------------------

@pytest.mark.parametrize("q, filters", [
    ("booking", {}),
    ("developer London", {}),
    ('"lasting power"', {}),
    ('"power lasting"', {}),
    ("service -booking", {}),
    ("", {"lots": ["digital-outcomes"]}),
    ("", {"locations": ["Wales", "North East England"]}),
    ("", {"roles": ["developer"]}),
    ("service", {"lots": ["digital-specialists", "user-research-participants"], "locations": ["London"]}),
    ("nothing-like-this", {}),
])
def test_an_alert_matches_exactly_what_the_catalogue_finds(buyer, q, filters):
    published = [
        publish(buyer, OUTCOMES),
        publish(buyer, OUTCOMES, title="Discovery for council tax payments", location="North East England",
                summary="Understand how residents pay council tax and where they struggle."),
        publish(buyer, SPECIALISTS),
        publish(buyer, SPECIALISTS, title="Delivery manager for a booking service", specialistRole="deliveryManager"),
        publish(buyer, PARTICIPANTS),
    ]
    catalogue = {hit.opportunity.pk for hit in search_opportunities(q, **filters).hits}
    alert = services.create_alert(make_supplier_user(), {
        "name": "Saved", "frequency": "daily", "q": q, "lot": filters.get("lots", []),
        "location": filters.get("locations", []), "specialistRole": filters.get("roles", [])})
    assert selectors.matches([alert], published)[alert.pk] == catalogue


# Pages ------------------------------------------------------------------------------------------------------

def test_a_supplier_saves_the_catalogue_search_as_an_alert_changes_it_and_stops_it(client, buyer):
    supplier = make_supplier_user()
    signed_in(client, supplier)
    search = text(client.get("/opportunities?q=developer&lot=digital-specialists&specialistRole=developer"
                             "&location=London&status=open"))
    link = "/suppliers/alerts/new?q=developer&lot=digital-specialists&location=London&specialistRole=developer"
    assert "Get emails about new opportunities like these" in search and link in search

    form = text(client.get(link))
    assert 'value="developer"' in form and 'value="London" checked' in form
    response = client.post("/suppliers/alerts/new", {
        "name": "Developers in London", "frequency": "instant", "q": "developer", "lot": ["digital-specialists"],
        "specialistRole": ["developer"], "location": ["London"]})
    assert response.status_code == 302 and response["Location"] == "/suppliers/alerts"
    alert = Alert.objects.get(name="Developers in London")
    assert (alert.user, alert.q, alert.lots, alert.roles, alert.locations, alert.frequency) == (
        supplier, "developer", ["digital-specialists"], ["developer"], ["London"], "instant")
    assert AuditEvent.objects.filter(action="alert.created", object_id=str(alert.pk), actor=supplier).exists()

    listing = text(client.get("/suppliers/alerts"))
    assert "Developers in London" in listing and "Opportunities for your services" in listing
    assert "\u2018developer\u2019; Digital specialists; Developer; in London" in listing

    client.post(f"/suppliers/alerts/{alert.pk}", {"name": "London developers", "frequency": "daily",
                                                  "q": "developer", "location": ["London"]})
    alert.refresh_from_db()
    assert (alert.name, alert.frequency, alert.lots) == ("London developers", "daily", [])
    assert AuditEvent.objects.filter(action="alert.changed", object_id=str(alert.pk)).exists()

    assert "Are you sure you want to stop" in text(client.get(f"/suppliers/alerts/{alert.pk}/stop"))
    client.post(f"/suppliers/alerts/{alert.pk}/stop")
    assert Alert.objects.get(pk=alert.pk).stopped_at is not None
    assert "London developers</h2>" not in text(client.get("/suppliers/alerts"))


def test_the_services_alert_changes_its_name_and_frequency_but_keeps_following_the_services(client):
    supplier = make_supplier_user()
    services_alert = supplier.alerts.get()
    assert services_alert.follows_services and services_alert.frequency == "daily"
    signed_in(client, supplier)
    page = text(client.get(f"/suppliers/alerts/{services_alert.pk}"))
    assert "This alert follows what your company offers" in page and 'name="q"' not in page
    client.post(f"/suppliers/alerts/{services_alert.pk}", {"name": "My services", "frequency": "instant",
                                                           "q": "ignored"})
    services_alert.refresh_from_db()
    assert (services_alert.name, services_alert.frequency, services_alert.q) == ("My services", "instant", "")


def test_signed_out_visitors_are_offered_a_sign_in_and_buyers_nothing(client, buyer):
    assert "Sign in as a supplier to get emails" in text(client.get("/opportunities?q=developer"))
    signed_in(client, buyer)
    assert "get emails about new opportunities" not in text(client.get("/opportunities?q=developer")).lower()


@pytest.mark.parametrize("posted, field, message", [
    ({"q": LONG_QUERY}, "q", "The search words must be 500 characters or fewer (there are 9,999)"),
    ({"lot": ["digital-widgets"]}, "lot", "digital-widgets is not a lot that takes requirements"),
    ({"location": ["Atlantis"]}, "location", "Atlantis is not a location"),
    ({"specialistRole": ["wizard"]}, "specialistRole", "wizard is not a specialist role"),
    ({"name": "   "}, "name", "Enter a name for the alert"),
    ({"frequency": "hourly"}, "frequency", "Choose how often to get emails: instant or daily"),
])
def test_bad_input_gets_a_clear_message_and_saves_nothing(client, posted, field, message):
    supplier = make_supplier_user()
    signed_in(client, supplier)
    before = Alert.objects.count()
    page = client.post("/suppliers/alerts/new", {"name": "Saved", "frequency": "daily", **posted})
    assert page.status_code == 200
    body = text(page)
    assert "There is a problem" in body and f'href="#{field}">{message}' in body
    response = client.post("/api/v1/supplier/alerts", {"name": "Saved", "frequency": "daily", **posted},
                           content_type="application/json", **bearer(supplier))
    assert response.status_code == 400
    assert response.json() == {"detail": "Some of what was sent is not valid.", "errors": {field: [message]}}
    assert Alert.objects.count() == before


def test_another_users_alert_is_not_found_in_the_pages_or_the_api(client):
    owner, other = make_supplier_user(), make_supplier_user()
    theirs = services.create_alert(owner, {"name": "Mine", "frequency": "daily", "q": "design"})
    signed_in(client, other)
    for path in (f"/suppliers/alerts/{theirs.pk}", f"/suppliers/alerts/{theirs.pk}/stop"):
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "Taken", "frequency": "instant"}).status_code == 404
    assert "Mine</h2>" not in text(client.get("/suppliers/alerts"))
    assert client.delete(f"/api/v1/supplier/alerts/{theirs.pk}", **bearer(other)).status_code == 404
    assert [a["name"] for a in client.get("/api/v1/supplier/alerts", **bearer(other)).json()] == [
        "Opportunities for your services"]
    theirs.refresh_from_db()
    assert theirs.name == "Mine" and theirs.stopped_at is None


def test_the_api_lists_saves_and_stops_alerts(client):
    supplier = make_supplier_user()
    headers = bearer(supplier)
    created = client.post("/api/v1/supplier/alerts", {
        "name": "Developers in London", "q": "developer", "lot": ["digital-specialists"], "location": ["London"],
        "specialistRole": ["developer"], "frequency": "instant"}, content_type="application/json", **headers)
    assert created.status_code == 201
    body = created.json()
    assert {k: v for k, v in body.items() if k != "createdAt"} == {
        "id": body["id"], "name": "Developers in London", "followsServices": False, "q": "developer",
        "lot": ["digital-specialists"], "location": ["London"], "specialistRole": ["developer"],
        "frequency": "instant"}
    listed = client.get("/api/v1/supplier/alerts", **headers).json()
    assert [a["name"] for a in listed] == ["Opportunities for your services", "Developers in London"]
    assert client.delete(f"/api/v1/supplier/alerts/{body['id']}", **headers).status_code == 204
    assert [a["name"] for a in client.get("/api/v1/supplier/alerts", **headers).json()] == [
        "Opportunities for your services"]
    assert AuditEvent.objects.get(action="alert.stopped").detail == {"via": "API"}


def test_buyers_have_no_alerts(client, buyer):
    assert client.get("/api/v1/supplier/alerts", **bearer(buyer)).status_code == 403
    signed_in(client, buyer)
    assert client.get("/suppliers/alerts").status_code == 403


# The buyer's market -----------------------------------------------------------------------------------------

def test_the_buyer_sees_how_many_of_the_matching_suppliers_an_alert_will_email(client, buyer):
    told_by_services = supplier_offering(SPECIALISTS, roles=["developer"])
    told_by_search = supplier_offering(SPECIALISTS, roles=["developer"])
    services.stop_alert(told_by_search.alerts.get(), told_by_search)
    services.create_alert(told_by_search, {"name": "Booking", "frequency": "daily", "q": "booking"})
    not_told = supplier_offering(SPECIALISTS, roles=["developer"])
    services.stop_alert(not_told.alerts.get(), not_told)
    services.create_alert(not_told, {"name": "Design", "frequency": "daily", "q": "design"})
    requirement = draft(buyer, SPECIALISTS)

    signed_in(client, buyer)
    page = " ".join(text(client.get(f"/buyers/requirements/{requirement.pk}")).split())
    assert "3 suppliers on Digital Outcomes and Specialists 6 offer Developer in London" in page
    assert "2 of them will be emailed when you publish" in page
    assert told_by_services.email not in page and told_by_search.supplier.name not in page
    # Asking the catalogue's search about a draft leaves it out of the catalogue.
    assert not SearchEntry.objects.filter(opportunity=requirement).exists()
    assert Opportunity.objects.get(pk=requirement.pk).published_at is None


def test_the_catalogue_tells_a_signed_in_supplier_why_an_opportunity_fits(client, buyer):
    supplier = supplier_offering(SPECIALISTS, roles=["developer"])
    services.create_alert(supplier, {"name": "Research", "frequency": "daily", "q": "participants"})
    publish(buyer, SPECIALISTS)
    publish(buyer, PARTICIPANTS)
    publish(buyer, OUTCOMES)
    signed_in(client, supplier)
    page = text(client.get("/opportunities"))
    assert page.count("app-why-it-fits") == 2
    assert "You offer Developer in London" in page
    assert "It matches your alert \u2018Research\u2019" in page
    client.post("/sign-out")
    assert "app-why-it-fits" not in text(client.get("/opportunities"))


def test_a_search_alert_is_found_under_its_anchors_which_follow_its_changes():
    """Published opportunities find the instant alerts worth testing by these terms (models.AlertAnchor)."""
    supplier = make_supplier_user()
    alert = services.create_alert(supplier, {"name": "Saved", "frequency": "instant", "q": "booking developers"})
    anchored = lambda: sorted(alert.anchors.values_list("term", flat=True))  # noqa: E731
    assert anchored() == ["develop"]
    services.update_alert(alert, {"name": "Saved", "frequency": "instant", "q": "", "location": ["Wales"]},
                          by=supplier)
    assert anchored() == ["0locwales"]
    services.update_alert(alert, {"name": "Saved", "frequency": "instant", "q": "-booking"}, by=supplier)
    assert anchored() == ["0all"]
    services.stop_alert(alert, by=supplier)
    assert anchored() == []
