"""Opportunities: searching the catalogue, writing and publishing requirements, questions and clarifications.

Thin: each operation calls the same selectors and services as the pages. Requirement fields are keyed by the
original marketplace's question keys (opportunities/questions.py), so a brief exported from it can be posted as is.

One exception in responses: the top-level `outcome` is the decision on the opportunity (API.md), so the digital
outcomes lot's "Problem to be solved" answer, whose question key is also `outcome`, is returned as
`problemToBeSolved`. Requests take either name.
"""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, create_model

from django.core.exceptions import ValidationError

from marketplace import clock
from marketplace.applications import selectors as applications
from marketplace.clock import LONDON
from marketplace.frameworks.reference import LOTS, OPPORTUNITY_LOCATIONS, REQUIREMENT_LOTS, SPECIALIST_ROLES
from marketplace.opportunities import selectors, services
from marketplace.opportunities.questions import CHOICES, DATE, INTEGER, ITEMS, QUESTIONS, R, is_blank, questions_for
from marketplace.search.selectors import PageOutOfRange, search_opportunities
from marketplace.opportunities.selectors import may_see_private_answers

from ..auth import PUBLIC, PUBLIC_SECURITY
from ..documented import any_of, one_of
from ..errors import BODY_REFUSALS, ApiError, responses
from .applications import RecordedOutcomeOut, outcome_payload

router = Router(tags=["opportunities"])

STATUS_FILTERS = ("open", "closed")
LOCATION_FILTERS = OPPORTUNITY_LOCATIONS


# Schemas ---------------------------------------------------------------------------------------------------

def _lots_text(question):
    names = {slug: name.lower() for slug, name, _ in LOTS}
    return "; ".join(f"{names[lot]}: {'required' if need == R else 'optional'}" for lot, need in question.lots.items())


def _description(question):
    parts = [question.label.removesuffix(" (optional)")]
    hint = question.hint or next(iter(question.hints.values()), "")
    if question.kind == DATE:  # the question's own hint is about the form's day, month and year boxes
        parts.append("A date as YYYY-MM-DD")
    elif hint:
        parts.append(hint)
    if question.max_words:
        parts.append(f"Up to {question.max_words} words")
    if question.max_chars:
        parts.append(f"Up to {question.max_chars} characters")
    if question.item_max_words:
        parts.append(f"Up to {question.max_items} items of up to {question.item_max_words} words each")
    options = {value for lot in question.lots for value, _ in question.options_for(lot)}
    if options:
        parts.append(f"{'Any' if question.kind == CHOICES else 'One'} of: {', '.join(sorted(options))}")
    parts.append(f"Asked on {_lots_text(question)}")
    return ". ".join(parts)


# As the questions' rules take them: one option alone for a list of options, and items as text, an item a line.
_JSON_TYPES = {CHOICES: {"type": ["array", "string", "null"], "items": {"type": "string"}},
               ITEMS: {"type": ["array", "string", "null"], "items": {"type": "string"}},
               INTEGER: {"type": ["integer", "null"]}, DATE: {"type": ["string", "null"], "format": "date"}}


def _answer_type(question):
    if question.kind in (CHOICES, ITEMS):
        return list[str] | None
    if question.kind == INTEGER:
        return int | None
    if question.kind == DATE:
        return dt.date | None
    return str | None


def _answer_schema(question, lots):
    """The documented type of an answer on any of `lots`: its options and range where it has them."""
    schema = dict(_JSON_TYPES.get(question.kind, {"type": ["string", "null"]}))
    options = sorted({value for lot in lots for value, _ in question.options_for(lot)})
    if options and question.kind == CHOICES:
        schema = {"anyOf": [{"type": "array", "items": {"type": "string", "enum": options}},
                            {"type": "string", "enum": options}, {"type": "null"}]}
    elif options:
        schema["enum"] = [*options, None]
    ranges = [question.range_for(lot) for lot in lots if question.range_for(lot)]
    if ranges:
        schema.update(minimum=min(low for low, _ in ranges), maximum=max(high for _, high in ranges))
    return schema


def _answer_in(question, note=""):
    """Any JSON is let through to the service, so every problem is reported at once in the service's words;
    the documented type is what the service accepts."""
    schema = _answer_schema(question, question.lots)
    description = _description(question) + (f". {note}" if note else "")
    return Any, Field(None, description=description, json_schema_extra=schema)


class _Answers(BaseModel):
    # Keys that are not questions of the lot reach the service, which names them instead of dropping them; so the
    # document says other keys are refused.
    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": False})


# The outcomes lot's "Problem to be solved": its question key in requests, this name in responses.
PROBLEM_KEY, PROBLEM_NAME = "outcome", "problemToBeSolved"
_PROBLEM = next(q for q in QUESTIONS if q.key == PROBLEM_KEY)

_ANSWERS_IN = {q.key: _answer_in(q) for q in QUESTIONS}
_ANSWERS_IN[PROBLEM_KEY] = _answer_in(
    _PROBLEM, f"The original marketplace's question key, taken as sent; responses return this answer as "
              f"{PROBLEM_NAME}, because their {PROBLEM_KEY} is the decision on the opportunity")
_ANSWERS_IN[PROBLEM_NAME] = _answer_in(_PROBLEM, f"The same answer as {PROBLEM_KEY}: send one or the other")
AnswersIn = create_model("AnswersIn", __base__=_Answers, **_ANSWERS_IN)


def _asked_on(lot, properties):
    """The documented answers on `lot`, each with that lot's options and range."""
    asked = {}
    for question in questions_for(lot):
        names = [PROBLEM_KEY, PROBLEM_NAME] if question.key == PROBLEM_KEY else [question.key]
        for name in names:
            asked[name] = {**properties[name], **_answer_schema(question, [lot])}
    return asked


def _one_lot_each(schema):
    """A draft takes only its own lot's questions: the document gives one shape for each lot."""
    properties = schema.pop("properties")
    schema.pop("required", None)
    schema.pop("additionalProperties", None)
    schema["oneOf"] = [{"type": "object", "title": f"DraftIn ({lot})", "required": ["lot"],
                        "additionalProperties": False,
                        "properties": {"lot": {**properties["lot"], "enum": [lot]}, **_asked_on(lot, properties)}}
                       for lot in REQUIREMENT_LOTS]
    for shape in schema["oneOf"]:
        if PROBLEM_NAME in shape["properties"]:
            shape["not"] = {"required": [PROBLEM_KEY, PROBLEM_NAME]}  # one name or the other


class _Draft(_Answers):
    model_config = ConfigDict(extra="allow", json_schema_extra=_one_lot_each)


DraftIn = create_model("DraftIn", __base__=_Draft,
                       lot=(one_of(REQUIREMENT_LOTS), Field(..., description="digital-outcomes, digital-specialists or "
                                                        "user-research-participants")),
                       **_ANSWERS_IN)


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str


class ClarificationOut(Schema):
    number: int
    question: str
    answer: str
    publishedAt: dt.datetime


class CountsOut(Schema):
    sme: int = Field(..., description="From micro, small and medium-sized suppliers")
    large: int


class ApplicationCountsOut(Schema):
    started: CountsOut = Field(..., description="Every application started, sent or not")
    submitted: CountsOut = Field(..., description="Applications sent to the buyer")


class _OpportunityCore(Schema):
    id: int
    lot: str
    framework: str
    status: str
    organisation: OrganisationOut
    createdAt: dt.datetime
    publishedAt: dt.datetime | None
    questionsCloseAt: dt.datetime | None
    answersPublishedBy: dt.datetime | None
    closingAt: dt.datetime | None
    withdrawnAt: dt.datetime | None
    clarifications: list[ClarificationOut]
    applications: ApplicationCountsOut
    outcome: RecordedOutcomeOut | None = Field(
        None, description="The decision once recorded (awarded, cancelled or unsuccessful), null until then. Not the "
                          f"outcomes lot's problem to be solved, which is {PROBLEM_NAME}")


def _answer_out(question):
    if question.key == PROBLEM_KEY:
        description = f"{_description(question)}. Sent in requests as {PROBLEM_KEY} or {PROBLEM_NAME}"
        return PROBLEM_NAME, (_answer_type(question), Field(None, description=description))
    return question.key, (_answer_type(question), Field(None, description=_description(question)))


OpportunityOut = create_model("OpportunityOut", __base__=_OpportunityCore, **dict(_answer_out(q) for q in QUESTIONS))


class OpportunitySummaryOut(Schema):
    id: int
    title: str
    lot: str
    specialistRole: str | None
    location: str
    organisation: OrganisationOut
    status: str
    summary: str
    publishedAt: dt.datetime
    questionsCloseAt: dt.datetime
    closingAt: dt.datetime


class SearchOut(Schema):
    count: int = Field(..., description="How many match; the counting bound when `countRelation` is gte.")
    countRelation: Literal["eq", "gte"] = Field(
        ..., description="eq: `count` is exact; gte: the search matched more than the counting bound (10,000 by default), "
                         "and `count` is the bound. Open matches alone are always counted exactly.")
    page: int
    pageSize: int
    numPages: int
    results: list[OpportunitySummaryOut]


class QuestionIn(Schema):
    # Checked by the service in its own words; the document says it is needed.
    model_config = ConfigDict(json_schema_extra={"required": ["question"]})

    question: str | None = None


class SupplierOut(Schema):
    id: int
    name: str


class SupplierQuestionOut(Schema):
    id: int
    question: str
    askedAt: dt.datetime
    supplier: SupplierOut | None = None


class ClarificationIn(Schema):
    model_config = ConfigDict(json_schema_extra={"required": ["question", "answer"]})

    question: str | None = None
    answer: str | None = None


# Shapes ----------------------------------------------------------------------------------------------------

def _time(value):
    return value.astimezone(LONDON) if value else None


def _organisation(organisation):
    return {"id": organisation.pk, "name": organisation.name, "sector": organisation.sector}


def _clarification(clarification):
    return {"number": clarification.number, "question": clarification.question, "answer": clarification.answer,
            "publishedAt": _time(clarification.published_at)}


def opportunity_json(opportunity, viewer):
    """Every field the lot asks (null when unanswered), except those the viewer may not see, and the dates."""
    lot = opportunity.lot.slug
    data = opportunity.data or {}
    private_ok = may_see_private_answers(opportunity, viewer)
    answers = {(PROBLEM_NAME if q.key == PROBLEM_KEY else q.key): (None if is_blank(data.get(q.key))
                                                                    else data.get(q.key))
               for q in questions_for(lot) if q.public or private_ok}
    return {
        "id": opportunity.pk,
        "lot": lot,
        "framework": opportunity.framework.slug,
        "status": selectors.status_of(opportunity),
        "organisation": _organisation(opportunity.organisation),
        "createdAt": _time(opportunity.created_at),
        "publishedAt": _time(opportunity.published_at),
        "questionsCloseAt": _time(opportunity.questions_close_at),
        "answersPublishedBy": _time(opportunity.answers_by),
        "closingAt": _time(opportunity.closing_at),
        "withdrawnAt": _time(opportunity.withdrawn_at),
        "clarifications": [_clarification(c) for c in selectors.clarifications(opportunity)],
        "applications": applications.counts(opportunity),
        "outcome": outcome_payload(opportunity),
        **answers,
    }


def _answers_in(fields):
    """The answers as the services key them: `problemToBeSolved` is the `outcome` question. Sending both is
    refused unless they agree, so neither is silently dropped."""
    if PROBLEM_NAME not in fields:
        return fields
    problem = fields.pop(PROBLEM_NAME)
    if PROBLEM_KEY in fields and fields[PROBLEM_KEY] != problem:
        raise ValidationError({PROBLEM_NAME: [f"Send the problem to be solved as {PROBLEM_KEY} or {PROBLEM_NAME}, "
                                              "not both"]})
    return {**fields, PROBLEM_KEY: problem}


def _saving(call, fields):
    """Run a service with the answers as it keys them; a problem with the problem to be solved is reported under
    the name the caller sent."""
    sent_as_name = PROBLEM_NAME in fields
    try:
        return call(_answers_in(fields))
    except ValidationError as error:
        if not sent_as_name or not hasattr(error, "error_dict") or PROBLEM_KEY not in error.error_dict:
            raise
        problems = error.message_dict
        problems[PROBLEM_NAME] = problems.pop(PROBLEM_KEY)
        raise ValidationError(problems) from None


def _summary_json(opportunity, now):
    data = opportunity.data or {}
    return {
        "id": opportunity.pk,
        "title": opportunity.title,
        "lot": opportunity.lot.slug,
        "specialistRole": opportunity.specialist_role or None,
        "location": opportunity.location,
        "organisation": _organisation(opportunity.organisation),
        "status": selectors.status_of(opportunity, now),
        "summary": data.get("summary") or "",
        "publishedAt": _time(opportunity.published_at),
        "questionsCloseAt": _time(opportunity.questions_close_at),
        "closingAt": _time(opportunity.closing_at),
    }


def _question_json(asked):
    return {"id": asked.pk, "question": asked.question, "askedAt": _time(asked.asked_at),
            "supplier": {"id": asked.supplier_id, "name": asked.supplier.name}}


def _found(request, opportunity_id):
    return selectors.get_for_viewer(opportunity_id, request.auth)


def _require_manager(request, opportunity):
    if not selectors.can_manage(request.auth, opportunity):
        raise ApiError(403, services.NOT_YOURS)


# Operations ------------------------------------------------------------------------------------------------

def _filter_values(errors, name, values, allowed, what):
    unknown = [value for value in values if value not in allowed]
    if unknown:
        errors[name] = [f"{value} is not {what}" for value in unknown]
    return [value for value in allowed if value in values]


@router.get("", response=responses(SearchOut, 400, 404), auth=PUBLIC, openapi_extra=PUBLIC_SECURITY,
            summary="Search published opportunities")
def search(request, q: str = "", lot: any_of(REQUIREMENT_LOTS) = Query([]),
           status: any_of(STATUS_FILTERS) = Query([]), location: any_of(LOCATION_FILTERS) = Query([]),
           specialistRole: any_of(SPECIALIST_ROLES) = Query([]), page: int = Query(1, ge=1, le=1_000_000)):
    """Live first, then newest; withdrawn opportunities never appear. Several values of one filter are ORed,
    different filters ANDed. `status` is `open` or `closed` (both when not given)."""
    errors = {}
    lots = _filter_values(errors, "lot", lot, REQUIREMENT_LOTS, "a lot that takes requirements")
    statuses = _filter_values(errors, "status", status, STATUS_FILTERS, "a status: use open or closed")
    locations = _filter_values(errors, "location", location, LOCATION_FILTERS, "a location")
    roles = _filter_values(errors, "specialistRole", specialistRole, list(SPECIALIST_ROLES), "a specialist role")
    if errors:
        raise ApiError(400, "Some of what was sent is not valid.", errors=errors)
    try:
        results = search_opportunities(q, lots=lots, statuses=statuses, locations=locations, roles=roles,
                                       page=page)
    except PageOutOfRange as out_of_range:
        raise ApiError(404, str(out_of_range)) from None
    now = clock.now()
    return {"count": results.count, "countRelation": results.count_relation, "page": results.page, "pageSize": results.page_size,
            "numPages": results.num_pages, "results": [_summary_json(hit.opportunity, now) for hit in results.hits]}


@router.post("", response=responses({201: OpportunityOut}, *BODY_REFUSALS, 403, 409),
             exclude_unset=True, summary="Create a draft requirement")
def create(request, payload: DraftIn):
    fields = payload.model_dump(exclude_unset=True)
    lot = fields.pop("lot")
    opportunity = _saving(lambda answers: services.create_draft(lot, request.auth, answers), fields)
    return Status(201, opportunity_json(opportunity, request.auth))


@router.get("/{int:opportunity_id}", response=responses(OpportunityOut, 404), exclude_unset=True, auth=PUBLIC,
            openapi_extra=PUBLIC_SECURITY, summary="An opportunity (drafts only for the owning organisation's buyers)")
def detail(request, opportunity_id: int):
    return opportunity_json(_found(request, opportunity_id), request.auth)


@router.patch("/{int:opportunity_id}", response=responses(OpportunityOut, *BODY_REFUSALS, 403, 404, 409),
              exclude_unset=True,
              summary="Save some answers to a draft")
def update(request, opportunity_id: int, payload: AnswersIn):
    opportunity = _found(request, opportunity_id)
    _saving(lambda answers: services.save_answers(opportunity, answers, request.auth),
            payload.model_dump(exclude_unset=True))
    return opportunity_json(opportunity, request.auth)


@router.delete("/{int:opportunity_id}", response=responses({204: None}, 403, 404, 409), summary="Delete a draft")
def delete(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    services.delete_draft(opportunity, request.auth)
    return Status(204, None)


@router.post("/{int:opportunity_id}/publish", response=responses(OpportunityOut, 400, 403, 404, 409),
             exclude_unset=True,
             summary="Publish a draft (400 with every problem)")
def publish(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    services.publish_opportunity(opportunity, request.auth)
    return opportunity_json(opportunity, request.auth)


@router.post("/{int:opportunity_id}/withdraw", response=responses(OpportunityOut, 403, 404, 409), exclude_unset=True,
             summary="Withdraw a live requirement")
def withdraw(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    services.withdraw_opportunity(opportunity, request.auth)
    return opportunity_json(opportunity, request.auth)


@router.post("/{int:opportunity_id}/copy", response=responses({201: OpportunityOut}, 403, 404, 409), exclude_unset=True,
             summary="Copy a requirement into a new draft")
def copy(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    created = services.copy_opportunity(opportunity, request.auth)
    return Status(201, opportunity_json(created, request.auth))


@router.post("/{int:opportunity_id}/questions",
             response=responses({201: SupplierQuestionOut}, *BODY_REFUSALS, 403, 404, 409),
             summary="Ask the buyer a question (eligible suppliers, while questions are open)")
def ask_question(request, opportunity_id: int, payload: QuestionIn):
    opportunity = _found(request, opportunity_id)
    asked = services.ask_question(opportunity, request.auth, payload.question)
    return Status(201, _question_json(asked))


@router.get("/{int:opportunity_id}/questions", response=responses(list[SupplierQuestionOut], 403, 404),
            summary="The questions suppliers have asked (owning buyers)")
def questions(request, opportunity_id: int):
    opportunity = _found(request, opportunity_id)
    _require_manager(request, opportunity)
    return [_question_json(asked) for asked in selectors.supplier_questions(opportunity)]


@router.post("/{int:opportunity_id}/clarifications",
             response=responses({201: ClarificationOut}, *BODY_REFUSALS, 403, 404, 409),
             summary="Publish a question and its answer (owning buyers, while live)")
def publish_clarification(request, opportunity_id: int, payload: ClarificationIn):
    opportunity = _found(request, opportunity_id)
    clarification = services.publish_clarification(opportunity, request.auth, payload.question,
                                                    payload.answer)
    return Status(201, _clarification(clarification))
