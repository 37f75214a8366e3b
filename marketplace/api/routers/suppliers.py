"""The signed-in supplier's own services on the framework they are on (suppliers.selectors.services_framework):
read them all, read or replace one lot's."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status

from marketplace.suppliers import services as suppliers
from marketplace.suppliers.selectors import services_framework

from ..documented import one_of
from ..errors import BODY_REFUSALS, responses

router = Router(tags=["supplier services"])

Money = Decimal | str


class RoleOfferIn(Schema):
    locations: list[str] | None = Field(None, description="Regions and Offsite where the role can work.")
    maxDayRate: Money | None = Field(None, description="Pounds and pence, like \"650.00\".")


class StudioIn(Schema):
    id: int | None = Field(None, description="Send an existing studio's id to keep it; leave it out to add one.")
    name: str | None = None
    address: str | None = None
    location: str | None = Field(None, description="One of the 12 UK regions.")
    facilities: str | None = None
    price: Money | None = Field(None, description="Pounds and pence, like \"120.00\".")
    priceUnit: str | None = Field(None, description="hour or day")


class LotServiceIn(Schema):
    """Send the keys of the lot being replaced: digital-specialists takes `roles`; digital-outcomes `locations`
    and `capabilities`; user-research-participants `locations` and `recruitmentMethods`; user-research-studios
    `studios` (the whole list)."""

    locations: list[str] | None = None
    roles: dict[str, RoleOfferIn] | None = None
    capabilities: dict[str, list[str]] | None = None
    recruitmentMethods: list[str] | None = None
    studios: list[StudioIn] | None = None


class RoleOfferOut(Schema):
    locations: list[str]
    maxDayRate: str


class StudioOut(Schema):
    id: int
    name: str
    address: str
    location: str
    facilities: str
    price: str
    priceUnit: str


class LotServiceOut(Schema):
    lot: str
    offered: bool
    locations: list[str] | None = Field(None, description="For specialists: every location of every role.")
    roles: dict[str, RoleOfferOut] | None = None
    capabilities: dict[str, list[str]] | None = None
    recruitmentMethods: list[str] | None = None
    studios: list[StudioOut] | None = None


class ServicesOut(Schema):
    framework: str | None = Field(None, description="The slug of the framework these services are on: the newest "
                                                    "live one the supplier is on, else the newest live one.")
    onFramework: bool
    services: dict[str, LotServiceOut]


def _supplier_user(request, having="services"):
    user = request.auth
    if not user.is_supplier:
        raise PermissionDenied(f"Only supplier users have {having}.")
    return user


def _known_lot(lot):
    if lot not in suppliers.LOT_SHAPES:
        raise Http404


def _lot_out(lot, service):
    return {"lot": lot, "offered": service is not None, **(service or {})}


@router.get("/services", response=responses(ServicesOut, 403), exclude_none=True, summary="Your services on every lot")
def list_services(request):
    supplier = _supplier_user(request).supplier
    framework = services_framework(supplier)
    return {
        "framework": framework.slug if framework else None,
        "onFramework": suppliers.is_on_framework(supplier, framework),
        "services": {lot: _lot_out(lot, service)
                     for lot, service in suppliers.describe_services(supplier, framework).items()},
    }


@router.get("/services/{lot}", response=responses(LotServiceOut, 403, 404),
            exclude_none=True, summary="Your service on one lot")
def get_service(request, lot: one_of(suppliers.LOT_SHAPES)):
    supplier = _supplier_user(request).supplier
    _known_lot(lot)
    return _lot_out(lot, suppliers.describe_lot_service(supplier, lot))


@router.put("/services/{lot}", response=responses(LotServiceOut, *BODY_REFUSALS, 403, 404),
            exclude_none=True, summary="Replace your service on one lot")
def put_service(request, lot: one_of(suppliers.LOT_SHAPES), payload: LotServiceIn):
    user = _supplier_user(request)
    _known_lot(lot)
    service = suppliers.update_lot_service(user.supplier, lot, payload.model_dump(exclude_none=True), by=user,
                                           ip_address=request.META.get("REMOTE_ADDR"))
    return _lot_out(lot, service)


@router.delete("/services/{lot}", response=responses({204: None}, 403, 404), summary="Stop offering one lot")
def delete_service(request, lot: one_of(suppliers.LOT_SHAPES)):
    user = _supplier_user(request)
    _known_lot(lot)
    suppliers.remove_lot_service(user.supplier, lot, by=user, ip_address=request.META.get("REMOTE_ADDR"))
    return Status(204, None)
