"""The supplier's own pages: only its users see them, and each shows and changes only its own supplier."""

import html
import re

import pytest

import factories
from marketplace.audit.models import AuditEvent
from marketplace.suppliers import services
from marketplace.suppliers.models import ResearchStudio

pytestmark = pytest.mark.django_db

PAGES = ["/suppliers", "/suppliers/company", "/suppliers/company/edit", "/suppliers/company/confirm",
         "/suppliers/services", "/suppliers/services/digital-specialists", "/suppliers/services/digital-outcomes",
         "/suppliers/services/user-research-participants", "/suppliers/services/user-research-studios",
         "/suppliers/services/user-research-studios/add", "/suppliers/colleagues"]


def text_of(response):
    """The page's text as a person reads it."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def field_error(response, name):
    match = re.search(rf'<p id="{re.escape(name)}-error"[^>]*>(.*?)</p>', response.content.decode(), flags=re.S)
    return match and " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()).removeprefix(
        "Error: ")


def is_checked(response, name, value):
    return re.search(rf'<input[^>]*name="{re.escape(name)}" type="checkbox" value="{re.escape(value)}"[^>]* checked',
                     response.content.decode()) is not None


@pytest.fixture
def supplier_user(client):
    user = factories.make_supplier_user(supplier_name="Agile Works Ltd")
    client.force_login(user)
    return user


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in?next="), path


def test_a_buyer_is_refused_every_supplier_page(client):
    client.force_login(factories.make_buyer())
    for path in PAGES:
        assert client.get(path).status_code == 403, path


def test_every_page_answers_the_supplier_user(client, supplier_user):
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_the_dashboard_shows_the_company_and_whether_it_is_on_the_live_framework(client):
    off = factories.make_supplier_user(supplier_name="Newcomers Ltd", on_framework=False)
    client.force_login(off)
    page = text_of(client.get("/suppliers"))
    assert "Newcomers Ltd" in page
    assert "Your company is not on Digital Outcomes and Specialists 6 yet" in page
    assert "Company details" in page and "Services" in page and "Colleagues" in page

    on = factories.make_supplier_user(supplier_name="Old Hands Ltd")
    client.force_login(on)
    assert "Your company is on Digital Outcomes and Specialists 6" in text_of(client.get("/suppliers"))


def test_an_unknown_lot_is_not_found(client, supplier_user):
    assert client.get("/suppliers/services/digital-wizards").status_code == 404


def test_a_bad_specialist_service_is_shown_again_with_everything_typed_and_nothing_saved(client, supplier_user):
    response = client.post("/suppliers/services/digital-specialists", {
        "roles": ["developer", "designer"], "developer-rate": "-650", "developer-locations": ["London", "Offsite"],
        "designer-rate": "500"})
    assert response.status_code == 200
    assert field_error(response, "developer-rate") == "The maximum day rate for Developer must be more than £0"
    assert field_error(response, "designer-locations") == "Select at least one location for Designer"
    assert 'value="-650"' in response.content.decode()
    assert is_checked(response, "developer-locations", "London") and is_checked(response, "roles", "designer")
    assert "There is a problem" in text_of(response)
    assert services.describe_lot_service(supplier_user.supplier, "digital-specialists") is None

    response = client.post("/suppliers/services/digital-specialists", {
        "roles": ["developer"], "developer-rate": "650", "developer-locations": ["London", "Offsite"],
        "designer-rate": "typed under a role that is not ticked"})
    assert response.status_code == 302 and response["Location"] == "/suppliers/services"
    page = text_of(client.get("/suppliers/services"))
    assert "Developer Up to £650 a day in London, Offsite" in page


def test_the_specialists_form_shows_what_is_offered(client, supplier_user):
    services.update_lot_service(supplier_user.supplier, "digital-specialists", {"roles": {
        "dataScientist": {"locations": ["Wales"], "maxDayRate": "725.5"}}}, by=supplier_user)
    response = client.get("/suppliers/services/digital-specialists")
    assert is_checked(response, "roles", "dataScientist") and is_checked(response, "dataScientist-locations", "Wales")
    assert 'value="725.50"' in response.content.decode()
    assert not is_checked(response, "roles", "developer")


def test_an_outcomes_service_needs_a_capability(client, supplier_user):
    response = client.post("/suppliers/services/digital-outcomes", {"locations": ["Scotland"]})
    assert field_error(response, "capability-user-experience-and-design") == "Select at least one capability"
    assert is_checked(response, "locations", "Scotland")

    response = client.post("/suppliers/services/digital-outcomes", {
        "locations": ["Scotland", "Offsite"], "capability-security": ["Penetration testing"]})
    assert response.status_code == 302
    assert services.describe_lot_service(supplier_user.supplier, "digital-outcomes") == {
        "locations": ["Scotland", "Offsite"], "capabilities": {"Security": ["Penetration testing"]}}
    assert "Security Penetration testing" in text_of(client.get("/suppliers/services"))


def test_a_participants_service_is_saved_from_its_checkboxes(client, supplier_user):
    response = client.post("/suppliers/services/user-research-participants", {"locations": ["Wales"]})
    assert field_error(response, "recruitmentMethods") == "Select at least one recruitment method"
    response = client.post("/suppliers/services/user-research-participants", {
        "locations": ["Wales", "International (outside the UK)"],
        "recruitmentMethods": ["Recruited from the supplier's own panel"]})
    assert response.status_code == 302
    page = text_of(client.get("/suppliers/services"))
    assert "Locations Wales, International (outside the UK)" in page
    assert "Recruitment methods Recruited from the supplier's own panel" in page


def test_a_service_can_be_stopped_after_confirming(client, supplier_user):
    services.update_lot_service(supplier_user.supplier, "user-research-participants", {
        "locations": ["Wales"], "recruitmentMethods": ["Entirely recruited by the supplier"]}, by=supplier_user)
    page = text_of(client.get("/suppliers/services/user-research-participants?remove"))
    assert "Are you sure you want to stop offering user research participants?" in page
    response = client.post("/suppliers/services/user-research-participants", {"action": "remove"})
    assert response.status_code == 302
    assert services.describe_lot_service(supplier_user.supplier, "user-research-participants") is None


STUDIO = {"name": "Leeds Lab", "address": "1 Park Row, Leeds", "location": "Yorkshire and the Humber",
          "facilities": "Viewing room", "price": "120", "priceUnit": "hour"}


def test_studios_are_added_changed_and_removed_one_at_a_time(client, supplier_user):
    response = client.post("/suppliers/services/user-research-studios/add", {**STUDIO, "price": "lots"})
    assert field_error(response, "price") == \
        "The studio's price must be an amount in pounds and pence, like 120 or 120.50"
    assert 'value="Leeds Lab"' in response.content.decode()
    assert not ResearchStudio.objects.exists()

    assert client.post("/suppliers/services/user-research-studios/add", STUDIO).status_code == 302
    studio = ResearchStudio.objects.get()
    page = text_of(client.get("/suppliers/services/user-research-studios"))
    assert "Leeds Lab" in page and "£120 per hour" in page

    response = client.post(f"/suppliers/services/user-research-studios/{studio.pk}", {**STUDIO, "price": "99.5",
                                                                                       "priceUnit": "day"})
    assert response.status_code == 302
    assert "£99.50 per day" in text_of(client.get("/suppliers/services"))

    assert client.post(f"/suppliers/services/user-research-studios/{studio.pk}/remove").status_code == 302
    assert not ResearchStudio.objects.exists()
    assert services.describe_lot_service(supplier_user.supplier, "user-research-studios") is None


def test_another_suppliers_studio_is_not_found(client, supplier_user):
    owner = factories.make_supplier_user()
    studio = services.save_studio(owner.supplier, STUDIO, by=owner)
    assert client.get(f"/suppliers/services/user-research-studios/{studio.pk}").status_code == 404
    assert client.post(f"/suppliers/services/user-research-studios/{studio.pk}", STUDIO).status_code == 404
    assert client.post(f"/suppliers/services/user-research-studios/{studio.pk}/remove").status_code == 404
    assert ResearchStudio.objects.filter(pk=studio.pk, name="Leeds Lab").exists()
    assert "Leeds Lab" not in text_of(client.get("/suppliers/services"))


def test_each_supplier_sees_only_its_own_services_and_details(client, supplier_user):
    other = factories.make_supplier_user(supplier_name="Rival Digital Ltd")
    services.update_lot_service(other.supplier, "digital-specialists", {"roles": {
        "developer": {"locations": ["London"], "maxDayRate": "999"}}}, by=other)
    for path in PAGES:
        page = text_of(client.get(path))
        assert "Rival Digital" not in page and "£999" not in page, path


COMPANY = {"name": "Agile Works Ltd", "registered_name": "Agile Works Limited",
           "registration_scheme": "companies-house",
           "registration_number": "01234567", "registration_country": "United Kingdom",
           "trading_status": "limited company", "organisation_size": "small", "vat_number": "",
           "address": "1 High Street\nLeeds", "description": "", "contact_name": "Sam Okafor",
           "contact_email": "sam@agileworks.example.com", "contact_phone": "0113 496 0000"}


def test_company_details_are_edited_then_confirmed_and_locked(client, supplier_user):
    response = client.post("/suppliers/company/edit", {**COMPANY, "contact_email": "sam at agile works"})
    assert field_error(response, "contact_email") == \
        "Enter an email address in the correct format, like name@example.com"
    assert 'value="Agile Works Limited"' in response.content.decode()

    assert client.post("/suppliers/company/edit", COMPANY).status_code == 302
    page = text_of(client.get("/suppliers/company"))
    assert "Registered company name Agile Works Limited" in page and "Not registered for VAT" in page

    assert "Once you confirm these details, only our support team can change them" in text_of(
        client.get("/suppliers/company/confirm"))
    assert client.post("/suppliers/company/confirm").status_code == 302
    supplier_user.supplier.refresh_from_db()
    assert supplier_user.supplier.identity_locked

    response = client.get("/suppliers/company/edit")
    page = text_of(response)
    assert "contact us to change them" in page and "Agile Works Limited" in page
    assert 'name="registered_name"' not in response.content.decode()
    # A tampered form cannot change the locked identity: the form has no such field any more.
    client.post("/suppliers/company/edit", {**COMPANY, "registered_name": "Someone Else Ltd", "contact_name": "Jo"})
    supplier_user.supplier.refresh_from_db()
    assert supplier_user.supplier.registered_name == "Agile Works Limited"
    assert supplier_user.supplier.contact_name == "Jo"


def test_incomplete_details_cannot_be_confirmed(client, supplier_user):
    page = text_of(client.get("/suppliers/company/confirm"))
    assert "Before you can confirm these details, put these right" in page
    client.post("/suppliers/company/confirm")
    supplier_user.supplier.refresh_from_db()
    assert not supplier_user.supplier.identity_locked


def test_a_colleague_is_invited_by_email(client, supplier_user, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/suppliers/colleagues", {"email": "Jo.Bloggs@agileworks.example.com"})
    assert response.status_code == 302 and response["Location"] == "/suppliers/colleagues"
    page = text_of(client.get("/suppliers/colleagues"))
    assert "Invitations not yet accepted Email address Invitation lasts until jo.bloggs@agileworks.example.com" in page
    assert supplier_user.email in page
    message = mailbox.last_to("jo.bloggs@agileworks.example.com")
    assert "Sam Okafor has invited you to join Agile Works Ltd" in message["Subject"]
    assert mailbox.link_to("jo.bloggs@agileworks.example.com", "/join/")

    response = client.post("/suppliers/colleagues", {"email": supplier_user.email})
    assert field_error(response, "email") == "There is already an account for this email address"
    assert AuditEvent.objects.filter(action="colleague.invited").count() == 1
