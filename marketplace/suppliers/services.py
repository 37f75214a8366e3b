"""Supplier companies and the services they offer: the rules pages, the API and the admin all go through.

Company details: the supplier's users edit them; once confirmed, the legal identity (Supplier.LOCKED_FIELDS) is
locked and only a platform admin may change it.

Lot services: what a supplier offers on each lot of the live framework (or, while it applies, of an open one). Each lot has one shape, checked by one
function in `LOT_SHAPES`, whose problems are keyed by the API's own paths ("roles.developer.maxDayRate"), so the
API returns them as they are and the pages put each next to its own field.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import capfirst

from marketplace import clock
from marketplace.accounts.models import EmailLink
from marketplace.accounts.services import check_company_details
from marketplace.audit.services import record_event
from marketplace.formatting import money
from marketplace.frameworks.models import Location, SpecialistRole
from marketplace.frameworks.reference import LOTS, OUTCOME_CAPABILITIES, RECRUITMENT_METHODS, REGIONS, live_framework
from marketplace.text import is_blank, too_long

from .models import FrameworkMembership, LotService, ResearchStudio, SpecialistOffer, Supplier
from .selectors import services_framework

OUTCOMES = "digital-outcomes"
SPECIALISTS = "digital-specialists"
PARTICIPANTS = "user-research-participants"
STUDIOS = "user-research-studios"
LOT_NAMES = {slug: name for slug, name, _ in LOTS}

MAX_DAY_RATE = Decimal("10000.00")
MAX_STUDIO_PRICE = Decimal("100000.00")
STUDIO_NAME_MAX_LENGTH = 100
STUDIO_ADDRESS_MAX_WORDS = 50
STUDIO_FACILITIES_MAX_WORDS = 100

COMPANY_FIELDS = Supplier.EDITABLE_FIELDS + Supplier.LOCKED_FIELDS
# Fields whose checks read another field: checking one means checking both.
_CHECKED_TOGETHER = {"registration_number": "registration_scheme", "registration_scheme": "registration_number",
                     "vat_number": "registration_country", "registration_country": "vat_number"}


def company_field_label(name):
    return capfirst(Supplier._meta.get_field(name).verbose_name)


def _is_own_supplier(supplier, by):
    return by is not None and by.is_authenticated and by.is_supplier and by.supplier_id == supplier.pk


def _check_may_manage(supplier, by):
    """The supplier's own users manage it; platform admins may act for it (support)."""
    if not (_is_own_supplier(supplier, by) or (by is not None and by.is_authenticated and by.is_platform_admin)):
        raise PermissionDenied("Only the supplier's own users can change its details and services.")


def _locked_row(supplier):
    """The supplier's row, locked until the transaction ends, so changes to one supplier happen one at a time."""
    return Supplier.objects.select_for_update().get(pk=supplier.pk)


def _copy_fields(source, target, names):
    for name in names:
        setattr(target, name, getattr(source, name))


# Company details ----------------------------------------------------------------------------------------

def _same(old, new):
    """Sent back as it is, give or take case and spaces (the checks normalise those anyway)."""
    def norm(value):
        return "".join(str(value or "").split()).casefold()
    return norm(old) == norm(new)


def _apply_company_details(row, wanted, errors):
    """Check `wanted` (with the fields its checks need) and return {field: (old, new)} of what would change."""
    names = set(wanted) | {_CHECKED_TOGETHER[name] for name in wanted if name in _CHECKED_TOGETHER}
    merged = {name: wanted.get(name, getattr(row, name)) for name in names}
    try:
        cleaned = check_company_details(merged, partial=True)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
        cleaned = {}
    if errors:
        raise ValidationError(errors)
    return {name: (getattr(row, name), cleaned[name]) for name in wanted if cleaned[name] != getattr(row, name)}


def _save_company_changes(supplier, row, changes, action, by, ip_address, **detail):
    if not changes:
        return supplier
    for name, (_, new) in changes.items():
        setattr(row, name, new)
    row.save(update_fields=list(changes))
    record_event(action, actor=by, obj=row, ip_address=ip_address,
                 detail={"changed": {name: {"from": old, "to": new} for name, (old, new) in changes.items()},
                         **detail})
    _copy_fields(row, supplier, changes)
    return supplier


@transaction.atomic
def update_company_details(supplier, data, by, ip_address=None):
    """Change some of the company details. Once the identity is confirmed, its fields are refused (sending them
    unchanged is fine, so a whole form or record can be sent back)."""
    _check_may_manage(supplier, by)
    row = _locked_row(supplier)
    wanted = {name: value for name, value in data.items() if name in COMPANY_FIELDS}
    errors = {}
    if row.identity_locked:
        for name in Supplier.LOCKED_FIELDS:
            if name in wanted and not _same(getattr(row, name), wanted[name]):
                errors[name] = [f"{company_field_label(name)} cannot be changed once your company details are "
                                f"confirmed. Contact us to change it"]
            wanted.pop(name, None)
    changes = _apply_company_details(row, wanted, errors)
    return _save_company_changes(supplier, row, changes, "supplier.details_changed", by, ip_address)


def company_details_problems(supplier):
    """What must be put right before the identity can be confirmed: {field: [messages]}, empty when nothing."""
    try:
        check_company_details({name: getattr(supplier, name) for name in COMPANY_FIELDS})
    except ValidationError as error:
        return error.message_dict
    return {}


@transaction.atomic
def confirm_company_details(supplier, by, ip_address=None):
    """Confirm the company details: from now on the legal identity is locked."""
    if not _is_own_supplier(supplier, by):
        raise PermissionDenied("Only the supplier's own users can confirm its details.")
    row = _locked_row(supplier)
    if row.identity_locked:
        supplier.identity_confirmed_at = row.identity_confirmed_at
        return supplier
    problems = company_details_problems(row)
    if problems:
        raise ValidationError(problems)
    row.identity_confirmed_at = clock.now()
    row.save(update_fields=["identity_confirmed_at"])
    record_event("supplier.identity_confirmed", actor=by, obj=row, ip_address=ip_address,
                 detail={name: getattr(row, name) for name in Supplier.LOCKED_FIELDS})
    supplier.identity_confirmed_at = row.identity_confirmed_at
    return supplier


@transaction.atomic
def admin_update_identity(supplier, data, by, ip_address=None):
    """A platform admin changes any company detail, the locked identity included (for example after a change of
    company name at Companies House)."""
    if by is None or not by.is_authenticated or not by.is_platform_admin:
        raise PermissionDenied("Only a platform admin can change a confirmed company identity.")
    row = _locked_row(supplier)
    wanted = {name: value for name, value in data.items() if name in COMPANY_FIELDS}
    changes = _apply_company_details(row, wanted, {})
    return _save_company_changes(supplier, row, changes, "supplier.identity_changed_by_admin", by, ip_address,
                                 identity_was_confirmed=row.identity_locked)


# Checking a lot service ---------------------------------------------------------------------------------

_MONEY = re.compile(r"^[+-]?\d+(\.\d{1,2})?$")


def parse_money(value):
    """Pounds and pence from "650", "650.5", "£1,250.00" or a number; None when it is not an amount."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", "").replace("£", "", 1).strip()
    if not _MONEY.match(text):
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _check_amount(value, errors, key, *, name, maximum, example):
    """A positive amount of pounds and pence, up to `maximum`; `name` is how messages refer to it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.setdefault(key, []).append(f"Enter {name}")
        return None
    amount = parse_money(value)
    if amount is None:
        errors.setdefault(key, []).append(f"{capfirst(name)} must be an amount in pounds and pence, like {example}")
    elif amount <= 0:
        errors.setdefault(key, []).append(f"{capfirst(name)} must be more than £0")
    elif amount > maximum:
        errors.setdefault(key, []).append(f"{capfirst(name)} must be {money(maximum)} or less")
    else:
        return amount
    return None


def _check_text(value, errors, key, *, missing, name, max_words=None, max_length=None):
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        errors.setdefault(key, []).append(f"{capfirst(name)} must be text")
    elif is_blank(text):
        errors.setdefault(key, []).append(missing)
    elif max_words and too_long(text, max_words):
        errors.setdefault(key, []).append(f"{capfirst(name)} {too_long(text, max_words)}")
    elif max_length and len(text) > max_length:
        errors.setdefault(key, []).append(f"{capfirst(name)} must be {max_length} characters or fewer")
    return text


def lot_locations(lot_slug):
    """The locations a supplier may offer on the lot, in the order they are shown."""
    places = Location.objects.order_by("ordering")
    if lot_slug == PARTICIPANTS:
        places = places.filter(for_research_participants=True)
    else:
        places = places.filter(for_outcomes_and_specialists=True)
    return list(places.values_list("name", flat=True))


def _check_choices(values, allowed, errors, key, *, missing, unknown):
    """A non-empty list drawn from `allowed`, returned in `allowed`'s order without repeats."""
    if values is None or values == []:
        errors.setdefault(key, []).append(missing)
        return []
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        errors.setdefault(key, []).append(f"{missing}: send a list of names")
        return []
    for value in values:
        if value not in allowed:
            errors.setdefault(key, []).append(unknown.format(value=value))
    return [value for value in allowed if value in values]


def _check_locations(values, lot_slug, errors, key, missing, allowed=None):
    return _check_choices(values, allowed or lot_locations(lot_slug), errors, key, missing=missing,
                          unknown="{value} is not a location for " + LOT_NAMES[lot_slug].lower())


def _refuse_other_shapes(payload, own_keys, lot_slug, errors):
    for key in ("locations", "roles", "capabilities", "recruitmentMethods", "studios"):
        if key not in own_keys and payload.get(key) not in (None, [], {}):
            errors.setdefault(key, []).append(f"{LOT_NAMES[lot_slug]} do not use {key}")


def _raise_if(errors):
    if errors:
        raise ValidationError(errors)


def clean_specialists(payload):
    """{"roles": {roleSlug: {"locations": [...], "maxDayRate": "650.00"}}}. A top-level "locations" is accepted
    and ignored: it is only ever the roles' locations put together."""
    errors = {}
    _refuse_other_shapes(payload, {"roles", "locations"}, SPECIALISTS, errors)
    roles = payload.get("roles")
    if not roles:
        errors.setdefault("roles", []).append("Select at least one specialist role")
        raise ValidationError(errors)
    if not isinstance(roles, dict):
        errors.setdefault("roles", []).append("Send the roles as an object keyed by role, like {\"developer\": ...}")
        raise ValidationError(errors)
    known = dict(SpecialistRole.objects.values_list("slug", "label"))
    allowed = lot_locations(SPECIALISTS)
    cleaned = {}
    for slug, offer in roles.items():
        if slug not in known:
            errors.setdefault("roles", []).append(f"{slug} is not a specialist role")
            continue
        label = known[slug]
        offer = offer if isinstance(offer, dict) else {}
        locations = _check_locations(offer.get("locations"), SPECIALISTS, errors, f"roles.{slug}.locations",
                                     f"Select at least one location for {label}", allowed)
        rate = _check_amount(offer.get("maxDayRate"), errors, f"roles.{slug}.maxDayRate",
                             name=f"the maximum day rate for {label}", maximum=MAX_DAY_RATE, example="650 or 650.50")
        cleaned[slug] = {"locations": locations, "maxDayRate": rate}
    _raise_if(errors)
    return {"roles": {slug: cleaned[slug] for slug in known if slug in cleaned}}


def clean_outcomes(payload):
    """{"locations": [...], "capabilities": {capability: [sub-types of that capability]}}."""
    errors = {}
    _refuse_other_shapes(payload, {"locations", "capabilities"}, OUTCOMES, errors)
    locations = _check_locations(payload.get("locations"), OUTCOMES, errors, "locations",
                                 "Select at least one location")
    capabilities = payload.get("capabilities")
    cleaned = {}
    if not capabilities:
        errors.setdefault("capabilities", []).append("Select at least one capability")
    elif not isinstance(capabilities, dict):
        errors.setdefault("capabilities", []).append(
            "Send the capabilities as an object of capability to its kinds, like {\"Security\": [\"IT health check\"]}")
    else:
        for capability, kinds in capabilities.items():
            if capability not in OUTCOME_CAPABILITIES:
                errors.setdefault("capabilities", []).append(f"{capability} is not a capability")
                continue
            cleaned[capability] = _check_choices(
                kinds, OUTCOME_CAPABILITIES[capability], errors, f"capabilities.{capability}",
                missing=f"Select at least one kind of {capability.lower()}",
                unknown="{value} is not a kind of " + capability.lower())
    _raise_if(errors)
    return {"locations": locations,
            "capabilities": {name: cleaned[name] for name in OUTCOME_CAPABILITIES if name in cleaned}}


def clean_participants(payload):
    """{"locations": [... regions and International], "recruitmentMethods": [...]}."""
    errors = {}
    _refuse_other_shapes(payload, {"locations", "recruitmentMethods"}, PARTICIPANTS, errors)
    locations = _check_locations(payload.get("locations"), PARTICIPANTS, errors, "locations",
                                 "Select at least one location")
    methods = _check_choices(payload.get("recruitmentMethods"), RECRUITMENT_METHODS, errors, "recruitmentMethods",
                             missing="Select at least one recruitment method",
                             unknown="{value} is not a recruitment method")
    _raise_if(errors)
    return {"locations": locations, "recruitmentMethods": methods}


def clean_studio(data, prefix=""):
    """One lab: {"name", "address", "location", "facilities", "price", "priceUnit": "hour" | "day"}."""
    errors = {}
    data = data if isinstance(data, dict) else {}
    cleaned = {
        "name": _check_text(data.get("name"), errors, f"{prefix}name", missing="Enter the studio's name",
                            name="the studio's name", max_length=STUDIO_NAME_MAX_LENGTH),
        "address": _check_text(data.get("address"), errors, f"{prefix}address", missing="Enter the studio's address",
                               name="the address", max_words=STUDIO_ADDRESS_MAX_WORDS),
        "facilities": _check_text(data.get("facilities"), errors, f"{prefix}facilities",
                                  missing="Describe the studio's facilities", name="the facilities",
                                  max_words=STUDIO_FACILITIES_MAX_WORDS),
    }
    location = data.get("location")
    if not location:
        errors.setdefault(f"{prefix}location", []).append("Select the region the studio is in")
    elif location not in REGIONS:
        errors.setdefault(f"{prefix}location", []).append(f"{location} is not a UK region")
    cleaned["location"] = location
    cleaned["price"] = _check_amount(data.get("price"), errors, f"{prefix}price", name="the studio's price",
                                     maximum=MAX_STUDIO_PRICE, example="120 or 120.50")
    unit = data.get("priceUnit")
    if unit not in ResearchStudio.PriceUnit.values:
        errors.setdefault(f"{prefix}priceUnit", []).append("Select whether the price is per hour or per day")
    cleaned["priceUnit"] = unit
    _raise_if(errors)
    return cleaned


def clean_studios(payload):
    """{"studios": [studio, ...]}: the whole list; a studio sent with its "id" keeps it."""
    errors = {}
    _refuse_other_shapes(payload, {"studios"}, STUDIOS, errors)
    studios = payload.get("studios")
    if not studios or not isinstance(studios, list):
        errors.setdefault("studios", []).append("Add at least one studio")
        raise ValidationError(errors)
    cleaned = []
    for index, studio in enumerate(studios):
        try:
            item = clean_studio(studio, prefix=f"studios.{index}.")
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        studio_id = studio.get("id")
        if studio_id is not None:
            if isinstance(studio_id, bool) or not isinstance(studio_id, int):
                errors.setdefault(f"studios.{index}.id", []).append("A studio's id is a whole number")
                continue
            item["id"] = studio_id
        cleaned.append(item)
    _raise_if(errors)
    return {"studios": cleaned}


LOT_SHAPES = {
    OUTCOMES: clean_outcomes,
    SPECIALISTS: clean_specialists,
    PARTICIPANTS: clean_participants,
    STUDIOS: clean_studios,
}


def clean_lot_service(lot_slug, payload):
    """The cleaned service for the lot, or ValidationError with every problem."""
    if lot_slug not in LOT_SHAPES:
        raise ValidationError({"lot": [f"{lot_slug} is not a lot"]})
    if not isinstance(payload, dict):
        raise ValidationError({"__all__": ["Send the service as a JSON object"]})
    return LOT_SHAPES[lot_slug](payload)


# Changing a lot service ---------------------------------------------------------------------------------

def _live_lot(supplier, lot_slug, framework=None):
    """The framework (the one the supplier's services are on unless given) and its lot, refused when services on it
    cannot change: only a live framework's, or an open one's while suppliers apply (framework_applications.services
    checks that)."""
    framework = framework or services_framework(supplier)
    if framework is None:
        raise ValidationError({"__all__": ["There is no live framework to offer services on"]})
    if framework.status not in (framework.Status.OPEN, framework.Status.LIVE):
        raise ValidationError({"__all__": [f"Services on {framework.name} can no longer be changed"]})
    lot = framework.lots.filter(slug=lot_slug).first()
    if lot is None:
        raise ValidationError({"lot": [f"{lot_slug} is not a lot of {framework.name}"]})
    return framework, lot


def _write_specialists(service, cleaned):
    roles = {role.slug: role for role in SpecialistRole.objects.filter(slug__in=cleaned["roles"])}
    service.specialist_offers.exclude(role__slug__in=roles).delete()
    for slug, offer in cleaned["roles"].items():
        SpecialistOffer.objects.update_or_create(
            service=service, role=roles[slug],
            defaults={"locations": offer["locations"], "max_day_rate": offer["maxDayRate"]})


def _studio_fields(item):
    return {"name": item["name"], "address": item["address"], "location": item["location"],
            "facilities": item["facilities"], "price": item["price"], "price_unit": item["priceUnit"]}


def _write_studios(service, cleaned):
    existing = {studio.pk: studio for studio in service.studios.all()}
    unknown = {f"studios.{index}.id": ["There is no such studio of yours: leave out the id to add a studio"]
               for index, item in enumerate(cleaned["studios"]) if "id" in item and item["id"] not in existing}
    _raise_if(unknown)
    kept = {item["id"] for item in cleaned["studios"] if "id" in item}
    service.studios.exclude(pk__in=kept).delete()
    for item in cleaned["studios"]:
        if "id" in item:
            studio = existing[item["id"]]
            _copy_values(studio, _studio_fields(item))
            studio.save()
        else:
            ResearchStudio.objects.create(service=service, **_studio_fields(item))


def _copy_values(obj, values):
    for name, value in values.items():
        setattr(obj, name, value)


def _write(service, lot_slug, cleaned):
    if lot_slug == SPECIALISTS:
        _write_specialists(service, cleaned)
    elif lot_slug == STUDIOS:
        _write_studios(service, cleaned)
    else:
        service.locations = cleaned["locations"]
        service.capabilities = cleaned.get("capabilities", {})
        service.recruitment_methods = cleaned.get("recruitmentMethods", [])
        service.save()


def _record_change(supplier, lot_slug, framework, by, ip_address, summary, service):
    record_event("services.changed", actor=by, obj=supplier, ip_address=ip_address,
                 detail={"lot": lot_slug, "framework": framework.slug, "summary": summary, "service": service})


@transaction.atomic
def update_lot_service(supplier, lot_slug, payload, by, ip_address=None, framework=None):
    """Replace what the supplier offers on the lot of the framework its services are on (or of `framework`)."""
    _check_may_manage(supplier, by)
    framework, lot = _live_lot(supplier, lot_slug, framework)
    cleaned = clean_lot_service(lot_slug, payload)
    _locked_row(supplier)
    service, _ = LotService.objects.get_or_create(supplier=supplier, framework=framework, lot=lot)
    _write(service, lot_slug, cleaned)
    described = _describe(service, lot_slug)
    _record_change(supplier, lot_slug, framework, by, ip_address,
                   summary_text(lot_slug, described), described)
    return described


@transaction.atomic
def remove_lot_service(supplier, lot_slug, by, ip_address=None, framework=None):
    """The supplier stops offering the lot (of the framework its services are on, or of `framework`); it can no
    longer apply for its requirements."""
    _check_may_manage(supplier, by)
    framework, lot = _live_lot(supplier, lot_slug, framework)
    _locked_row(supplier)
    deleted, _ = LotService.objects.filter(supplier=supplier, framework=framework, lot=lot).delete()
    if deleted:
        _record_change(supplier, lot_slug, framework, by, ip_address, "No longer offered", None)
    return bool(deleted)


# One studio at a time (the pages manage studios this way) ------------------------------------------------

def find_studio(supplier, studio_id, framework=None):
    """The supplier's own studio on the framework its services are on (or `framework`), or None (also for another
    supplier's studio)."""
    return ResearchStudio.objects.filter(pk=studio_id, service__supplier=supplier,
                                         service__framework=framework or services_framework(supplier)).first()


@transaction.atomic
def save_studio(supplier, data, by, studio=None, ip_address=None, framework=None):
    """Add a studio (`studio` None) or change one of the supplier's studios (on the framework its services are
    on, or `framework`)."""
    _check_may_manage(supplier, by)
    framework, lot = _live_lot(supplier, STUDIOS, framework)
    cleaned = clean_studio(data)
    _locked_row(supplier)
    service, _ = LotService.objects.get_or_create(supplier=supplier, framework=framework, lot=lot)
    if studio is None:
        studio = ResearchStudio.objects.create(service=service, **_studio_fields(cleaned))
        what = "Added"
    else:
        studio = ResearchStudio.objects.select_for_update().get(pk=studio.pk, service=service)
        _copy_values(studio, _studio_fields(cleaned))
        studio.save()
        what = "Changed"
    _record_change(supplier, STUDIOS, framework, by, ip_address, f"{what} studio {studio.name}",
                   _describe(service, STUDIOS))
    return studio


@transaction.atomic
def remove_studio(supplier, studio, by, ip_address=None, framework=None):
    """Remove one studio; without studios the supplier no longer offers the lot."""
    _check_may_manage(supplier, by)
    framework, lot = _live_lot(supplier, STUDIOS, framework)
    _locked_row(supplier)
    service = LotService.objects.get(supplier=supplier, framework=framework, lot=lot, studios=studio)
    studio.delete()
    if not service.studios.exists():
        service.delete()
        described = None
    else:
        described = _describe(service, STUDIOS)
    _record_change(supplier, STUDIOS, framework, by, ip_address, f"Removed studio {studio.name}", described)


# Reading ------------------------------------------------------------------------------------------------

def _describe(service, lot_slug):
    if lot_slug == SPECIALISTS:
        offers = list(service.specialist_offers.select_related("role"))
        order = lot_locations(SPECIALISTS)
        offered = {place for offer in offers for place in offer.locations}
        return {
            "locations": [place for place in order if place in offered],
            "roles": {offer.role.slug: {"locations": list(offer.locations), "maxDayRate": f"{offer.max_day_rate:.2f}"}
                      for offer in offers},
        }
    if lot_slug == OUTCOMES:
        # PostgreSQL's jsonb keeps no key order: give the capabilities in their declared order.
        order = [name for name in OUTCOME_CAPABILITIES if name in service.capabilities]
        order += sorted(name for name in service.capabilities if name not in OUTCOME_CAPABILITIES)
        return {"locations": list(service.locations),
                "capabilities": {name: list(service.capabilities[name]) for name in order}}
    if lot_slug == PARTICIPANTS:
        return {"locations": list(service.locations), "recruitmentMethods": list(service.recruitment_methods)}
    return {"studios": [
        {"id": studio.pk, "name": studio.name, "address": studio.address, "location": studio.location,
         "facilities": studio.facilities, "price": f"{studio.price:.2f}", "priceUnit": studio.price_unit}
        for studio in service.studios.all()
    ]}


def describe_lot_service(supplier, lot_slug, framework=None):
    """The supplier's service on the lot in the API's shape, or None when it does not offer the lot (on the
    framework its services are on unless told)."""
    framework = framework or services_framework(supplier)
    service = LotService.objects.filter(supplier=supplier, framework=framework, lot__slug=lot_slug).first()
    return None if service is None else _describe(service, lot_slug)


def describe_services(supplier, framework=None):
    """{lot slug: service or None} for every lot, in the lots' order."""
    framework = framework or services_framework(supplier)
    return {slug: describe_lot_service(supplier, slug, framework) for slug in LOT_SHAPES}


def summarise_lot_service(lot_slug, described):
    """(what, detail) lines a person reads: on the services page and in the audit trail."""
    if not described:
        return []
    if lot_slug == SPECIALISTS:
        labels = dict(SpecialistRole.objects.values_list("slug", "label"))
        return [(labels.get(slug, slug), f"Up to {money(Decimal(offer['maxDayRate']))} a day in "
                                         f"{', '.join(offer['locations'])}")
                for slug, offer in described["roles"].items()]
    if lot_slug == STUDIOS:
        units = dict(ResearchStudio.PriceUnit.choices)
        return [(studio["name"], f"{studio['location']}, {money(Decimal(studio['price']))} "
                                 f"{units.get(studio['priceUnit'], studio['priceUnit'])}")
                for studio in described["studios"]]
    lines = [("Locations", ", ".join(described["locations"]))]
    if lot_slug == OUTCOMES:
        lines += [(capability, ", ".join(kinds)) for capability, kinds in described["capabilities"].items()]
    else:
        lines.append(("Recruitment methods", ", ".join(described["recruitmentMethods"])))
    return lines


def summary_text(lot_slug, described):
    return "; ".join(f"{what}: {detail}" for what, detail in summarise_lot_service(lot_slug, described))


@transaction.atomic
def add_to_framework(supplier, framework, by=None):
    """Put the supplier on `framework` (a platform admin's decision), with its audit event; a supplier already on
    it stays as it was, with no second event. An expired framework takes nobody new."""
    if framework.status == framework.Status.EXPIRED:
        raise ValidationError({"framework": [f"{framework.name} has expired: suppliers can no longer be added "
                                             "to it"]})
    membership, created = FrameworkMembership.objects.get_or_create(
        supplier=supplier, framework=framework, defaults={"joined_at": clock.now()})
    if created:
        record_event("framework_membership.created", actor=by, obj=membership,
                     detail={"parent": supplier.name, "framework": framework.slug})
    return membership


def is_on_framework(supplier, framework=None):
    framework = framework or live_framework()
    return framework is not None and FrameworkMembership.objects.filter(supplier=supplier,
                                                                        framework=framework).exists()


def supplier_eligibility(supplier, lot_slug, role_slug=None, framework=None):
    """None when the supplier may apply for (or ask about) a requirement on the lot (and, for specialists, the
    role) of `framework` (the live one by default); otherwise the code of what is missing."""
    framework = framework or live_framework()
    if not is_on_framework(supplier, framework):
        return "supplier-not-on-framework"
    service = LotService.objects.filter(supplier=supplier, framework=framework, lot__slug=lot_slug).first()
    if service is None:
        return "supplier-not-on-lot"
    if role_slug is not None and not service.specialist_offers.filter(role__slug=role_slug).exists():
        return "supplier-not-on-role"
    return None


def max_day_rate(supplier, role_slug, framework=None):
    """The supplier's own maximum day rate for the role, or None when it does not offer the role."""
    framework = framework or live_framework()
    offer = SpecialistOffer.objects.filter(service__supplier=supplier, service__framework=framework,
                                           service__lot__slug=SPECIALISTS, role__slug=role_slug).first()
    return None if offer is None else offer.max_day_rate


def supplier_users(supplier):
    return supplier.users.order_by("name", "email")


def pending_invitations(supplier):
    """Invitations to join the supplier that can still be accepted, newest first."""
    return EmailLink.objects.filter(purpose=EmailLink.Purpose.INVITATION, supplier=supplier, used_at__isnull=True,
                                    expires_at__gt=clock.now()).order_by("-created_at")
