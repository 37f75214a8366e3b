"""A platform admin corrects a supplier's locked legal identity and puts suppliers on frameworks."""

import pytest

from factories import make_supplier_user
from marketplace.audit.models import AuditEvent
from marketplace.frameworks.models import Framework
from marketplace.frameworks.reference import live_framework
from marketplace.suppliers import services
from marketplace.suppliers.models import FrameworkMembership

from .conftest import form_errors, form_values, text_of

pytestmark = pytest.mark.django_db

COMPANY = {
    "registered_name": "Agile Works Limited", "registration_scheme": "companies-house",
    "registration_number": "09123456", "registration_country": "United Kingdom",
    "trading_status": "limited company", "organisation_size": "small", "vat_number": "GB123456789",
    "address": "1 High Street, Leeds LS1 1AA", "contact_name": "Sam Okafor", "contact_email": "sam@agileworks.example",
    "contact_phone": "0113 496 0000",
}


@pytest.fixture
def confirmed_supplier():
    user = make_supplier_user(supplier_name="Agile Works", on_framework=False)
    services.update_company_details(user.supplier, COMPANY, by=user)
    services.confirm_company_details(user.supplier, by=user)
    user.supplier.refresh_from_db()
    return user.supplier


def change_page(supplier):
    return f"/admin/suppliers/supplier/{supplier.pk}/change/"


def test_an_admin_changes_a_confirmed_suppliers_registered_name(back_office, confirmed_supplier):
    assert confirmed_supplier.identity_locked
    page = back_office.get(change_page(confirmed_supplier))
    data = {**form_values(page), "registered_name": "Agile Works Group Limited"}
    response = back_office.post(change_page(confirmed_supplier), data)
    assert response.status_code == 302
    confirmed_supplier.refresh_from_db()
    assert confirmed_supplier.registered_name == "Agile Works Group Limited"
    event = AuditEvent.objects.get(action="supplier.identity_changed_by_admin")
    assert event.actor == back_office.admin
    assert event.detail["changed"] == {"registered_name": {"from": "Agile Works Limited",
                                                           "to": "Agile Works Group Limited"}}


def test_a_bad_registration_number_is_shown_on_the_form_and_nothing_changes(back_office, confirmed_supplier):
    page = back_office.get(change_page(confirmed_supplier))
    data = {**form_values(page), "registration_number": "12", "registered_name": "Something Else Ltd"}
    response = back_office.post(change_page(confirmed_supplier), data)
    assert response.status_code == 200
    assert any("Companies House number" in error for error in form_errors(response))
    assert form_values(response)["registered_name"] == "Something Else Ltd"
    confirmed_supplier.refresh_from_db()
    assert confirmed_supplier.registration_number == "09123456"
    assert confirmed_supplier.registered_name == "Agile Works Limited"
    assert not AuditEvent.objects.filter(action="supplier.identity_changed_by_admin").exists()


def test_putting_a_supplier_on_the_live_framework_is_audited(back_office, confirmed_supplier):
    framework = live_framework()
    assert services.supplier_eligibility(confirmed_supplier, "digital-outcomes") == "supplier-not-on-framework"
    page = back_office.get(change_page(confirmed_supplier))
    data = {**form_values(page), "memberships-TOTAL_FORMS": "1", "memberships-0-framework": str(framework.pk),
            "memberships-0-supplier": str(confirmed_supplier.pk)}
    response = back_office.post(change_page(confirmed_supplier), data)
    assert response.status_code == 302, form_errors(response)
    membership = FrameworkMembership.objects.get(supplier=confirmed_supplier, framework=framework)
    assert services.is_on_framework(confirmed_supplier)
    event = AuditEvent.objects.get(action="framework_membership.created")
    assert event.actor == back_office.admin and event.object_id == str(membership.pk)
    assert event.detail["parent"] == "Agile Works"
    assert framework.name in text_of(back_office.get(change_page(confirmed_supplier)))


def test_an_expired_framework_is_not_offered_and_putting_a_supplier_on_it_is_refused(back_office,
                                                                                    confirmed_supplier):
    expired = Framework.objects.get(generation=5)
    page = back_office.get(change_page(confirmed_supplier))
    assert f'<option value="{expired.pk}"' not in page.content.decode()
    data = {**form_values(page), "memberships-TOTAL_FORMS": "1", "memberships-0-framework": str(expired.pk),
            "memberships-0-supplier": str(confirmed_supplier.pk)}
    response = back_office.post(change_page(confirmed_supplier), data)
    assert response.status_code == 200
    assert any("Select a valid choice" in error for error in form_errors(response))
    assert not FrameworkMembership.objects.filter(supplier=confirmed_supplier).exists()
    assert not AuditEvent.objects.filter(action="framework_membership.created").exists()


def test_the_supplier_list_finds_a_supplier_by_a_users_email(back_office, confirmed_supplier):
    email = confirmed_supplier.users.get().email
    page = text_of(back_office.get("/admin/suppliers/supplier/", {"q": email}))
    assert "Agile Works" in page and "09123456" in page
