"""Company details: the supplier's users edit them; once confirmed, the legal identity is locked."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import factories
from marketplace.audit.models import AuditEvent
from marketplace.suppliers import services

pytestmark = pytest.mark.django_db

COMPLETE = {"registered_name": "Agile Works Limited", "registration_scheme": "companies-house",
            "registration_number": "01234567", "registration_country": "United Kingdom",
            "trading_status": "limited company", "organisation_size": "small", "vat_number": "GB123456789",
            "address": "1 High Street\nLeeds LS1 1AA", "contact_phone": "0113 496 0000"}


def complete_supplier_user():
    user = factories.make_supplier_user()
    services.update_company_details(user.supplier, COMPLETE, by=user)
    return user


def test_a_supplier_user_edits_the_company_details_and_the_change_is_recorded():
    user = factories.make_supplier_user()
    supplier = services.update_company_details(user.supplier, {**COMPLETE, "description": "We build services."},
                                               by=user, ip_address="127.0.0.1")
    supplier.refresh_from_db()
    assert supplier.registration_number == "01234567" and supplier.description == "We build services."
    event = AuditEvent.objects.get(action="supplier.details_changed")
    assert event.actor == user and event.ip_address == "127.0.0.1"
    assert event.detail["changed"]["description"] == {"from": "", "to": "We build services."}


def test_bad_details_are_refused_all_at_once_and_nothing_changes():
    user = complete_supplier_user()
    with pytest.raises(ValidationError) as raised:
        services.update_company_details(user.supplier, {"contact_email": "not an email", "name": " "}, by=user)
    assert set(raised.value.message_dict) == {"contact_email", "name"}
    user.supplier.refresh_from_db()
    assert user.supplier.name.startswith("Agile Works")


def test_details_cannot_be_confirmed_until_they_are_complete():
    user = factories.make_supplier_user()  # made from the command line: no registration number or address
    assert services.company_details_problems(user.supplier)
    with pytest.raises(ValidationError) as raised:
        services.confirm_company_details(user.supplier, by=user)
    assert "registration_number" in raised.value.message_dict
    user.supplier.refresh_from_db()
    assert user.supplier.identity_confirmed_at is None


def test_once_confirmed_the_identity_is_locked_but_contact_details_stay_editable():
    user = complete_supplier_user()
    services.confirm_company_details(user.supplier, by=user)
    assert AuditEvent.objects.filter(action="supplier.identity_confirmed").count() == 1

    with pytest.raises(ValidationError) as raised:
        services.update_company_details(user.supplier, {"registered_name": "New Name Ltd",
                                                        "organisation_size": "large"}, by=user)
    assert raised.value.message_dict == {
        "registered_name": ["Registered company name cannot be changed once your company details are confirmed. "
                            "Contact us to change it"],
        "organisation_size": ["Organisation size cannot be changed once your company details are confirmed. "
                              "Contact us to change it"],
    }
    # Sending the locked fields back unchanged is fine, so a whole record can be sent.
    services.update_company_details(user.supplier, {**COMPLETE, "contact_name": "Jo Bloggs"}, by=user)
    user.supplier.refresh_from_db()
    assert user.supplier.contact_name == "Jo Bloggs" and user.supplier.registered_name == "Agile Works Limited"


def test_only_a_platform_admin_changes_a_confirmed_identity():
    user = complete_supplier_user()
    services.confirm_company_details(user.supplier, by=user)
    with pytest.raises(PermissionDenied):
        services.admin_update_identity(user.supplier, {"registered_name": "Renamed Ltd"}, by=user)

    admin = factories.make_admin()
    services.admin_update_identity(user.supplier, {"registered_name": "Renamed Ltd"}, by=admin)
    user.supplier.refresh_from_db()
    assert user.supplier.registered_name == "Renamed Ltd" and user.supplier.identity_locked
    event = AuditEvent.objects.get(action="supplier.identity_changed_by_admin")
    assert event.actor == admin
    assert event.detail["changed"] == {"registered_name": {"from": "Agile Works Limited", "to": "Renamed Ltd"}}


def test_another_suppliers_user_or_a_buyer_cannot_edit_or_confirm():
    owner = complete_supplier_user()
    for stranger in (factories.make_supplier_user(), factories.make_buyer()):
        with pytest.raises(PermissionDenied):
            services.update_company_details(owner.supplier, {"name": "Hijacked"}, by=stranger)
        with pytest.raises(PermissionDenied):
            services.confirm_company_details(owner.supplier, by=stranger)
    owner.supplier.refresh_from_db()
    assert owner.supplier.identity_confirmed_at is None and owner.supplier.name != "Hijacked"
