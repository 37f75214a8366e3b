"""What a supplier offers on each lot: one check per lot shape, shared by the pages and the API."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace.audit.models import AuditEvent
from marketplace.frameworks.reference import INTERNATIONAL, OFFSITE
from marketplace.suppliers import services
from marketplace.suppliers.models import LotService, SpecialistOffer
import factories

pytestmark = pytest.mark.django_db


def problems(lot, payload):
    with pytest.raises(ValidationError) as raised:
        services.clean_lot_service(lot, payload)
    return raised.value.message_dict


def developer(rate="650.00", locations=("London", OFFSITE)):
    return {"roles": {"developer": {"locations": list(locations), "maxDayRate": rate}}}


# Digital specialists ------------------------------------------------------------------------------------

def test_a_specialist_service_is_cleaned_into_the_declared_order():
    cleaned = services.clean_lot_service("digital-specialists", {"roles": {
        "developer": {"locations": [OFFSITE, "London", "London"], "maxDayRate": "£1,250.5"},
        "agileCoach": {"locations": ["Scotland"], "maxDayRate": 700},
    }})
    assert cleaned == {"roles": {
        "agileCoach": {"locations": ["Scotland"], "maxDayRate": Decimal("700.00")},
        "developer": {"locations": ["London", OFFSITE], "maxDayRate": Decimal("1250.50")},
    }}


@pytest.mark.parametrize("payload", [{}, {"roles": {}}, {"roles": None}])
def test_at_least_one_role_is_needed(payload):
    assert problems("digital-specialists", payload) == {"roles": ["Select at least one specialist role"]}


def test_an_unknown_role_is_refused_by_name():
    found = problems("digital-specialists", {"roles": {"wizard": {"locations": ["London"], "maxDayRate": "500"}}})
    assert found == {"roles": ["wizard is not a specialist role"]}


@pytest.mark.parametrize("rate, message", [
    (None, "Enter the maximum day rate for Developer"),
    ("", "Enter the maximum day rate for Developer"),
    ("0", "The maximum day rate for Developer must be more than £0"),
    ("0.00", "The maximum day rate for Developer must be more than £0"),
    ("-650", "The maximum day rate for Developer must be more than £0"),
    ("six hundred", "The maximum day rate for Developer must be an amount in pounds and pence, like 650 or 650.50"),
    ("650.505", "The maximum day rate for Developer must be an amount in pounds and pence, like 650 or 650.50"),
    ("1e3", "The maximum day rate for Developer must be an amount in pounds and pence, like 650 or 650.50"),
    ("NaN", "The maximum day rate for Developer must be an amount in pounds and pence, like 650 or 650.50"),
    (True, "The maximum day rate for Developer must be an amount in pounds and pence, like 650 or 650.50"),
    ("10000.01", "The maximum day rate for Developer must be £10,000 or less"),
])
def test_a_day_rate_must_be_a_positive_amount_in_pounds_and_pence(rate, message):
    assert problems("digital-specialists", developer(rate=rate)) == {"roles.developer.maxDayRate": [message]}


def test_the_highest_day_rate_allowed_is_ten_thousand_pounds():
    cleaned = services.clean_lot_service("digital-specialists", developer(rate="10000"))
    assert cleaned["roles"]["developer"]["maxDayRate"] == Decimal("10000.00")


def test_each_role_needs_a_location_from_the_regions_or_offsite():
    assert problems("digital-specialists", developer(locations=())) == {
        "roles.developer.locations": ["Select at least one location for Developer"]}
    assert problems("digital-specialists", developer(locations=["London", INTERNATIONAL])) == {
        "roles.developer.locations": [f"{INTERNATIONAL} is not a location for digital specialists"]}


def test_every_problem_is_reported_at_once():
    found = problems("digital-specialists", {"roles": {
        "developer": {"locations": [], "maxDayRate": "-1"},
        "designer": {"locations": ["Atlantis"], "maxDayRate": "abc"},
        "wizard": {},
    }})
    assert set(found) == {"roles", "roles.developer.locations", "roles.developer.maxDayRate",
                          "roles.designer.locations", "roles.designer.maxDayRate"}


def test_keys_of_another_lot_are_refused():
    found = problems("digital-specialists", {**developer(), "capabilities": {"Security": ["IT health check"]}})
    assert found == {"capabilities": ["Digital specialists do not use capabilities"]}


# Digital outcomes ---------------------------------------------------------------------------------------

def test_an_outcomes_service_needs_locations_and_capabilities_with_their_own_kinds():
    cleaned = services.clean_lot_service("digital-outcomes", {
        "locations": [OFFSITE, "Wales"],
        "capabilities": {"Security": ["Penetration testing", "IT health check"],
                         "Software development": ["API development"]},
    })
    assert cleaned == {"locations": ["Wales", OFFSITE], "capabilities": {
        "Security": ["IT health check", "Penetration testing"], "Software development": ["API development"]}}


def test_an_outcomes_service_refuses_what_is_missing_or_unknown():
    assert problems("digital-outcomes", {}) == {"locations": ["Select at least one location"],
                                                "capabilities": ["Select at least one capability"]}
    found = problems("digital-outcomes", {"locations": [INTERNATIONAL], "capabilities": {
        "Security": ["API development"], "Software development": [], "Magic": ["Spells"]}})
    assert found == {
        "locations": [f"{INTERNATIONAL} is not a location for digital outcomes"],
        "capabilities.Security": ["API development is not a kind of security"],
        "capabilities.Software development": ["Select at least one kind of software development"],
        "capabilities": ["Magic is not a capability"],
    }


# User research participants -----------------------------------------------------------------------------

def test_a_participants_service_takes_regions_and_international_but_not_offsite():
    cleaned = services.clean_lot_service("user-research-participants", {
        "locations": [INTERNATIONAL, "London"], "recruitmentMethods": ["Entirely recruited by the supplier"]})
    assert cleaned == {"locations": ["London", INTERNATIONAL],
                       "recruitmentMethods": ["Entirely recruited by the supplier"]}
    found = problems("user-research-participants", {"locations": [OFFSITE], "recruitmentMethods": ["Magic"]})
    assert found == {"locations": [f"{OFFSITE} is not a location for user research participants"],
                     "recruitmentMethods": ["Magic is not a recruitment method"]}
    assert problems("user-research-participants", {"locations": []}) == {
        "locations": ["Select at least one location"],
        "recruitmentMethods": ["Select at least one recruitment method"]}


# User research studios ----------------------------------------------------------------------------------

def studio(**changes):
    return {"name": "Leeds Lab", "address": "1 Park Row\nLeeds LS1 5AB", "location": "Yorkshire and the Humber",
            "facilities": "Viewing room with one-way mirror and recording", "price": "120", "priceUnit": "hour",
            **changes}


def test_a_studio_needs_every_detail_and_a_positive_price_per_hour_or_day():
    assert services.clean_studio(studio())["price"] == Decimal("120.00")
    with pytest.raises(ValidationError) as raised:
        services.clean_studio({"name": "x" * 101, "address": " ", "location": OFFSITE, "facilities": "word " * 101,
                               "price": "0", "priceUnit": "week"})
    assert raised.value.message_dict == {
        "name": ["The studio's name must be 100 characters or fewer"],
        "address": ["Enter the studio's address"],
        "facilities": ["The facilities must be 100 words or fewer"],
        "location": [f"{OFFSITE} is not a UK region"],
        "price": ["The studio's price must be more than £0"],
        "priceUnit": ["Select whether the price is per hour or per day"],
    }


def test_the_studios_lot_needs_at_least_one_studio_and_names_each_problem_by_position():
    assert problems("user-research-studios", {"studios": []}) == {"studios": ["Add at least one studio"]}
    assert problems("user-research-studios", {"studios": [studio(), studio(price="free")]}) == {
        "studios.1.price": ["The studio's price must be an amount in pounds and pence, like 120 or 120.50"]}


# Changing, describing and removing ----------------------------------------------------------------------

def test_update_replaces_the_service_on_the_live_framework_and_records_it():
    user = factories.make_supplier_user()
    supplier = user.supplier
    services.update_lot_service(supplier, "digital-specialists", {"roles": {
        "developer": {"locations": ["London"], "maxDayRate": "600"},
        "designer": {"locations": ["Wales"], "maxDayRate": "500"}}}, by=user)
    described = services.update_lot_service(supplier, "digital-specialists", developer(), by=user)

    assert described == {"locations": ["London", OFFSITE],
                         "roles": {"developer": {"locations": ["London", OFFSITE], "maxDayRate": "650.00"}}}
    assert services.describe_lot_service(supplier, "digital-specialists") == described
    assert SpecialistOffer.objects.filter(service__supplier=supplier).count() == 1
    event = AuditEvent.objects.filter(action="services.changed").first()
    assert event.actor == user and event.object_id == str(supplier.pk)
    assert event.detail["lot"] == "digital-specialists"
    assert event.detail["summary"] == "Developer: Up to £650 a day in London, Offsite"


def test_a_bad_update_changes_nothing():
    user = factories.make_supplier_user()
    services.update_lot_service(user.supplier, "digital-specialists", developer(), by=user)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.update_lot_service(user.supplier, "digital-specialists", developer(rate="-5"), by=user)
    assert services.describe_lot_service(user.supplier, "digital-specialists")["roles"]["developer"][
        "maxDayRate"] == "650.00"
    assert AuditEvent.objects.count() == events


def test_describe_services_covers_every_lot_and_keeps_the_capabilities_in_their_declared_order():
    user = factories.make_supplier_user()
    services.update_lot_service(user.supplier, "digital-outcomes", {
        "locations": ["London"],
        "capabilities": {"User research": ["Surveys"], "Security": ["Security policy"],
                         "Testing and auditing": ["Functional testing"]}}, by=user)
    described = services.describe_services(user.supplier)
    assert list(described) == ["digital-outcomes", "digital-specialists", "user-research-participants",
                               "user-research-studios"]
    assert list(described["digital-outcomes"]["capabilities"]) == ["Security", "Testing and auditing",
                                                                   "User research"]
    assert described["digital-specialists"] is None


def test_studios_sent_with_their_id_are_kept_and_the_rest_replaced():
    user = factories.make_supplier_user()
    first = services.update_lot_service(user.supplier, "user-research-studios",
                                        {"studios": [studio(), studio(name="Bristol Lab")]}, by=user)
    kept = next(s for s in first["studios"] if s["name"] == "Leeds Lab")
    second = services.update_lot_service(user.supplier, "user-research-studios", {"studios": [
        {**kept, "price": "150"}, studio(name="Cardiff Lab", location="Wales", priceUnit="day")]}, by=user)
    assert [(s["name"], s["price"], s["priceUnit"]) for s in second["studios"]] == [
        ("Cardiff Lab", "120.00", "day"), ("Leeds Lab", "150.00", "hour")]
    assert next(s for s in second["studios"] if s["name"] == "Leeds Lab")["id"] == kept["id"]
    with pytest.raises(ValidationError) as raised:
        services.update_lot_service(user.supplier, "user-research-studios", {"studios": [studio(id=999999)]},
                                    by=user)
    assert list(raised.value.message_dict) == ["studios.0.id"]


def test_removing_the_last_studio_stops_offering_the_lot():
    user = factories.make_supplier_user()
    saved = services.save_studio(user.supplier, studio(), by=user)
    assert services.supplier_eligibility(user.supplier, "user-research-studios") is None
    services.remove_studio(user.supplier, saved, by=user)
    assert services.describe_lot_service(user.supplier, "user-research-studios") is None
    assert [e.detail["summary"] for e in AuditEvent.objects.filter(action="services.changed")] == [
        "Removed studio Leeds Lab", "Added studio Leeds Lab"]


def test_remove_lot_service_stops_offering_it_and_is_recorded():
    user = factories.make_supplier_user()
    services.update_lot_service(user.supplier, "user-research-participants", {
        "locations": ["London"], "recruitmentMethods": ["Entirely recruited by the supplier"]}, by=user)
    assert services.remove_lot_service(user.supplier, "user-research-participants", by=user) is True
    assert not LotService.objects.filter(supplier=user.supplier).exists()
    assert AuditEvent.objects.filter(action="services.changed").first().detail["summary"] == "No longer offered"


def test_only_the_suppliers_own_users_may_change_its_services():
    owner = factories.make_supplier_user()
    other = factories.make_supplier_user()
    buyer = factories.make_buyer()
    for stranger in (other, buyer):
        with pytest.raises(PermissionDenied):
            services.update_lot_service(owner.supplier, "digital-specialists", developer(), by=stranger)
        with pytest.raises(PermissionDenied):
            services.remove_lot_service(owner.supplier, "digital-specialists", by=stranger)
    assert services.describe_lot_service(owner.supplier, "digital-specialists") is None
    assert services.find_studio(other.supplier, services.save_studio(owner.supplier, studio(), by=owner).pk) is None


# Who may apply ------------------------------------------------------------------------------------------

def test_eligibility_names_what_is_missing():
    off = factories.make_supplier_user(on_framework=False)
    assert services.supplier_eligibility(off.supplier, "digital-specialists", "developer") == \
        "supplier-not-on-framework"

    user = factories.make_supplier_user()
    assert services.supplier_eligibility(user.supplier, "digital-specialists", "developer") == "supplier-not-on-lot"
    services.update_lot_service(user.supplier, "digital-specialists", developer(), by=user)
    assert services.supplier_eligibility(user.supplier, "digital-specialists", "designer") == "supplier-not-on-role"
    assert services.supplier_eligibility(user.supplier, "digital-specialists", "developer") is None
    assert services.supplier_eligibility(user.supplier, "digital-outcomes") == "supplier-not-on-lot"
    assert services.max_day_rate(user.supplier, "developer") == Decimal("650.00")
    assert services.max_day_rate(user.supplier, "designer") is None
