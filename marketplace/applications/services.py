"""Applying for a requirement, scoring the applications and recording the outcome.

Each function checks who is asking, then the state of the requirement (and application), then the input, and
writes the change with its audit event in one transaction. Refusals: `PermissionDenied` (the caller may not),
`NotEligible` (the supplier may not take part; its `code` says why), `StateConflict` (not in this state; the API
answers 409) and `ValidationError({key: [messages]})` (bad input). Keys are the API's: `dayRate`, and for one item
of a list `essentialRequirements.0.evidence` or `niceToHaveRequirements.2.yesNo` (counted from 0).
"""

import copy
import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from marketplace import clock
from marketplace.accounts.models import Role, User
from marketplace.audit.services import record_event
from marketplace.formatting import london_date, london_time, money
from marketplace.frameworks.reference import SPECIALIST_ROLES
from marketplace.notifications.services import queue_email
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.questions import S
from marketplace.text import is_blank as _blank
from marketplace.text import too_long
from marketplace.opportunities.selectors import acts_as, can_manage, status_of
from marketplace.opportunities.services import StateConflict, eligibility_refusal
from marketplace.search.index import reindex_opportunity
from marketplace.suppliers.services import max_day_rate, parse_money

from . import paths
from .models import Application, Score

EVIDENCE_MAX_WORDS = 100
REASON_MAX_WORDS = 100
RESPOND_TO_MAX_CHARS = Application._meta.get_field("respond_to_email").max_length
MAX_CONTRACT_VALUE = Decimal("9999999999.99")  # what Decimal(12, 2) holds
SCORE_MAX = 100
ESSENTIALS, NICE_TO_HAVES = "essentialRequirements", "niceToHaveRequirements"
KEYS = ("availability", "dayRate", "essentialRequirementsMet", ESSENTIALS, NICE_TO_HAVES, "respondToEmailAddress")

NOT_YOURS = "You can only change your own company's applications"
NOT_THE_BUYER = "Only the buyers of the organisation that owns this requirement can do this"


# Who may act ---------------------------------------------------------------------------------------------

def _require_own(user, application):
    if not (acts_as(user, Role.SUPPLIER) and user.supplier_id == application.supplier_id):
        raise PermissionDenied(NOT_YOURS)


def _require_manager(user, opportunity):
    if not can_manage(user, opportunity):
        raise PermissionDenied(NOT_THE_BUYER)


def _require_eligible(user, opportunity):
    refusal = eligibility_refusal(user, opportunity)
    if refusal is not None:
        raise refusal


def _lock_opportunity(opportunity):
    """Lock the requirement's row until the transaction ends and reload it, so two buyers recording an outcome at
    once are taken one after the other and the second sees the first's."""
    if not Opportunity.objects.select_for_update().filter(pk=opportunity.pk).exists():
        raise StateConflict("This requirement has been deleted")
    opportunity.refresh_from_db()
    return opportunity


def _lock_application(application):
    if not Application.objects.select_for_update().filter(pk=application.pk).exists():
        raise StateConflict("This application no longer exists")
    application.refresh_from_db()
    return application


def _not_live_message(opportunity, now):
    status = status_of(opportunity, now)
    if status == Status.WITHDRAWN:
        return "This requirement has been withdrawn, so it no longer takes applications"
    if status == Status.DRAFT:
        return "This requirement has not been published, so it does not take applications yet"
    return (f"Applications closed at {london_time(opportunity.closing_at, weekday=True)}, so applications can no "
            "longer be started or changed")


def _require_live(opportunity):
    now = clock.now()
    if status_of(opportunity, now) != Status.LIVE:
        raise StateConflict(_not_live_message(opportunity, now))


def _require_closed(opportunity, doing):
    """Outcomes are recorded once, after closing: `doing` ends the message, like 'award it'."""
    status = status_of(opportunity)
    if status == Status.CLOSED:
        return
    message = {
        Status.DRAFT: "This requirement has not been published",
        Status.LIVE: (f"Applications close at {london_time(opportunity.closing_at, weekday=True)}: you can {doing} "
                      "after that"),
        Status.WITHDRAWN: "This requirement has been withdrawn",
        Status.AWARDED: "This requirement has already been awarded",
        Status.CANCELLED: "This requirement has already been cancelled",
        Status.UNSUCCESSFUL: "This requirement has already been recorded as having no suitable suppliers",
    }[status]
    raise StateConflict(message)


# Checking answers ----------------------------------------------------------------------------------------

def _requirements(opportunity, key):
    return list((opportunity.data or {}).get(key) or [])


def _role_label(opportunity):
    return SPECIALIST_ROLES.get(opportunity.specialist_role, opportunity.specialist_role).lower()


def _text(value):
    """Evidence as typed, without surrounding space; None when it is not text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    return "" if _blank(value) else value.replace("\r\n", "\n").strip()


def _clean_availability(value, problems):
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            problems["availability"] = ["Earliest start date must be a real date"]
            return None
    if value < clock.today_in_london():
        problems["availability"] = ["Earliest start date must be today or in the future"]
    return value


def _clean_day_rate(value, opportunity, supplier, problems):
    if opportunity.lot.slug != S:
        problems["dayRate"] = ["Only digital specialists are asked for a day rate"]
        return None
    if _blank(value):
        return None
    amount = parse_money(value)
    if amount is None:
        problems["dayRate"] = ["Day rate must be an amount in pounds and pence, like 650 or 650.50"]
    elif amount <= 0:
        problems["dayRate"] = ["Day rate must be more than £0"]
    else:
        _check_day_rate_cap(amount, opportunity, supplier, problems)
    return amount


def _check_day_rate_cap(amount, opportunity, supplier, problems):
    maximum = max_day_rate(supplier, opportunity.specialist_role, framework=opportunity.framework)
    if maximum is None:
        problems["dayRate"] = [f"Your company does not offer the {_role_label(opportunity)} role"]
    elif amount > maximum:
        problems["dayRate"] = [f"Day rate must be {money(maximum)} or less: that is your company's maximum day "
                               f"rate for the {_role_label(opportunity)} role"]


def _clean_essentials_met(value, problems):
    if value is None or isinstance(value, bool):
        return value
    problems["essentialRequirementsMet"] = ["Select yes if you have all the essential skills and experience"]
    return None


def _items(value, key, expected, problems, noun):
    """The list of answers, one per requirement; None (and a problem) when its length is not the requirements'."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems[key] = [f"Send the answers as a list with one entry per {noun}"]
        return None
    if len(value) != len(expected):
        problems[key] = [f"Give one answer for each {noun}: there {'is' if len(expected) == 1 else 'are'} "
                         f"{len(expected)}, not {len(value)}"]
        return None
    return value


def _clean_evidence(text, key, requirement, problems):
    if text is None:
        problems[key] = [f"Evidence for ‘{requirement}’ must be text"]
    elif too_long(text, EVIDENCE_MAX_WORDS):
        problems[key] = [f"Evidence for ‘{requirement}’ {too_long(text, EVIDENCE_MAX_WORDS)}"]
    return text or ""


def _clean_essential_evidence(value, opportunity, problems):
    expected = _requirements(opportunity, ESSENTIALS)
    items = _items(value, ESSENTIALS, expected, problems, "essential skill or experience")
    if items is None:
        return None
    return [{"evidence": _clean_evidence(_text(item.get("evidence")), f"{ESSENTIALS}.{n}.evidence", expected[n],
                                         problems)}
            for n, item in enumerate(items)]


def _clean_nice_to_have(value, opportunity, problems):
    expected = _requirements(opportunity, NICE_TO_HAVES)
    items = _items(value, NICE_TO_HAVES, expected, problems, "nice-to-have skill or experience")
    if items is None:
        return None
    cleaned = []
    for n, item in enumerate(items):
        answer = item.get("yesNo")
        if answer is not None and not isinstance(answer, bool):
            problems[f"{NICE_TO_HAVES}.{n}.yesNo"] = [f"Select yes or no for ‘{expected[n]}’"]
            answer = None
        # Evidence only belongs with a yes: a no keeps none of what was typed before.
        evidence = (_clean_evidence(_text(item.get("evidence")), f"{NICE_TO_HAVES}.{n}.evidence", expected[n],
                                    problems) if answer else "")
        cleaned.append({"yesNo": answer, "evidence": evidence})
    return cleaned


def _clean_respond_to(value, problems):
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    if _blank(value):
        return ""
    if not isinstance(value, str):
        problems["respondToEmailAddress"] = ["Enter an email address in the correct format, like name@example.com"]
        return ""
    addresses = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            problems["respondToEmailAddress"] = [
                "Enter email addresses in the correct format, like name@example.com, separated by commas"]
            return ""
    cleaned = ", ".join(addresses)
    if len(cleaned) > RESPOND_TO_MAX_CHARS:
        problems["respondToEmailAddress"] = [f"Email addresses must be {RESPOND_TO_MAX_CHARS} characters or fewer"]
    return cleaned


def _clean(data, application, problems):
    """{model field: value} for each key given, with problems recorded against the API's keys."""
    opportunity = application.opportunity
    cleaned = {}
    for key in data:
        if key not in KEYS:
            problems[key] = [f"{key} is not part of an application"]
    if "availability" in data:
        cleaned["availability"] = _clean_availability(data["availability"], problems)
    if "dayRate" in data:
        cleaned["day_rate"] = _clean_day_rate(data["dayRate"], opportunity, application.supplier, problems)
    if "essentialRequirementsMet" in data:
        cleaned["essential_requirements_met"] = _clean_essentials_met(data["essentialRequirementsMet"], problems)
    if ESSENTIALS in data:
        cleaned["essential_evidence"] = _clean_essential_evidence(data[ESSENTIALS], opportunity, problems)
    if NICE_TO_HAVES in data:
        cleaned["nice_to_have"] = _clean_nice_to_have(data[NICE_TO_HAVES], opportunity, problems)
    if "respondToEmailAddress" in data:
        cleaned["respond_to_email"] = _clean_respond_to(data["respondToEmailAddress"], problems)
    return cleaned


def application_problems(application):
    """Everything that stops the application being submitted, as {key: [messages]}; empty when nothing does.
    For the check-your-answers page, and the full check on submitting."""
    opportunity = application.opportunity
    problems = {}
    if application.availability is None:
        problems["availability"] = ["Enter your earliest start date"]
    elif application.availability < clock.today_in_london():
        problems["availability"] = ["Earliest start date must be today or in the future"]
    if opportunity.lot.slug == S:
        if application.day_rate is None:
            problems["dayRate"] = ["Enter your day rate"]
        else:
            _check_day_rate_cap(application.day_rate, opportunity, application.supplier, problems)
    if application.essential_requirements_met is None:
        problems["essentialRequirementsMet"] = ["Select yes if you have all the essential skills and experience"]
    elif application.essential_requirements_met is False:
        problems["essentialRequirementsMet"] = ["You cannot apply: you need all the essential skills and experience"]
    evidence = application.essential_evidence or []
    for n, requirement in enumerate(_requirements(opportunity, ESSENTIALS)):
        if n >= len(evidence) or not (evidence[n] or {}).get("evidence"):
            problems[f"{ESSENTIALS}.{n}.evidence"] = [f"Enter evidence for ‘{requirement}’"]
    answers = application.nice_to_have or []
    for n, requirement in enumerate(_requirements(opportunity, NICE_TO_HAVES)):
        item = (answers[n] or {}) if n < len(answers) else {}
        if item.get("yesNo") is None:
            problems[f"{NICE_TO_HAVES}.{n}.yesNo"] = [f"Select yes or no for ‘{requirement}’"]
        elif item["yesNo"] and not item.get("evidence"):
            problems[f"{NICE_TO_HAVES}.{n}.evidence"] = [f"Enter evidence for ‘{requirement}’"]
    if not application.respond_to_email:
        problems["respondToEmailAddress"] = ["Enter the email address the buyer should use to contact you"]
    return problems


# Applying ------------------------------------------------------------------------------------------------

@transaction.atomic
def start_application(opportunity, user):
    """The supplier's application for the requirement: a new draft, or the one it already has."""
    if not (acts_as(user, Role.SUPPLIER) and user.supplier_id):
        raise PermissionDenied("Only suppliers can apply for a requirement")
    _require_eligible(user, opportunity)
    _require_live(opportunity)
    now = clock.now()
    application, created = Application.objects.get_or_create(
        opportunity=opportunity, supplier_id=user.supplier_id,
        defaults={"created_by": user, "created_at": now, "updated_at": now})
    if created:
        record_event("application.started", actor=user, obj=application,
                     detail={"opportunity": opportunity.pk, "supplier": user.supplier_id})
    return application


@transaction.atomic
def save_application(application, data, user):
    """Save some answers. Each is checked against its own rule and a blank one clears it; if any has a problem
    nothing is saved. A submitted application stays complete: a change that would leave it unfit to submit is
    refused."""
    _require_own(user, application)
    _lock_application(application)
    opportunity = application.opportunity
    _require_live(opportunity)
    _require_eligible(user, opportunity)
    if not isinstance(data, dict):
        raise ValidationError({"__all__": ["Send the answers as an object keyed by question"]})
    problems = {}
    cleaned = _clean(data, application, problems)
    if problems:
        raise ValidationError(problems)
    if application.submitted_at is not None:
        changed = copy.copy(application)
        for field, value in cleaned.items():
            setattr(changed, field, value)
        still = application_problems(changed)
        if still:
            raise ValidationError(still)
    for field, value in cleaned.items():
        setattr(application, field, value)
    application.updated_at = clock.now()
    application.save()
    record_event("application.saved", actor=user, obj=application,
                 detail={"keys": sorted(data), "submitted": application.submitted_at is not None})
    return application


@transaction.atomic
def submit_application(application, user):
    """Send the application to the buyer, once every answer is complete. While applications are open it can be
    changed and sent again."""
    _require_own(user, application)
    _lock_application(application)
    opportunity = application.opportunity
    _require_live(opportunity)
    _require_eligible(user, opportunity)
    problems = application_problems(application)
    if problems:
        raise ValidationError(problems)
    first_time = application.submitted_at is None
    now = clock.now()
    application.submitted_at = now
    application.updated_at = now
    application.save(update_fields=["submitted_at", "updated_at"])
    record_event("application.submitted", actor=user, obj=application, detail={"first_time": first_time})
    if first_time:
        queue_email(to=user.email, template="application_submitted.txt", purpose="application-submitted",
                    context={"title": opportunity.title, "organisation": opportunity.organisation.name,
                             "supplier": application.supplier.name,
                             "closing_at": london_time(opportunity.closing_at, weekday=True),
                             "link": paths.application(opportunity)})
    return application


# Scoring -------------------------------------------------------------------------------------------------

def _clean_score(value, name, problems, key):
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if _blank(value):
        problems[key] = [f"Enter a score for {name.lower()}"]
    elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCORE_MAX:
        problems[key] = [f"{name} score must be a whole number from 0 to {SCORE_MAX}"]
    return value


@transaction.atomic
def save_score(application, user, technical, cultural, price):
    """The buyer's marks (0 to 100) for a shortlisted application, after closing; scoring again replaces them."""
    opportunity = application.opportunity
    _require_manager(user, opportunity)
    if status_of(opportunity) in (Status.DRAFT, Status.LIVE, Status.WITHDRAWN):
        raise StateConflict("You can score applications once applications have closed")
    _lock_application(application)
    if application.submitted_at is None or application.essential_requirements_met is not True:
        raise StateConflict("Only shortlisted applications can be scored")
    problems = {}
    marks = {"technical": _clean_score(technical, "Technical competence", problems, "technical"),
             "cultural": _clean_score(cultural, "Cultural fit", problems, "cultural"),
             "price": _clean_score(price, "Price", problems, "price")}
    if problems:
        raise ValidationError(problems)
    score, _ = Score.objects.update_or_create(application=application,
                                              defaults={**marks, "scored_by": user, "scored_at": clock.now()})
    record_event("application.scored", actor=user, obj=application, detail=marks)
    return score


# Recording the outcome -----------------------------------------------------------------------------------

def contract_value(value):
    """The contract value as pounds and pence, or None when it is not an amount."""
    return parse_money(value)


def contract_problems(value, start_date):
    """What is wrong with an award's contract value and start date, as {key: [messages]}."""
    problems = {}
    if _blank(value):
        problems["contractValue"] = ["Enter the contract value"]
    else:
        amount = contract_value(value)
        if amount is None:
            problems["contractValue"] = ["Contract value must be an amount in pounds and pence, like 25000 or "
                                         "25000.50"]
        elif amount <= 0:
            problems["contractValue"] = ["Contract value must be more than £0"]
        elif amount > MAX_CONTRACT_VALUE:
            problems["contractValue"] = [f"Contract value must be {money(MAX_CONTRACT_VALUE)} or less"]
    if _contract_start(start_date) is None:
        problems["contractStartDate"] = (["Enter the contract start date"] if _blank(start_date)
                                         else ["Contract start date must be a real date"])
    return problems


def _contract_start(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def reason_problems(reason):
    """What is wrong with the reason for cancelling or for finding no suitable supplier."""
    if _blank(reason):
        return {"reason": ["Enter the reason"]}
    if not isinstance(reason, str):
        return {"reason": ["The reason must be text"]}
    if too_long(reason, REASON_MAX_WORDS):
        return {"reason": [f"The reason {too_long(reason, REASON_MAX_WORDS)}"]}
    return {}


def _supplier_people(supplier_ids):
    """Everyone who signs in for these suppliers, each once."""
    return list(User.objects.active().filter(role=Role.SUPPLIER, supplier_id__in=set(supplier_ids))
                .select_related("supplier").order_by("supplier_id", "email"))


def _tell_applicants(opportunity, template, purpose, context, applications=None, winner=None):
    """Email everyone at each supplier that applied (submitted); the winner gets `winner`'s template."""
    if applications is None:
        applications = opportunity.applications.filter(submitted_at__isnull=False)
    base = {"title": opportunity.title, "organisation": opportunity.organisation.name,
            "link": paths.public(opportunity), **context}
    for person in _supplier_people(a.supplier_id for a in applications):
        won = winner is not None and person.supplier_id == winner.supplier_id
        queue_email(to=person.email, template="outcome_awarded.txt" if won else template,
                    purpose="outcome-awarded" if won else purpose,
                    context={**base, "supplier": person.supplier.name})


@transaction.atomic
def award(opportunity, user, application, contract_value, contract_start_date):
    """Closed to awarded: the winner, the contract value and start date. Only one application of a requirement can
    ever be awarded: the requirement is locked while awarding, and the database refuses a second award anyway."""
    _require_manager(user, opportunity)
    _lock_opportunity(opportunity)
    _require_closed(opportunity, "award it")
    problems = contract_problems(contract_value, contract_start_date)
    if (application is None or application.opportunity_id != opportunity.pk
            or not opportunity.applications.filter(pk=application.pk, submitted_at__isnull=False).exists()):
        problems["applicationId"] = ["Select a supplier that applied for this requirement"]
    if problems:
        raise ValidationError(problems)
    value, start = parse_money(contract_value), _contract_start(contract_start_date)
    now = clock.now()
    try:
        with transaction.atomic():
            Application.objects.filter(pk=application.pk).update(awarded_at=now, contract_value=value,
                                                                 contract_start_date=start)
    except IntegrityError:
        raise StateConflict("This requirement has already been awarded") from None
    application.refresh_from_db()
    opportunity.awarded_at = now
    opportunity.updated_at = now
    opportunity.save(update_fields=["awarded_at", "updated_at"])
    record_event("opportunity.awarded", actor=user, obj=opportunity,
                 detail={"application": application.pk, "supplier": application.supplier_id,
                         "contract_value": str(value), "contract_start_date": start.isoformat()})
    _tell_applicants(opportunity, "outcome_not_awarded.txt", "outcome-not-awarded", winner=application,
                     context={"winner": application.supplier.name, "contract_value": money(value),
                              "contract_start_date": london_date(start)})
    from marketplace.opendata.ocds import record_release  # open data builds on applications

    record_release(opportunity, "awarded")
    reindex_opportunity(opportunity)
    return application


def _end(opportunity, user, reason, *, at_field, reason_field, action, template, purpose, doing, kind):
    _require_manager(user, opportunity)
    _lock_opportunity(opportunity)
    _require_closed(opportunity, doing)
    problems = reason_problems(reason)
    if problems:
        raise ValidationError(problems)
    reason = reason.strip()
    now = clock.now()
    setattr(opportunity, at_field, now)
    setattr(opportunity, reason_field, reason)
    opportunity.updated_at = now
    opportunity.save(update_fields=[at_field, reason_field, "updated_at"])
    record_event(action, actor=user, obj=opportunity, detail={"reason": reason})
    _tell_applicants(opportunity, template, purpose, context={"reason": reason})
    from marketplace.opendata.ocds import record_release  # open data builds on applications

    record_release(opportunity, kind)
    reindex_opportunity(opportunity)
    return opportunity


@transaction.atomic
def cancel(opportunity, user, reason):
    """Closed to cancelled: the work is no longer needed."""
    return _end(opportunity, user, reason, at_field="cancelled_at", reason_field="cancellation_reason",
                action="opportunity.cancelled", template="outcome_cancelled.txt", purpose="outcome-cancelled",
                doing="cancel it", kind="cancelled")


@transaction.atomic
def mark_unsuccessful(opportunity, user, reason):
    """Closed to unsuccessful: no supplier that applied was suitable."""
    return _end(opportunity, user, reason, at_field="unsuccessful_at", reason_field="unsuccessful_reason",
                action="opportunity.marked_unsuccessful", template="outcome_unsuccessful.txt",
                purpose="outcome-unsuccessful", doing="record that no supplier was suitable",
                kind="unsuccessful")


@transaction.atomic
def correct_outcome(opportunity, admin_user, reason):
    """Support only: take back an award, or a 'no suitable suppliers', so the requirement is closed again and
    its buyers can record the right outcome."""
    if not acts_as(admin_user, Role.ADMIN):
        raise PermissionDenied("Only platform admins can correct an outcome")
    _lock_opportunity(opportunity)
    status = status_of(opportunity)
    if status not in (Status.AWARDED, Status.UNSUCCESSFUL):
        raise StateConflict("Only an awarded requirement, or one with no suitable suppliers, can be corrected")
    problems = reason_problems(reason)
    if problems:
        raise ValidationError(problems)
    detail = {"from": str(status), "reason": reason.strip()}
    if status == Status.AWARDED:
        winner = opportunity.applications.filter(awarded_at__isnull=False).first()
        if winner is not None:
            detail.update(application=winner.pk, supplier=winner.supplier_id,
                          contract_value=str(winner.contract_value),
                          contract_start_date=winner.contract_start_date.isoformat())
            Application.objects.filter(pk=winner.pk).update(awarded_at=None, contract_value=None,
                                                            contract_start_date=None)
        opportunity.awarded_at = None
    else:
        detail["was_reason"] = opportunity.unsuccessful_reason
        opportunity.unsuccessful_at = None
        opportunity.unsuccessful_reason = ""
    opportunity.updated_at = clock.now()
    opportunity.save(update_fields=["awarded_at", "unsuccessful_at", "unsuccessful_reason", "updated_at"])
    record_event("opportunity.outcome_corrected", actor=admin_user, obj=opportunity, detail=detail)
    from marketplace.opendata.ocds import record_release  # open data builds on applications

    record_release(opportunity, "corrected")
    reindex_opportunity(opportunity)
    return opportunity


def notify_withdrawn(opportunity):
    """Tell every supplier with an application, sent or not, that the requirement was withdrawn. Called by
    `withdraw_opportunity` inside its transaction."""
    _tell_applicants(opportunity, "outcome_withdrawn.txt", "outcome-withdrawn", context={},
                     applications=list(opportunity.applications.all()))
