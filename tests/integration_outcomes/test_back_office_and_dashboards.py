"""The buyer's overview leads to the evaluation once closed, the supplier's account to its applications, and the
back office corrects outcomes, keeps other names and puts suppliers on frameworks, each audited."""

import re

import pytest

from admin.conftest import form_errors, form_values, text_of
from apply.builders import after_closing
from factories import make_supplier_user
from marketplace.applications import services as applications
from marketplace.audit.models import AuditEvent
from marketplace.frameworks.reference import live_framework
from marketplace.opportunities.models import Status
from marketplace.opportunities.selectors import status_of
from marketplace.organisations import services as organisations
from marketplace.organisations.models import BuyerDomain, Organisation, OrganisationName
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import FrameworkMembership

pytestmark = pytest.mark.django_db


# The buyer's overview and the supplier's account --------------------------------------------------------

def overview_text(client, opportunity):
    return text_of(client.get(f"/buyers/requirements/{opportunity.pk}"))


def test_the_overview_leads_to_the_applications_and_the_outcome_only_after_closing(client, buyer, applied,
                                                                                  set_clock):
    opportunity = applied["opportunity"]
    client.force_login(buyer)
    live = client.get(f"/buyers/requirements/{opportunity.pk}").content.decode()
    assert "View applications" not in live and "Let suppliers know the outcome" not in live
    after_closing(set_clock, opportunity)
    closed = client.get(f"/buyers/requirements/{opportunity.pk}").content.decode()
    assert f'href="/buyers/requirements/{opportunity.pk}/applications">View applications' in closed
    assert f'href="/buyers/requirements/{opportunity.pk}/outcome">Let suppliers know the outcome' in closed
    applications.mark_unsuccessful(opportunity, buyer, "Nobody had the skills.")
    decided = overview_text(client, opportunity)
    assert "View applications" in decided and "Let suppliers know the outcome" not in decided


def test_the_supplier_account_links_to_its_applications(client, applied):
    client.force_login(applied["small"])
    page = client.get("/suppliers").content.decode()
    assert 'href="/suppliers/applications">Your applications' in page
    assert "Developer for the booking service" in text_of(client.get("/suppliers/applications"))


# Correcting an outcome --------------------------------------------------------------------------------------

def test_an_admin_takes_back_an_award_with_a_reason_and_it_is_audited(back_office, awarded, client):
    opportunity = awarded["opportunity"]
    change = back_office.get(f"/admin/opportunities/opportunity/{opportunity.pk}/change/")
    assert "Awarded" in text_of(change)
    form_path = f"/admin/opportunities/opportunity/{opportunity.pk}/correct-outcome/"
    assert f'href="{form_path}"' in change.content.decode()

    empty = back_office.post(form_path, {"reason": "  "})
    assert empty.status_code == 200 and form_errors(empty)
    # The reason box names its help text and its error, and both are there to be read out with it.
    page = empty.content.decode()
    described_by = re.search(r'<textarea name="reason"[^>]*aria-describedby="([^"]+)"', page).group(1).split()
    assert "id_reason_helptext" in described_by
    assert all(f'id="{element}"' in page for element in described_by), described_by
    assert status_of(opportunity) == Status.AWARDED

    done = back_office.post(form_path, {"reason": "The buyer awarded the wrong supplier by mistake."})
    assert done.status_code == 302
    opportunity.refresh_from_db()
    assert status_of(opportunity) == Status.CLOSED
    event = AuditEvent.objects.get(action="opportunity.outcome_corrected")
    assert event.actor == back_office.admin and event.object_id == str(opportunity.pk)
    assert event.detail["from"] == "awarded" and event.detail["supplier"] == awarded["small"].supplier_id
    assert event.detail["reason"] == "The buyer awarded the wrong supplier by mistake."
    assert "Awarded to" not in text_of(back_office.get(f"/opportunities/{opportunity.pk}"))

    again = back_office.post(form_path, {"reason": "Once more."})
    assert "can be corrected" in text_of(again)
    assert AuditEvent.objects.filter(action="opportunity.outcome_corrected").count() == 1


def test_the_opportunity_list_finds_by_title_and_filters_by_status(back_office, awarded):
    found = text_of(back_office.get("/admin/opportunities/opportunity/?q=booking&status=awarded"))
    assert "Developer for the booking service" in found and "Awarded" in found
    assert "Developer for the booking service" not in text_of(
        back_office.get("/admin/opportunities/opportunity/?status=live"))


def test_the_correction_action_takes_the_admin_to_the_form(back_office, awarded):
    opportunity = awarded["opportunity"]
    response = back_office.post("/admin/opportunities/opportunity/", {
        "action": "correct_outcome", "_selected_action": [str(opportunity.pk)]})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/opportunities/opportunity/{opportunity.pk}/correct-outcome/"


def test_people_who_are_not_platform_admins_cannot_correct(client, awarded, buyer):
    client.force_login(buyer)
    path = f"/admin/opportunities/opportunity/{awarded['opportunity'].pk}/correct-outcome/"
    assert client.post(path, {"reason": "Because."}).status_code in (302, 403)
    assert status_of(awarded["opportunity"]) == Status.AWARDED


# Organisations -------------------------------------------------------------------------------------------

def organisation_page(organisation):
    return f"/admin/organisations/organisation/{organisation.pk}/change/"


def test_other_names_are_added_and_removed_in_the_organisation_form_and_audited(back_office):
    home_office = Organisation.objects.get(name="Home Office")
    page = back_office.get(organisation_page(home_office))
    prefix = "other_names"
    data = form_values(page)
    existing = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(existing + 1), f"{prefix}-{existing}-name": "HO Digital"})
    response = back_office.post(organisation_page(home_office), data)
    assert response.status_code == 302, form_errors(response)
    entry = OrganisationName.objects.get(name="HO Digital")
    assert entry.organisation == home_office
    assert organisations.organisation_named("the HO digital") == home_office
    assert AuditEvent.objects.filter(action="organisation.other_name_added", object_id=str(home_office.pk),
                                     actor=back_office.admin).exists()

    data = form_values(back_office.get(organisation_page(home_office)))
    index = next(key.split("-")[1] for key, value in data.items()
                 if key.endswith("-id") and key.startswith(prefix) and value == str(entry.pk))
    data[f"{prefix}-{index}-DELETE"] = "on"
    assert back_office.post(organisation_page(home_office), data).status_code == 302
    assert not OrganisationName.objects.filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(action="organisation.other_name_removed", actor=back_office.admin).exists()


def test_a_name_another_organisation_goes_by_is_refused_on_the_form(back_office):
    home_office = Organisation.objects.get(name="Home Office")
    data = form_values(back_office.get(organisation_page(home_office)))
    existing = int(data["other_names-INITIAL_FORMS"])
    data.update({"other_names-TOTAL_FORMS": str(existing + 1), f"other_names-{existing}-name": "Cabinet Office"})
    refused = back_office.post(organisation_page(home_office), data)
    assert refused.status_code == 200
    assert "Cabinet Office is already known by that name." in form_errors(refused)
    assert not OrganisationName.objects.filter(name="Cabinet Office", organisation=home_office).exists()

    data = form_values(back_office.get(organisation_page(home_office)))
    data["name"] = "the cabinet office"
    renamed = back_office.post(organisation_page(home_office), data)
    assert renamed.status_code == 200
    assert "Cabinet Office is already known by that name." in form_errors(renamed)
    home_office.refresh_from_db()
    assert home_office.name == "Home Office"


def test_a_subdomain_for_another_organisation_is_checked_against_that_organisation(back_office):
    cabinet_office = Organisation.objects.get(name="Cabinet Office")
    assert BuyerDomain.objects.filter(domain="cabinetoffice.gov.uk").exists()
    gds = Organisation.objects.get(name="Government Digital Service")
    add = "/admin/organisations/buyerdomain/add/"
    same = back_office.post(add, {"domain": "digital.cabinetoffice.gov.uk", "organisation": str(cabinet_office.pk)})
    assert same.status_code == 200
    assert any("already covered by cabinetoffice.gov.uk" in error for error in form_errors(same))
    other = back_office.post(add, {"domain": "digital.cabinetoffice.gov.uk", "organisation": str(gds.pk)})
    assert other.status_code == 302, form_errors(other)
    assert BuyerDomain.objects.get(domain="digital.cabinetoffice.gov.uk").organisation == gds


# Suppliers on frameworks -------------------------------------------------------------------------------

def test_adding_a_supplier_to_a_framework_is_audited_once(db):
    supplier = make_supplier_user(supplier_name="Fresh Ideas Ltd", on_framework=False).supplier
    framework = live_framework()
    first = suppliers.add_to_framework(supplier, framework)
    again = suppliers.add_to_framework(supplier, framework)
    assert first.pk == again.pk and suppliers.is_on_framework(supplier, framework)
    assert FrameworkMembership.objects.filter(supplier=supplier).count() == 1
    [event] = AuditEvent.objects.filter(action="framework_membership.created", object_id=str(first.pk))
    assert event.detail["parent"] == "Fresh Ideas Ltd"


def test_the_supplier_admin_adds_through_the_same_rule(back_office):
    supplier = make_supplier_user(supplier_name="Fresh Ideas Ltd", on_framework=False).supplier
    framework = live_framework()
    path = f"/admin/suppliers/supplier/{supplier.pk}/change/"
    data = {**form_values(back_office.get(path)), "memberships-TOTAL_FORMS": "1",
            "memberships-0-framework": str(framework.pk), "memberships-0-supplier": str(supplier.pk)}
    response = back_office.post(path, data)
    assert response.status_code == 302, form_errors(response)
    membership = FrameworkMembership.objects.get(supplier=supplier, framework=framework)
    [event] = AuditEvent.objects.filter(action="framework_membership.created", object_id=str(membership.pk))
    assert event.actor == back_office.admin
