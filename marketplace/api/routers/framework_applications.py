"""A supplier's application to a framework: read it, save declaration answers, describe services on its lots (or
copy them from the previous framework), submit, and sign the agreement once passed; and the framework's answered
clarification questions, which anyone may read.

The same service functions as the supplier's pages (framework_applications.services), so every rule and message
is the same whichever way a supplier comes in.
"""

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict

from marketplace.framework_applications import declaration, services
from marketplace.frameworks.models import Framework

from ..auth import PUBLIC, PUBLIC_SECURITY
from ..errors import BODY_REFUSALS, responses
from .suppliers import LotServiceIn, LotServiceOut, _known_lot, _lot_out, _supplier_user

router = Router(tags=["framework applications"])
public_router = Router(tags=["frameworks"])

# Every refusal has the API's error body: 401 without credentials, 403 for someone who is not a supplier, 404 for
# an unknown framework (or lot), 400 for what the rules refuse; 413 for a body too large to read.
REFUSED = (400, 403, 404)
REFUSED_WITH_BODY = (*REFUSED, *BODY_REFUSALS)


def _refusals(success, codes=REFUSED):
    return responses(success, *codes)


# Schemas ---------------------------------------------------------------------------------------------------

class MissingOut(Schema):
    section: str = Field(..., description="company-details, a declaration section's slug, or lots")
    message: str


class FrameworkApplicationOut(Schema):
    framework: str = Field(..., description="The framework's slug.")
    frameworkStatus: str = Field(..., description="coming, open, pending, standstill, live or expired")
    status: str = Field(..., description="not-started, in-progress, submitted, passed, failed, agreement-signed "
                                         "or on-framework")
    declaration: dict[str, Any] = Field(..., description="The answers so far, keyed by question.")
    lots: list[str] = Field(..., description="The lots applied for: those with a service described.")
    missing: list[MissingOut] = Field(..., description="What must be done before submitting; empty when none.")
    submittedAt: dt.datetime | None
    failureReasons: list[str] = Field(..., description="Why the application failed, once results are "
                                                       "published; empty otherwise.")
    signedAt: dt.datetime | None
    countersignedAt: dt.datetime | None


_KINDS = {declaration.YES_NO: {"type": ["boolean", "null"]}, declaration.ACCEPT: {"type": ["boolean", "null"]},
          declaration.MONEY: {"type": ["string", "null"]}, declaration.TEXTAREA: {"type": ["string", "null"]}}


class DeclarationIn(BaseModel):
    """Some declaration answers, keyed by question; null clears one. Unknown keys are refused by name."""

    # Anything sent reaches the service, which names what it does not take instead of dropping it.
    model_config = ConfigDict(extra="allow", json_schema_extra={
        "properties": {question.key: {**_KINDS[question.kind], "description": question.label}
                       for question in declaration.QUESTIONS},
        "additionalProperties": False})


class AgreementIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    signerName: Any = Field(None, description="The full name of the person signing",
                            json_schema_extra={"type": "string"})
    signerRole: Any = Field(None, description="Their role in the organisation", json_schema_extra={"type": "string"})
    accept: Any = Field(None, description="true: the signer has read and accepts the framework agreement",
                        json_schema_extra={"type": "boolean"})


class CopiedServicesOut(Schema):
    copied: list[str] = Field(..., description="The lots whose service was copied from the previous framework.")
    skipped: list[str] = Field(..., description="Lots already described on this framework, left as they were.")


class FrameworkQuestionOut(Schema):
    question: str
    answer: str
    answeredAt: dt.datetime


# Shapes ----------------------------------------------------------------------------------------------------

def _framework(slug):
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        raise Http404
    return framework


def application_json(supplier, framework):
    application = services.application_of(supplier, framework)
    status = services.application_status(application, framework)
    return {
        "framework": framework.slug, "frameworkStatus": framework.status, "status": status,
        "declaration": application.declaration if application else {},
        "lots": services.applied_lots(supplier, framework),
        "missing": services.missing(supplier, framework, application),
        "submittedAt": application.submitted_at if application else None,
        "failureReasons": [failure["reason"] for failure in application.failures] if status == "failed" else [],
        "signedAt": application.signed_at if application else None,
        "countersignedAt": application.countersigned_at if application else None,
    }


def _ip(request):
    return request.META.get("REMOTE_ADDR")


# Operations ------------------------------------------------------------------------------------------------

@router.get("/frameworks/{slug}", response=_refusals({200: FrameworkApplicationOut}),
            summary="Your application to a framework")
def detail(request, slug: str):
    supplier = _supplier_user(request, having="framework applications").supplier
    return application_json(supplier, _framework(slug))


@router.patch("/frameworks/{slug}/declaration", response=_refusals({200: FrameworkApplicationOut}, REFUSED_WITH_BODY),
              summary="Save some declaration answers (while the framework is open)")
def save_declaration(request, slug: str, payload: DeclarationIn):
    """Each answer is checked against its own question; a refusal names every problem and saves nothing."""
    user = _supplier_user(request, having="framework applications")
    framework = _framework(slug)
    services.save_declaration(user.supplier, framework, payload.model_dump(), by=user, ip_address=_ip(request))
    return application_json(user.supplier, framework)


@router.put("/frameworks/{slug}/services/{lot}", response=_refusals({200: LotServiceOut}, REFUSED_WITH_BODY),
            exclude_none=True, summary="Describe your service on a lot of the framework (applying for the lot)")
def put_service(request, slug: str, lot: str, payload: LotServiceIn):
    """The same body as `PUT /api/v1/supplier/services/{lot}`."""
    user = _supplier_user(request, having="framework applications")
    framework = _framework(slug)
    _known_lot(lot)
    service = services.save_service(user.supplier, framework, lot, payload.model_dump(exclude_none=True), by=user,
                                    ip_address=_ip(request))
    return _lot_out(lot, service)


@router.delete("/frameworks/{slug}/services/{lot}", response=_refusals({204: None}),
               summary="Stop applying for a lot of the framework")
def delete_service(request, slug: str, lot: str):
    user = _supplier_user(request, having="framework applications")
    framework = _framework(slug)
    _known_lot(lot)
    services.remove_service(user.supplier, framework, lot, by=user, ip_address=_ip(request))
    return Status(204, None)


@router.post("/frameworks/{slug}/copy-services", response=_refusals({200: CopiedServicesOut}),
             summary="Copy your services from the previous framework onto the lots not described yet")
def copy_services(request, slug: str):
    user = _supplier_user(request, having="framework applications")
    copied, skipped = services.copy_services(user.supplier, _framework(slug), by=user, ip_address=_ip(request))
    return {"copied": copied, "skipped": skipped}


@router.post("/frameworks/{slug}/submit", response=_refusals({200: FrameworkApplicationOut}),
             summary="Submit after full validation (400 with everything missing)")
def submit(request, slug: str):
    user = _supplier_user(request, having="framework applications")
    framework = _framework(slug)
    services.submit_application(user.supplier, framework, by=user, ip_address=_ip(request))
    return application_json(user.supplier, framework)


@router.post("/frameworks/{slug}/agreement", response=_refusals({200: FrameworkApplicationOut}, REFUSED_WITH_BODY),
             summary="Sign the framework agreement (a supplier that passed, in standstill or live)")
def sign_agreement(request, slug: str, payload: AgreementIn):
    """The supplier is on the framework once the platform countersigns."""
    user = _supplier_user(request, having="framework applications")
    framework = _framework(slug)
    services.sign_agreement(user.supplier, framework, payload.signerName, payload.signerRole, payload.accept,
                            by=user, ip_address=_ip(request))
    return application_json(user.supplier, framework)


@public_router.get("/{slug}/questions", response=_refusals({200: list[FrameworkQuestionOut]}, (404,)),
                   auth=PUBLIC, openapi_extra=PUBLIC_SECURITY,
                   summary="The framework's answered clarification questions (never who asked)")
def questions(request, slug: str):
    return [{"question": asked.question, "answer": asked.answer, "answeredAt": asked.answered_at}
            for asked in services.published_questions(_framework(slug))]
