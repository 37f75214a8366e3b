"""The organisation register and the approved buyer-domain list, kept by platform admins."""

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.organisations.models import BuyerDomain, Organisation
from marketplace.organisations.services import organisation_for_email

from .conftest import form_errors, form_values, text_of

pytestmark = pytest.mark.django_db

DOMAINS = "/admin/organisations/buyerdomain/"
ORGANISATIONS = "/admin/organisations/organisation/"


def add_domain(client, domain, organisation):
    return client.post(f"{DOMAINS}add/", {"domain": domain, "organisation": organisation.pk})


@pytest.mark.parametrize("domain, problem", [
    ("homeoffice.gov.uk", "homeoffice.gov.uk is already on the approved list."),
    ("HomeOffice.gov.uk", "homeoffice.gov.uk is already on the approved list."),
    ("digital.homeoffice.gov.uk", "digital.homeoffice.gov.uk is already covered by homeoffice.gov.uk (Home Office)."),
    ("gmail.com", "gmail.com is open to anyone, so it cannot prove someone works for a public body."),
    ("gov.uk", "gov.uk is open to anyone, so it cannot prove someone works for a public body."),
    ("not a domain", "Enter a domain name like example.gov.uk, without the @ or any spaces."),
])
def test_a_domain_that_proves_nothing_new_is_refused_on_the_form(back_office, domain, problem):
    before = BuyerDomain.objects.count()
    response = add_domain(back_office, domain, Organisation.objects.get(name="Home Office"))
    assert response.status_code == 200
    assert problem in form_errors(response)
    assert form_values(response)["domain"]  # what was typed is still there
    assert BuyerDomain.objects.count() == before
    assert not AuditEvent.objects.filter(action="buyer_domain.added").exists()


def test_every_problem_with_the_form_is_shown_at_once(back_office):
    response = back_office.post(f"{DOMAINS}add/", {"domain": "gmail.com", "organisation": ""})
    errors = form_errors(response)
    assert "gmail.com is open to anyone, so it cannot prove someone works for a public body." in errors
    assert "This field is required." in errors


def test_adding_a_domain_lets_its_people_sign_up_as_that_organisation(back_office):
    council = Organisation.objects.get(name="Kent County Council")
    assert organisation_for_email("someone@kentfire.gov.uk") is None
    response = add_domain(back_office, " KentFire.gov.uk ", council)
    assert response.status_code == 302
    entry = BuyerDomain.objects.get(domain="kentfire.gov.uk")
    assert organisation_for_email("someone@kentfire.gov.uk") == council
    event = AuditEvent.objects.get(action="buyer_domain.added", object_id=str(entry.pk))
    assert event.actor == back_office.admin
    assert event.detail == {"organisation": "Kent County Council"}


def test_removing_a_domain_is_audited(back_office):
    entry = BuyerDomain.objects.get(domain="cornwall.gov.uk")
    response = back_office.post(f"{DOMAINS}{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not BuyerDomain.objects.filter(domain="cornwall.gov.uk").exists()
    assert organisation_for_email("someone@cornwall.gov.uk") is None
    event = AuditEvent.objects.get(action="buyer_domain.removed", object_id=str(entry.pk))
    assert event.actor == back_office.admin and event.object_label == "cornwall.gov.uk"


def test_removing_several_domains_at_once_audits_each(back_office):
    entries = list(BuyerDomain.objects.filter(domain__in=["leeds.gov.uk", "manchester.gov.uk"]))
    back_office.post(DOMAINS, {"action": "delete_selected", "_selected_action": [e.pk for e in entries],
                               "post": "yes"})
    assert not BuyerDomain.objects.filter(domain__in=["leeds.gov.uk", "manchester.gov.uk"]).exists()
    removed = AuditEvent.objects.filter(action="buyer_domain.removed").values_list("object_label", flat=True)
    assert sorted(removed) == ["leeds.gov.uk", "manchester.gov.uk"]


def test_domains_are_not_edited_in_place(back_office):
    entry = BuyerDomain.objects.get(domain="kent.gov.uk")
    response = back_office.post(f"{DOMAINS}{entry.pk}/change/", {"domain": "kent.gov.uk",
                                                                 "organisation": Organisation.objects.first().pk})
    assert response.status_code == 403
    assert BuyerDomain.objects.get(pk=entry.pk).organisation.name == "Kent County Council"


def test_the_register_lists_domains_and_filters_by_sector_nation_and_search(back_office):
    page = text_of(back_office.get(ORGANISATIONS, {"sector__exact": "local-government"}))
    assert "Leeds City Council" in page and "leeds.gov.uk" in page
    assert "Home Office" not in page
    page = text_of(back_office.get(ORGANISATIONS, {"nation__exact": "wales"}))
    assert "Cardiff Council" in page and "Welsh Government" in page and "Glasgow City Council" not in page
    page = text_of(back_office.get(ORGANISATIONS, {"q": "hmrc.gov.uk"}))
    assert "HM Revenue and Customs" in page and "Home Office" not in page


def test_an_organisation_cannot_become_its_own_ancestor(back_office):
    cabinet_office = Organisation.objects.get(name="Cabinet Office")
    gds = Organisation.objects.get(name="Government Digital Service")
    page = back_office.get(f"{ORGANISATIONS}{cabinet_office.pk}/change/")
    data = {**form_values(page), "parent": str(gds.pk)}
    response = back_office.post(f"{ORGANISATIONS}{cabinet_office.pk}/change/", data)
    assert response.status_code == 200
    assert ("An organisation cannot be its own parent, directly or through another organisation."
            in form_errors(response))
    cabinet_office.refresh_from_db()
    assert cabinet_office.parent is None
    assert not AuditEvent.objects.filter(action="organisation.edited").exists()


def test_editing_an_organisation_is_audited_with_what_changed(back_office):
    agency = Organisation.objects.get(name="Met Office")
    page = back_office.get(f"{ORGANISATIONS}{agency.pk}/change/")
    assert "metoffice.gov.uk" in text_of(page)
    data = {**form_values(page), "nation": "england"}
    assert back_office.post(f"{ORGANISATIONS}{agency.pk}/change/", data).status_code == 302
    agency.refresh_from_db()
    assert agency.nation == "england"
    event = AuditEvent.objects.get(action="organisation.edited", object_id=str(agency.pk))
    assert event.actor == back_office.admin and event.detail == {"fields": ["nation"]}


def test_adding_an_organisation_to_the_register(back_office):
    department = Organisation.objects.get(name="Department for Transport")
    response = back_office.post(f"{ORGANISATIONS}add/", {
        "name": "Active Travel England", "sector": "other-public-body", "parent": department.pk,
        "nation": "england"})
    assert response.status_code == 302
    created = Organisation.objects.get(name="Active Travel England")
    assert created.parent == department
    assert AuditEvent.objects.get(action="organisation.created", object_id=str(created.pk)).actor == back_office.admin
