"""Applications: a supplier starting, saving and submitting one; the owning buyers reading them after closing and
recording the outcome.

Mounted at the API's root with full paths, beside the opportunities router: the same selectors and services as the
pages, so the rules and their messages are the same whichever way someone comes in.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel, ConfigDict

from marketplace.applications import selectors, services
from marketplace.applications.models import Application
from marketplace.clock import LONDON
from marketplace.opportunities import selectors as opportunities


from ..errors import BODY_REFUSALS, ApiError, responses

router = Router(tags=["applications"])


# Schemas ---------------------------------------------------------------------------------------------------

class EvidenceOut(Schema):
    evidence: str


class NiceToHaveOut(Schema):
    yesNo: bool | None
    evidence: str


class ApplicantOut(Schema):
    id: int
    name: str
    size: str = Field(..., description="micro, small, medium or large")
    sme: bool


class ApplicationOut(Schema):
    id: int
    opportunityId: int
    supplier: ApplicantOut
    status: str = Field(..., description="draft, submitted, awarded, not-awarded or withdrawn")
    availability: dt.date | None = Field(None, description="The earliest start date (participants: the date "
                                                           "recruiting can start)")
    dayRate: str | None = Field(None, description="Specialists only: pounds, like \"650.00\"")
    essentialRequirementsMet: bool | None
    essentialRequirements: list[EvidenceOut]
    niceToHaveRequirements: list[NiceToHaveOut]
    respondToEmailAddress: str
    createdAt: dt.datetime
    updatedAt: dt.datetime
    submittedAt: dt.datetime | None


class ReceivedApplicationOut(ApplicationOut):
    metAllEssentials: bool


class _Open(BaseModel):
    # Anything sent reaches the service, which names what it does not take instead of dropping it; so the
    # document says other keys are refused.
    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": False})


class ApplicationIn(_Open):
    availability: Any = Field(None, description="YYYY-MM-DD", json_schema_extra={"type": ["string", "null"],
                                                                                 "format": "date"})
    dayRate: Any = Field(None, description="Pounds and pence, not above your maximum day rate for the role",
                         json_schema_extra={"type": ["string", "null"]})
    essentialRequirementsMet: Any = Field(None, json_schema_extra={"type": ["boolean", "null"]})
    essentialRequirements: Any = Field(
        None, description="One {evidence} for each essential requirement, in order; up to 100 words each",
        json_schema_extra={"type": ["array", "null"], "items": {"type": "object", "properties": {
            "evidence": {"type": "string"}}}})
    niceToHaveRequirements: Any = Field(
        None, description="One {yesNo, evidence} for each nice-to-have requirement, in order",
        json_schema_extra={"type": ["array", "null"], "items": {"type": "object", "properties": {
            "yesNo": {"type": "boolean"}, "evidence": {"type": "string"}}}})
    respondToEmailAddress: Any = Field(None, description="One or more email addresses, separated by commas",
                                       json_schema_extra={"type": ["string", "null"]})


class AwardIn(Schema):
    # Each is checked by the service, which names every problem at once; the document says all three are needed.
    model_config = ConfigDict(json_schema_extra={"required": ["applicationId", "contractValue", "contractStartDate"]})

    applicationId: Any = Field(None, json_schema_extra={"type": "integer"})
    contractValue: Any = Field(None, description="Pounds and pence, like \"250000.00\"",
                               json_schema_extra={"type": "string"})
    contractStartDate: Any = Field(None, description="YYYY-MM-DD", json_schema_extra={"type": "string",
                                                                                      "format": "date"})


class OutcomeReasonIn(Schema):
    model_config = ConfigDict(json_schema_extra={"required": ["reason"]})

    reason: Any = Field(None, description="Up to 100 words", json_schema_extra={"type": "string"})


class RecordedOutcomeOut(Schema):
    status: str = Field(..., description="awarded, cancelled or unsuccessful")
    supplierName: str | None = None
    supplierSize: str | None = None
    contractValue: str | None = None
    contractStartDate: dt.date | None = None
    reason: str | None = None


# Shapes ----------------------------------------------------------------------------------------------------

def _time(value):
    return value.astimezone(LONDON) if value else None


def _money(value):
    return None if value is None else f"{value:.2f}"


def application_json(application):
    supplier = application.supplier
    return {
        "id": application.pk,
        "opportunityId": application.opportunity_id,
        "supplier": {"id": supplier.pk, "name": supplier.name, "size": supplier.organisation_size,
                     "sme": supplier.is_sme},
        "status": selectors.application_status(application),
        "availability": application.availability,
        "dayRate": _money(application.day_rate),
        "essentialRequirementsMet": application.essential_requirements_met,
        "essentialRequirements": [{"evidence": (item or {}).get("evidence", "")}
                                  for item in application.essential_evidence or []],
        "niceToHaveRequirements": [{"yesNo": (item or {}).get("yesNo"), "evidence": (item or {}).get("evidence", "")}
                                   for item in application.nice_to_have or []],
        "respondToEmailAddress": application.respond_to_email or "",
        "createdAt": _time(application.created_at),
        "updatedAt": _time(application.updated_at),
        "submittedAt": _time(application.submitted_at),
    }


def outcome_payload(opportunity):
    """The recorded outcome as the API shows it (money as a string), or None while there is none."""
    outcome = selectors.outcome_of(opportunity)
    return None if outcome is None else {**outcome, "contractValue": _money(outcome.get("contractValue"))}


def _opportunity(request, opportunity_id):
    return opportunities.get_for_viewer(opportunity_id, request.auth)


def _application(request, application_id):
    return selectors.get_application_for_viewer(application_id, request.auth)


def _received(opportunity, user):
    """Submitted applications for the owning buyers after closing; to anyone else, and before closing, they do not
    exist."""
    try:
        return list(selectors.applications_for_buyer(opportunity, user))
    except PermissionDenied:
        raise Http404("No applications to show") from None


# Operations ------------------------------------------------------------------------------------------------

@router.post("/opportunities/{int:opportunity_id}/applications",
             response=responses({200: ApplicationOut, 201: ApplicationOut}, 403, 404, 409),
             summary="Start your company's application (or return the one already started)")
def start(request, opportunity_id: int):
    """201 when started now, 200 when the supplier had already started one. 403 with `code`
    supplier-not-on-framework, supplier-not-on-lot or supplier-not-on-role when the supplier may not apply;
    409 when the opportunity is not open for applications."""
    opportunity = _opportunity(request, opportunity_id)
    user = request.auth
    existing = selectors.supplier_application(opportunity, user.supplier) if user.is_supplier else None
    if existing is not None:
        return Status(200, application_json(existing))
    application = services.start_application(opportunity, user)
    return Status(201, application_json(application))


@router.get("/opportunities/{int:opportunity_id}/applications", response=responses(list[ReceivedApplicationOut], 404),
            summary="The applications received (owning buyers, after closing)")
def received(request, opportunity_id: int):
    opportunity = _opportunity(request, opportunity_id)
    return [{**application_json(application), "metAllEssentials": application.met_all_essentials}
            for application in _received(opportunity, request.auth)]


@router.get("/applications/{int:application_id}", response=responses(ApplicationOut, 404),
            summary="An application (its supplier; the owning buyers after closing)")
def detail(request, application_id: int):
    return application_json(_application(request, application_id))


@router.patch("/applications/{int:application_id}", response=responses(ApplicationOut, *BODY_REFUSALS, 403, 404, 409),
              summary="Save some answers (the supplier, while the opportunity is open)")
def update(request, application_id: int, payload: ApplicationIn):
    application = _application(request, application_id)
    services.save_application(application, payload.model_dump(exclude_unset=True), request.auth)
    return application_json(application)


@router.post("/applications/{int:application_id}/submit", response=responses(ApplicationOut, 400, 403, 404, 409),
             summary="Submit after full validation (400 with every problem)")
def submit(request, application_id: int):
    application = _application(request, application_id)
    services.submit_application(application, request.auth)
    return application_json(application)


@router.post("/opportunities/{int:opportunity_id}/award",
             response=responses(RecordedOutcomeOut, *BODY_REFUSALS, 403, 404, 409),
             summary="Award the contract (owning buyers, once closed)")
def award(request, opportunity_id: int, payload: AwardIn):
    opportunity = _opportunity(request, opportunity_id)
    if not opportunities.can_manage(request.auth, opportunity):
        raise ApiError(403, "You can only record the outcome of your own organisation's requirements")
    application_id = payload.applicationId
    winner = None
    if isinstance(application_id, int) and not isinstance(application_id, bool):
        winner = Application.objects.filter(pk=application_id, opportunity=opportunity).first()
    if winner is None:
        raise ApiError(400, "Some of what was sent is not valid.", errors={
            "applicationId": ["Give the id of an application submitted to this requirement"]})
    services.award(opportunity, request.auth, winner, payload.contractValue, payload.contractStartDate)
    return outcome_payload(opportunity)


@router.post("/opportunities/{int:opportunity_id}/cancel",
             response=responses(RecordedOutcomeOut, *BODY_REFUSALS, 403, 404, 409),
             summary="Cancel a closed requirement, with the reason (owning buyers)")
def cancel(request, opportunity_id: int, payload: OutcomeReasonIn):
    opportunity = _opportunity(request, opportunity_id)
    services.cancel(opportunity, request.auth, payload.reason)
    return outcome_payload(opportunity)


@router.post("/opportunities/{int:opportunity_id}/unsuccessful",
             response=responses(RecordedOutcomeOut, *BODY_REFUSALS, 403, 404, 409),
             summary="Record that no suitable suppliers applied, with the reason (owning buyers)")
def unsuccessful(request, opportunity_id: int, payload: OutcomeReasonIn):
    opportunity = _opportunity(request, opportunity_id)
    services.mark_unsuccessful(opportunity, request.auth, payload.reason)
    return outcome_payload(opportunity)
