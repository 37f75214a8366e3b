"""Changing opportunities: drafting, publishing, withdrawing, copying, and clarification questions.

Each function checks who is asking, then the requirement's state, then the input, and writes the change with
its audit event in one transaction. Refusals: `PermissionDenied` (the caller may not), `StateConflict` (not in
this state; the API answers 409) and `ValidationError({field: [messages]})` (bad input).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from marketplace import clock
from marketplace.accounts.models import Role, User
from marketplace.audit.services import record_event
from marketplace.formatting import london_time
from marketplace.frameworks.reference import live_framework
from marketplace.notifications.services import queue_email
from marketplace.search.index import reindex_opportunity
from marketplace.suppliers.services import supplier_eligibility
from marketplace.text import is_blank, too_long, unstorable

from . import selectors
from .dates import publication_dates
from .models import Clarification, Opportunity, Status, SupplierQuestion
from .questions import BY_KEY, check_answers, check_complete, clean_answer

QUESTION_MAX_WORDS = 100
ANSWER_MAX_WORDS = 500
COPY_SUFFIX = " copy"
# Answers that belong to one round of buying only, so a copy starts without them.
NOT_COPIED = ("startDate", "researchDates", "questionAndAnswerSessionDetails")
# Answers also kept in columns, because the catalogue filters and sorts on them.
COLUMNS = {"title": "title", "specialistRole": "specialist_role", "location": "location"}

NOT_YOURS = "You can only manage requirements of your own organisation"


class StateConflict(Exception):
    """The requirement is not in a state that allows this; the message says why, in words for the user."""


class NotEligible(PermissionDenied):
    """A supplier may not take part: `code` names what is missing (framework, lot or role)."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


# What a refused supplier is told, by the code `supplier_eligibility` returns.
_ELIGIBILITY_MESSAGES = {
    "supplier-not-on-framework": "Your company is not on the framework this requirement is on, so it cannot ask "
                                 "questions or apply",
    "supplier-not-on-lot": "Your company does not offer this kind of service, so it cannot ask questions or apply. "
                           "Add the service to your company's services first",
    "supplier-not-on-role": "Your company does not offer this specialist role, so it cannot ask questions or apply. "
                            "Add the role to your company's services first",
}


def eligibility_refusal(user, opportunity):
    """Why the supplier user's company may not ask about or apply for the requirement, as a `NotEligible` to
    raise or show; None when it may. Pages call it to say so before the supplier writes anything."""
    code = supplier_eligibility(user.supplier, opportunity.lot.slug, opportunity.specialist_role or None,
                                framework=opportunity.framework)
    if code is None:
        return None
    return NotEligible(code, _ELIGIBILITY_MESSAGES.get(code, "Your company cannot take part in this requirement"))


# Paths of the pages emails link to.
def _buyer_questions_path(opportunity):
    return f"/buyers/requirements/{opportunity.pk}/questions"


def _public_path(opportunity):
    return f"/opportunities/{opportunity.pk}"


def _require_manager(user, opportunity):
    if not selectors.can_manage(user, opportunity):
        raise PermissionDenied(NOT_YOURS)


def _lock(opportunity):
    """Lock the requirement's row for the rest of the transaction and reload it, so two people acting at once
    cannot both publish, withdraw or number a clarification."""
    if not Opportunity.objects.select_for_update().filter(pk=opportunity.pk).values_list("pk", flat=True):
        raise StateConflict("This requirement has been deleted")
    opportunity.refresh_from_db()
    return opportunity


def _apply_answers(opportunity, cleaned):
    data = dict(opportunity.data or {})
    for key, value in cleaned.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    opportunity.data = data
    for key, column in COLUMNS.items():
        setattr(opportunity, column, data.get(key) or "")


# Drafts --------------------------------------------------------------------------------------------------

@transaction.atomic
def create_draft(lot_slug, by, answers=None):
    """A new draft for `by`'s organisation on the newest live framework."""
    if not (selectors.acts_as(by, Role.BUYER) and by.organisation_id):
        raise PermissionDenied("Only buyers can write requirements")
    framework = live_framework()
    if framework is None:
        raise StateConflict("You cannot write a requirement now: there is no live framework")
    lot = framework.lots.filter(slug=lot_slug or "", takes_requirements=True).first()
    if lot is None:
        raise ValidationError({"lot": ["Select digital outcomes, digital specialists or user research participants"]})
    cleaned = check_answers(lot.slug, answers or {})
    now = clock.now()
    opportunity = Opportunity(framework=framework, lot=lot, organisation_id=by.organisation_id, created_by=by,
                              created_at=now, updated_at=now)
    _apply_answers(opportunity, cleaned)
    opportunity.save()
    record_event("opportunity.created", actor=by, obj=opportunity,
                 detail={"lot": lot.slug, "framework": framework.slug, "answered": sorted(opportunity.data)})
    return opportunity


@transaction.atomic
def save_answers(opportunity, answers, by):
    """Save some answers to a draft. Each is checked against its own rule; a blank answer clears it; if any
    answer has a problem nothing is saved."""
    _require_manager(by, opportunity)
    _lock(opportunity)
    if selectors.status_of(opportunity) != Status.DRAFT:
        raise StateConflict("This requirement has been published, so it can no longer be changed")
    cleaned = check_answers(opportunity.lot.slug, answers or {})
    _apply_answers(opportunity, cleaned)
    opportunity.updated_at = clock.now()
    opportunity.save()
    record_event("opportunity.answers_saved", actor=by, obj=opportunity, detail={"keys": sorted(cleaned)})
    return opportunity


@transaction.atomic
def delete_draft(opportunity, by):
    _require_manager(by, opportunity)
    _lock(opportunity)
    if selectors.status_of(opportunity) != Status.DRAFT:
        raise StateConflict("Only a draft can be deleted: this requirement has been published")
    record_event("opportunity.deleted", actor=by, obj=opportunity, detail={"lot": opportunity.lot.slug})
    opportunity.delete()


@transaction.atomic
def copy_opportunity(opportunity, by):
    """A new draft with the same answers, except those that belong to one round of buying (NOT_COPIED)."""
    _require_manager(by, opportunity)
    framework = live_framework()
    if framework is None or not framework.lots.filter(pk=opportunity.lot_id).exists():
        raise StateConflict(f"You cannot copy this requirement: {opportunity.lot.name.lower()} are not on a live "
                            "framework")
    answers = {}
    for key, value in (opportunity.data or {}).items():
        question = BY_KEY.get(key)
        if key in NOT_COPIED or question is None or not question.asked_on(opportunity.lot.slug):
            continue
        try:
            answers[key] = clean_answer(question, value, opportunity.lot.slug)
        except ValueError:
            continue  # a rule changed since it was written: the buyer answers it again
    if answers.get("title"):
        answers["title"] = answers["title"][:BY_KEY["title"].max_chars - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX
    now = clock.now()
    copy = Opportunity(framework=framework, lot=opportunity.lot, organisation_id=opportunity.organisation_id,
                       created_by=by, created_at=now, updated_at=now)
    _apply_answers(copy, answers)
    copy.save()
    record_event("opportunity.copied", actor=by, obj=copy, detail={"from": opportunity.pk})
    return copy


# Publishing and withdrawing ------------------------------------------------------------------------------

def dates_if_published_now(opportunity):
    """The dates the buyer is about to commit to, for the confirmation page."""
    return publication_dates(clock.now(), selectors.requirements_length_of(opportunity),
                             opportunity.organisation.nation)


@transaction.atomic
def publish_opportunity(opportunity, by):
    """Draft to live, once every answer is complete. The dates are fixed now, from today's London date."""
    _require_manager(by, opportunity)
    _lock(opportunity)
    if selectors.status_of(opportunity) != Status.DRAFT:
        raise StateConflict("This requirement has already been published")
    if not opportunity.framework.is_live:
        raise StateConflict(f"You cannot publish this requirement: {opportunity.framework.name} is no longer live. "
                            "Copy it to write it again on the live framework")
    check_complete(opportunity.lot.slug, opportunity.data or {}, clock.today_in_london())
    now = clock.now()
    dates = publication_dates(now, selectors.requirements_length_of(opportunity), opportunity.organisation.nation)
    opportunity.published_at = now
    opportunity.questions_close_at = dates.questions_close_at
    opportunity.answers_by = dates.answers_by
    opportunity.closing_at = dates.closing_at
    opportunity.updated_at = now
    opportunity.save()
    record_event("opportunity.published", actor=by, obj=opportunity,
                 detail={"closing_at": dates.closing_at.isoformat(),
                         "questions_close_at": dates.questions_close_at.isoformat(),
                         "answers_by": dates.answers_by.isoformat()})
    from marketplace.opendata.ocds import record_release  # open data builds on opportunities

    record_release(opportunity, "tender")
    from marketplace.checks.services import record_findings  # the checks build on opportunities

    record_findings(opportunity)
    reindex_opportunity(opportunity)
    from marketplace.alerts.services import alert_when_published  # alerts build on opportunities

    # Only once the publication is committed, and robustly: alerts failing must not undo or delay publishing.
    transaction.on_commit(lambda: alert_when_published(opportunity.pk), robust=True)
    return opportunity


@transaction.atomic
def withdraw_opportunity(opportunity, by):
    """Live to withdrawn: it stops taking questions and applications at once."""
    _require_manager(by, opportunity)
    _lock(opportunity)
    if selectors.status_of(opportunity) != Status.LIVE:
        raise StateConflict("Only an open requirement can be withdrawn")
    now = clock.now()
    opportunity.withdrawn_at = now
    opportunity.updated_at = now
    opportunity.save()
    record_event("opportunity.withdrawn", actor=by, obj=opportunity)
    from marketplace.applications.services import notify_withdrawn  # applications build on opportunities

    notify_withdrawn(opportunity)
    from marketplace.opendata.ocds import record_release

    record_release(opportunity, "withdrawn")
    reindex_opportunity(opportunity)
    return opportunity


# Clarification questions ---------------------------------------------------------------------------------

def _clean_text(value, field, missing, name, max_words):
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: [f"{name} must be text"]})
    if is_blank(text):
        raise ValidationError({field: [missing]})
    if unstorable(text):
        raise ValidationError({field: [f"{name} must not contain {unstorable(text)}"]})
    if too_long(text, max_words):
        raise ValidationError({field: [f"{name} {too_long(text, max_words)}"]})
    return text


@transaction.atomic
def ask_question(opportunity, user, question):
    """A supplier's private question. The owning organisation's buyers are told, with the date their answers
    are due, and the supplier gets a copy."""
    if not (selectors.acts_as(user, Role.SUPPLIER) and user.supplier_id):
        raise PermissionDenied("Only suppliers can ask questions about a requirement")
    refusal = eligibility_refusal(user, opportunity)
    if refusal:
        raise refusal
    now = clock.now()
    if not selectors.questions_open(opportunity, now):
        raise StateConflict(_questions_closed_message(opportunity, now))
    text = _clean_text(question, "question", "Enter your question", "Your question", QUESTION_MAX_WORDS)
    asked = SupplierQuestion.objects.create(opportunity=opportunity, supplier=user.supplier, asked_by=user,
                                            question=text, asked_at=now)
    record_event("opportunity.question_asked", actor=user, obj=opportunity,
                 detail={"supplier_question": asked.pk, "supplier": user.supplier_id})
    context = {"title": opportunity.title, "question": text, "supplier": user.supplier.name,
               "answers_by": london_time(opportunity.answers_by, weekday=True),
               "closing_at": london_time(opportunity.closing_at, weekday=True)}
    buyers = User.objects.active().filter(role=Role.BUYER, organisation_id=opportunity.organisation_id)
    for buyer in buyers.order_by("email"):
        queue_email(to=buyer.email, template="question_received.txt", purpose="question-received",
                    context={**context, "link": _buyer_questions_path(opportunity)})
    queue_email(to=user.email, template="question_copy.txt", purpose="question-copy",
                context={**context, "link": _public_path(opportunity)})
    return asked


def _questions_closed_message(opportunity, now):
    status = selectors.status_of(opportunity, now)
    if status == Status.WITHDRAWN:
        return "This requirement has been withdrawn, so it no longer takes questions"
    if status == Status.DRAFT or opportunity.questions_close_at is None:
        return "This requirement is not open for questions"
    return f"The deadline for asking questions was {london_time(opportunity.questions_close_at, weekday=True)}"


@transaction.atomic
def publish_clarification(opportunity, by, question, answer):
    """Publish a question (rewritten so the supplier cannot be identified) with its answer, numbered in order."""
    _require_manager(by, opportunity)
    _lock(opportunity)
    if selectors.status_of(opportunity) != Status.LIVE:
        raise StateConflict("You can only publish answers to questions while the requirement is open")
    errors = {}
    cleaned = {}
    for field, value, missing, name, limit in (
            ("question", question, "Enter the question", "The question", QUESTION_MAX_WORDS),
            ("answer", answer, "Enter the answer", "The answer", ANSWER_MAX_WORDS)):
        try:
            cleaned[field] = _clean_text(value, field, missing, name, limit)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    number = (opportunity.clarifications.aggregate(last=Max("number"))["last"] or 0) + 1
    clarification = Clarification.objects.create(opportunity=opportunity, number=number, published_by=by,
                                                 published_at=clock.now(), **cleaned)
    record_event("opportunity.clarification_published", actor=by, obj=opportunity, detail={"number": number})
    from marketplace.opendata.ocds import record_release  # open data builds on opportunities

    record_release(opportunity, "enquiry")
    return clarification
