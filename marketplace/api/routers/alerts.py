"""The signed-in supplier user's alerts: saved catalogue searches whose new matches are emailed."""

from django.http import Http404
from ninja import Field, Router, Schema
from pydantic import ConfigDict
from ninja.responses import Status

from marketplace.alerts import selectors, services
from marketplace.alerts.models import Frequency
from marketplace.frameworks.reference import OPPORTUNITY_LOCATIONS, REQUIREMENT_LOTS, SPECIALIST_ROLES

from ..documented import any_of, described, one_of
from ..errors import BODY_REFUSALS, responses
from .suppliers import _supplier_user

router = Router(tags=["alerts"])


class AlertIn(Schema):
    # Each value is checked by the service, which names every problem at once; the document says what it takes.
    model_config = ConfigDict(json_schema_extra={"required": ["name", "frequency"]})

    name: described({"type": "string", "minLength": 1, "maxLength": services.NAME_MAX_LENGTH}, str | None) = Field(
        None, description="With at least one visible character")
    q: described({"type": ["string", "null"], "maxLength": services.SEARCH_MAX_LENGTH}, str | None) = Field(
        None, description="Words, \"a phrase\", -word: as the catalogue's search box.")
    lot: any_of(REQUIREMENT_LOTS) | None = None
    location: any_of(OPPORTUNITY_LOCATIONS) | None = None
    specialistRole: any_of(SPECIALIST_ROLES) | None = None
    frequency: described({"type": "string", "enum": Frequency.values}, str | None) = Field(
        None, description="instant or daily")


class AlertOut(Schema):
    id: int
    name: str
    followsServices: bool = Field(description="The alert every supplier user starts with: it follows the "
                                              "company's current lots, roles and locations, not a search.")
    q: str
    lot: list[str]
    location: list[str]
    specialistRole: list[str]
    frequency: str
    createdAt: str


def _out(alert):
    return {"id": alert.pk, "name": alert.name, "followsServices": alert.follows_services, "q": alert.q,
            "lot": alert.lots, "location": alert.locations, "specialistRole": alert.roles,
            "frequency": alert.frequency, "createdAt": alert.created_at.isoformat()}


@router.get("/alerts", response=responses(list[AlertOut], 403), summary="Your alerts")
def list_alerts(request):
    return [_out(alert) for alert in selectors.alerts_of(_supplier_user(request, having="alerts"))]


@router.post("/alerts", response=responses({201: AlertOut}, *BODY_REFUSALS, 403), summary="Save a search as an alert")
def create_alert(request, payload: AlertIn):
    user = _supplier_user(request, having="alerts")
    alert = services.create_alert(user, payload.model_dump(exclude_none=True), request.META.get("REMOTE_ADDR"))
    return Status(201, _out(alert))


@router.delete("/alerts/{alert_id}", response=responses({204: None}, 400, 403, 404), summary="Stop an alert")
def delete_alert(request, alert_id: int):
    user = _supplier_user(request, having="alerts")
    alert = selectors.own_alert(user, alert_id)
    if alert is None:
        raise Http404
    services.stop_alert(alert, user, request.META.get("REMOTE_ADDR"), via="API")
    return Status(204, None)
