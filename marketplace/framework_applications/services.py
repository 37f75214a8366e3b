"""A supplier's way onto a framework: the application while the framework is open, its evaluation on pending,
the results on standstill, and the agreement the supplier signs and the platform countersigns.

Every change goes through one function here, whatever asks for it (the pages, the API, the back office, the
command line); each checks who is acting and the framework's status, writes the change and its audit event in one
transaction, and writes nothing when it refuses. The lots applied for are the supplier's lot services on the
framework (suppliers.services, with `framework=`), so what a supplier describes while applying is what it offers
once it is on the framework.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import capfirst

from marketplace import clock
from marketplace.accounts.models import Role, User
from marketplace.audit.services import record_event
from marketplace.formatting import london_time
from marketplace.frameworks.models import Framework
from marketplace.notifications.services import queue_email
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.models import LotService, ResearchStudio, SpecialistOffer
from marketplace.text import is_blank, unstorable

from . import declaration
from .models import FrameworkApplication, FrameworkQuestion

Status = Framework.Status
# How long before applications close an unsubmitted application's supplier is reminded.
REMINDER_BEFORE_CLOSE = dt.timedelta(days=7)
SIGNER_MAX_LENGTH = 200
QUESTION_MAX_LENGTH = 5000


# Who may act, and when ------------------------------------------------------------------------------------

def _check_own_supplier(supplier, by):
    if not (by is not None and by.is_authenticated and by.is_supplier and by.supplier_id == supplier.pk):
        raise PermissionDenied("Only the supplier's own users can work on its framework application.")


def _check_platform_admin(by):
    if not (by is not None and getattr(by, "is_authenticated", False) and by.is_platform_admin):
        raise PermissionDenied("Only a platform admin can do this.")


def accepting_applications(framework, now=None):
    """Open, and applications have not closed (a framework that is still marked open after its closing moment
    takes no more changes)."""
    now = now or clock.now()
    return framework.status == Status.OPEN and framework.applications_close_at is not None \
        and now < framework.applications_close_at


def _check_accepting(framework):
    if framework.status == Status.COMING:
        raise ValidationError({"framework": [f"{framework.name} is not open for applications yet"]})
    if not accepting_applications(framework):
        raise ValidationError({"framework": [f"Applications to {framework.name} have closed"]})


def _locked(supplier, framework):
    """The supplier's application, locked until the transaction ends, made when there is none."""
    suppliers._locked_row(supplier)
    application = FrameworkApplication.objects.select_for_update().filter(supplier=supplier,
                                                                          framework=framework).first()
    if application is None:
        now = clock.now()
        application = FrameworkApplication.objects.create(supplier=supplier, framework=framework, created_at=now,
                                                          updated_at=now)
    return application


# Reading ----------------------------------------------------------------------------------------------------

def application_of(supplier, framework):
    return FrameworkApplication.objects.filter(supplier=supplier, framework=framework).first()


def results_published(framework):
    return Framework.Status.values.index(framework.status) >= Framework.Status.values.index(Status.STANDSTILL)


def application_status(application, framework):
    """The API's status: not-started, in-progress, submitted, passed, failed, agreement-signed, on-framework.
    A result is only told once it is published (standstill)."""
    if application is None:
        return "not-started"
    if application.countersigned_at:
        return "on-framework"
    if application.signed_at:
        return "agreement-signed"
    if application.submitted_at is None:
        return "in-progress"
    if application.result and results_published(framework):
        return "passed" if application.result == FrameworkApplication.Result.PASS else "failed"
    return "submitted"


def open_frameworks(now=None):
    """The frameworks taking applications now, newest first."""
    now = now or clock.now()
    return list(Framework.objects.filter(status=Status.OPEN, applications_close_at__gt=now).order_by("-generation"))


def applications_of_supplier(supplier):
    """The supplier's applications, newest framework first."""
    return list(FrameworkApplication.objects.filter(supplier=supplier).select_related("framework")
                .order_by("-framework__generation"))


def back_office_status(application):
    """The status a platform admin reads: the API's, but with the evaluation's result before it is published."""
    if application.awaiting_decision:
        return "Waiting for a decision"
    status = application_status(application, application.framework)
    if status == "submitted" and application.result:
        return f"Evaluated: {application.get_result_display().lower()} (not published yet)"
    return capfirst(status.replace("-", " "))


def applied_lots(supplier, framework):
    """Slugs of the lots the supplier has described a service on, in the lots' order."""
    return list(LotService.objects.filter(supplier=supplier, framework=framework).order_by("lot__ordering")
                .values_list("lot__slug", flat=True))


def missing(supplier, framework, application=None):
    """What must be done before the application can be submitted: [{"section", "message"}], empty when none.
    `section` is "company-details", a declaration section's slug, or "lots"."""
    answers = application.declaration if application else {}
    problems = []
    if not supplier.identity_locked:
        problems.append({"section": "company-details", "message": "Confirm your company details"})
    for section in declaration.SECTIONS:
        left = declaration.unanswered(answers, section.slug)
        if left:
            problems.append({"section": section.slug,
                             "message": f"Answer every question in {section.name.lower()} ({len(left)} left)"})
    if not applied_lots(supplier, framework):
        problems.append({"section": "lots", "message": "Choose at least one lot and describe your service on it"})
    return problems


def previous_framework(supplier, framework):
    """The newest earlier framework on which the supplier described services, or None."""
    earlier = LotService.objects.filter(supplier=supplier, framework__generation__lt=framework.generation) \
        .order_by("-framework__generation").values_list("framework_id", flat=True).first()
    return Framework.objects.filter(pk=earlier).first() if earlier else None


# The application ---------------------------------------------------------------------------------------------

def _touch(application, fields):
    application.updated_at = clock.now()
    application.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def start_application(supplier, framework, by, ip_address=None):
    """Start (or return) the supplier's application to the open framework."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    existed = application_of(supplier, framework)
    application = _locked(supplier, framework)
    if existed is None:
        record_event("framework_application.started", actor=by, obj=application, ip_address=ip_address,
                     detail={"framework": framework.slug})
    return application


@transaction.atomic
def save_declaration(supplier, framework, answers, by, ip_address=None):
    """Save some declaration answers, each checked against its own question; None clears one. Once submitted, the
    application must stay complete: a change that leaves a question unanswered is refused."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    cleaned, problems = declaration.clean_answers(answers)
    if problems:
        raise ValidationError(problems)
    application = _locked(supplier, framework)
    after = declaration.merged(application.declaration, cleaned)
    if application.submitted_at:
        left = {question.key: [f"You have submitted your application: answer this question ({question.label})"]
                for question in declaration.unanswered(after)}
        if left:
            raise ValidationError(left)
    changed = sorted(key for key in set(after) | set(application.declaration)
                     if after.get(key) != application.declaration.get(key))
    if changed:
        application.declaration = after
        _touch(application, ["declaration"])
        record_event("framework_application.declaration_saved", actor=by, obj=application, ip_address=ip_address,
                     detail={"framework": framework.slug, "changed": changed})
    return application


@transaction.atomic
def save_service(supplier, framework, lot_slug, payload, by, ip_address=None):
    """Describe the supplier's service on a lot of the open framework (which applies for that lot)."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    _locked(supplier, framework)
    return suppliers.update_lot_service(supplier, lot_slug, payload, by, ip_address, framework=framework)


@transaction.atomic
def remove_service(supplier, framework, lot_slug, by, ip_address=None):
    """Stop applying for a lot; a submitted application keeps at least one lot."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    application = _locked(supplier, framework)
    _check_keeps_a_lot(application, supplier, framework, lot_slug)
    return suppliers.remove_lot_service(supplier, lot_slug, by, ip_address, framework=framework)


def _check_keeps_a_lot(application, supplier, framework, lot_slug):
    if application.submitted_at and applied_lots(supplier, framework) == [lot_slug]:
        raise ValidationError({"lot": ["You have submitted your application: it needs at least one lot. Add "
                                       "another lot before you remove this one"]})


@transaction.atomic
def save_studio(supplier, framework, data, by, studio=None, ip_address=None):
    """Add or change one studio of the supplier's user research studios on the open framework."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    _locked(supplier, framework)
    return suppliers.save_studio(supplier, data, by, studio=studio, ip_address=ip_address, framework=framework)


@transaction.atomic
def remove_studio(supplier, framework, studio, by, ip_address=None):
    """Remove one studio; removing the last one stops applying for the lot, which a submitted application may
    only do while it keeps another lot."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    application = _locked(supplier, framework)
    if not studio.service.studios.exclude(pk=studio.pk).exists():
        _check_keeps_a_lot(application, supplier, framework, suppliers.STUDIOS)
    suppliers.remove_studio(supplier, studio, by, ip_address, framework=framework)


def _copy_service(service, framework):
    copy = LotService.objects.create(supplier=service.supplier, framework=framework, lot=service.lot,
                                     locations=list(service.locations), capabilities=dict(service.capabilities),
                                     recruitment_methods=list(service.recruitment_methods))
    SpecialistOffer.objects.bulk_create(
        SpecialistOffer(service=copy, role_id=offer.role_id, locations=list(offer.locations),
                        max_day_rate=offer.max_day_rate) for offer in service.specialist_offers.all())
    ResearchStudio.objects.bulk_create(
        ResearchStudio(service=copy, name=studio.name, address=studio.address, location=studio.location,
                       facilities=studio.facilities, price=studio.price, price_unit=studio.price_unit)
        for studio in service.studios.all())
    return copy


@transaction.atomic
def copy_services(supplier, framework, by, ip_address=None):
    """Copy the supplier's services from its previous framework onto the lots of this one it has not described
    yet (a lot already described here is left as the supplier wrote it). Returns (copied lot slugs, skipped lot
    slugs). Nothing changes on the previous framework."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    source = previous_framework(supplier, framework)
    if source is None:
        raise ValidationError({"framework": ["You have no services on an earlier framework to copy"]})
    application = _locked(supplier, framework)
    lots = set(framework.lots.values_list("pk", flat=True))
    here = set(LotService.objects.filter(supplier=supplier, framework=framework).values_list("lot_id", flat=True))
    copied, skipped = [], []
    for service in LotService.objects.filter(supplier=supplier, framework=source, lot__in=lots) \
            .select_related("lot").order_by("lot__ordering"):
        if service.lot_id in here:
            skipped.append(service.lot.slug)
            continue
        _copy_service(service, framework)
        copied.append(service.lot.slug)
    if copied:
        _touch(application, [])
        record_event("framework_application.services_copied", actor=by, obj=application, ip_address=ip_address,
                     detail={"framework": framework.slug, "from": source.slug, "lots": copied, "skipped": skipped})
    return copied, skipped


def _supplier_people(supplier):
    return User.objects.active().filter(role=Role.SUPPLIER, supplier=supplier).order_by("pk")


@transaction.atomic
def submit_application(supplier, framework, by, ip_address=None):
    """Submit after full validation; the supplier can still change it until applications close."""
    _check_own_supplier(supplier, by)
    _check_accepting(framework)
    application = _locked(supplier, framework)
    problems = missing(supplier, framework, application)
    if problems:
        raise ValidationError({problem["section"]: [problem["message"]] for problem in problems})
    if application.submitted_at:
        return application
    application.submitted_at = clock.now()
    _touch(application, ["submitted_at"])
    record_event("framework_application.submitted", actor=by, obj=application, ip_address=ip_address,
                 detail={"framework": framework.slug, "lots": applied_lots(supplier, framework)})
    for person in _supplier_people(supplier):
        queue_email(to=person.email, template="framework_application_submitted.txt",
                    purpose="framework-application-submitted",
                    dedupe_key=f"framework-application-submitted:{application.pk}:{person.pk}",
                    context={"supplier": supplier.name, "framework": framework.name,
                             "closes_at": london_time(framework.applications_close_at, weekday=True),
                             "link": f"/suppliers/frameworks/{framework.slug}"})
    return application


# Evaluation (pending) and results (standstill) -----------------------------------------------------------------

def _findings(found):
    return [{"key": finding.key, "reason": finding.reason} for finding in found]


def evaluate_applications(framework, by=None):
    """Evaluate every submitted application against the declaration's rules: a failing answer fails it with its
    reason; otherwise a discretionary answer leaves it for an admin; otherwise it passes. Called by the move to
    pending, in its transaction. Returns how many applications were evaluated."""
    now = clock.now()
    evaluated = 0
    for application in FrameworkApplication.objects.select_for_update().filter(
            framework=framework, submitted_at__isnull=False, evaluated_at__isnull=True):
        failures, decisions = declaration.evaluate(application.declaration)
        application.failures = _findings(failures)
        application.decisions = [] if failures else _findings(decisions)
        application.result = (FrameworkApplication.Result.FAIL if failures
                              else "" if decisions else FrameworkApplication.Result.PASS)
        application.evaluated_at = now
        application.save(update_fields=["failures", "decisions", "result", "evaluated_at"])
        record_event("framework_application.evaluated", actor=by, obj=application,
                     detail={"framework": framework.slug, "result": application.result or "awaiting-decision",
                             "failures": application.failures, "decisions": application.decisions})
        evaluated += 1
    return evaluated


def awaiting_decisions(framework):
    return FrameworkApplication.objects.filter(framework=framework, evaluated_at__isnull=False, result="")


@transaction.atomic
def decide(application, passed, note, by, ip_address=None):
    """A platform admin passes or fails an application's discretionary answers, with a reason the supplier is
    told if it fails."""
    _check_platform_admin(by)
    application = FrameworkApplication.objects.select_for_update().select_related("framework").get(pk=application.pk)
    if application.framework.status != Status.PENDING or not application.awaiting_decision:
        raise ValidationError({"result": ["This application is not waiting for a decision"]})
    if not isinstance(passed, bool):
        raise ValidationError({"passed": ["Choose whether the application passes or fails"]})
    text = note.strip() if isinstance(note, str) else ""
    if is_blank(text):
        raise ValidationError({"note": ["Enter the reason for the decision"]})
    if unstorable(text):
        raise ValidationError({"note": [f"Remove {unstorable(text)} from the reason"]})
    now = clock.now()
    application.decisions = [{**finding, "passed": passed, "note": text, "by": by.email, "at": now.isoformat()}
                             for finding in application.decisions]
    application.result = FrameworkApplication.Result.PASS if passed else FrameworkApplication.Result.FAIL
    if not passed:
        application.failures = [{"key": finding["key"], "reason": f"{finding['reason']}: {text}"}
                                for finding in application.decisions]
    application.save(update_fields=["decisions", "result", "failures"])
    record_event("framework_application.decided", actor=by, obj=application, ip_address=ip_address,
                 detail={"framework": application.framework.slug, "passed": passed, "note": text})
    return application


def check_results_can_be_published(framework):
    """The move to standstill publishes results: every evaluated application needs one, and passing suppliers
    need the agreement to sign."""
    waiting = awaiting_decisions(framework).count()
    if waiting:
        raise ValidationError({"status": [f"{framework.name} cannot move to standstill: {waiting} "
                                          f"application{'s' if waiting != 1 else ''} still wait for a decision on "
                                          "discretionary answers"]})
    if not framework.agreement_text.strip():
        raise ValidationError({"agreement_text": [f"{framework.name} cannot move to standstill without its "
                                                  "framework agreement: passing suppliers sign it in standstill"]})


def publish_results(framework):
    """Email every evaluated supplier its result (once), on the move to standstill."""
    now = clock.now()
    for application in FrameworkApplication.objects.select_for_update().filter(
            framework=framework, evaluated_at__isnull=False, result_sent_at__isnull=True).select_related("supplier"):
        passed = application.result == FrameworkApplication.Result.PASS
        for person in _supplier_people(application.supplier):
            queue_email(to=person.email, template="framework_application_result.txt",
                        purpose="framework-application-result",
                        dedupe_key=f"framework-application-result:{application.pk}:{person.pk}",
                        context={"supplier": application.supplier.name, "framework": framework.name,
                                 "passed": passed, "reasons": [failure["reason"] for failure in application.failures],
                                 "link": f"/suppliers/frameworks/{framework.slug}"})
        application.result_sent_at = now
        application.save(update_fields=["result_sent_at"])


def _counted(count, one, many):
    return f"{count} {one if count == 1 else many}"


def move_summary(framework):
    """One line on what the framework's latest move did to its applications, or "" when it did nothing to them:
    the command line prints it, and the back office shows it beside the move."""
    if framework.status == Status.PENDING:
        evaluated = FrameworkApplication.objects.filter(framework=framework, evaluated_at__isnull=False).count()
        waiting = awaiting_decisions(framework).count()
        return (f"{_counted(evaluated, 'application', 'applications')} evaluated; "
                f"{_counted(waiting, 'waits', 'wait')} for a decision on discretionary answers.")
    if framework.status == Status.STANDSTILL:
        sent = FrameworkApplication.objects.filter(framework=framework, result_sent_at__isnull=False).count()
        return f"{_counted(sent, 'result', 'results')} sent."
    return ""


def on_framework_moved(framework, status, by=None):
    """What a framework's move does to its applications (called by frameworks.services.move_framework)."""
    if status == Status.PENDING:
        evaluate_applications(framework, by)
    elif status == Status.STANDSTILL:
        publish_results(framework)


# Texts a person gives -------------------------------------------------------------------------------------------

def _required_text(value, key, what, max_length):
    """A text a supplier or an admin must give, stripped; a clear message for what is not text, blank, too long or
    cannot be stored. Shared by the agreement's signer and the framework's questions and answers."""
    if value is not None and not isinstance(value, str):
        raise ValidationError({key: [f"{capfirst(what)} must be text"]})
    text = (value or "").strip()
    if is_blank(text):
        raise ValidationError({key: [f"Enter {what}"]})
    if len(text) > max_length:
        raise ValidationError({key: [f"{capfirst(what)} must be {max_length:,} characters or fewer"]})
    if unstorable(text):
        raise ValidationError({key: [f"Remove {unstorable(text)} from {what}"]})
    return text


# The agreement --------------------------------------------------------------------------------------------------

@transaction.atomic
def sign_agreement(supplier, framework, signer_name, signer_role, accept, by, ip_address=None):
    """A passing supplier signs the framework agreement, in standstill or once live; the text it signed is kept."""
    _check_own_supplier(supplier, by)
    problems = {}
    for key, value, what in (("signerName", signer_name, "the full name of the person signing"),
                             ("signerRole", signer_role, "the role of the person signing")):
        try:
            _required_text(value, key, what, SIGNER_MAX_LENGTH)
        except ValidationError as error:
            problems.update(error.message_dict)
    if accept is not True:
        problems["accept"] = ["Confirm that you have read and accept the framework agreement"]
    if problems:
        raise ValidationError(problems)
    if framework.status not in (Status.STANDSTILL, Status.LIVE):
        raise ValidationError({"framework": [f"The agreement for {framework.name} cannot be signed now"]})
    application = FrameworkApplication.objects.select_for_update().filter(supplier=supplier,
                                                                          framework=framework).first()
    if application is None or application.result != FrameworkApplication.Result.PASS:
        raise ValidationError({"framework": [f"Only a supplier that passed can sign the agreement for "
                                             f"{framework.name}"]})
    if application.signed_at:
        raise ValidationError({"framework": [f"You signed the agreement for {framework.name} on "
                                             f"{london_time(application.signed_at)}"]})
    application.signer_name = signer_name.strip()
    application.signer_role = signer_role.strip()
    application.signed_agreement_text = framework.agreement_text
    application.signed_at = clock.now()
    application.signed_by = by
    _touch(application, ["signer_name", "signer_role", "signed_agreement_text", "signed_at", "signed_by"])
    record_event("framework_application.agreement_signed", actor=by, obj=application, ip_address=ip_address,
                 detail={"framework": framework.slug, "signerName": application.signer_name,
                         "signerRole": application.signer_role})
    return application


@transaction.atomic
def countersign(applications, by, ip_address=None):
    """The platform countersigns signed agreements (any number at once): each supplier is then on the framework,
    with the lots it applied for. Returns how many were countersigned; refuses the lot if any cannot be."""
    _check_platform_admin(by)
    rows = list(FrameworkApplication.objects.select_for_update().select_related("framework", "supplier")
                .filter(pk__in=[application.pk for application in applications]).order_by("pk"))
    refused = [row for row in rows if not row.signed_at or row.countersigned_at
               or row.framework.status not in (Status.STANDSTILL, Status.LIVE)]
    if refused:
        names = ", ".join(str(row) for row in refused)
        raise ValidationError({"applications": [f"Only a signed agreement not yet countersigned, on a framework in "
                                                f"standstill or live, can be countersigned: {names}"]})
    now = clock.now()
    for row in rows:
        row.countersigned_at = now
        row.countersigned_by = by
        row.save(update_fields=["countersigned_at", "countersigned_by"])
        record_event("framework_application.countersigned", actor=by, obj=row, ip_address=ip_address,
                     detail={"framework": row.framework.slug})
        suppliers.add_to_framework(row.supplier, row.framework, by=by)
    return len(rows)


# Scheduled: the reminder a week before applications close ----------------------------------------------------

def remind_unsubmitted(now=None):
    """A week before applications close, remind each supplier whose application is started but not submitted
    (once). Returns how many applications were reminded."""
    now = now or clock.now()
    reminded = 0
    for framework in Framework.objects.filter(status=Status.OPEN, applications_close_at__gt=now,
                                              applications_close_at__lte=now + REMINDER_BEFORE_CLOSE):
        with transaction.atomic():
            for application in FrameworkApplication.objects.select_for_update().filter(
                    framework=framework, submitted_at__isnull=True, reminder_sent_at__isnull=True) \
                    .select_related("supplier"):
                for person in _supplier_people(application.supplier):
                    queue_email(to=person.email, template="framework_application_reminder.txt",
                                purpose="framework-application-reminder",
                                dedupe_key=f"framework-application-reminder:{application.pk}:{person.pk}",
                                context={"supplier": application.supplier.name, "framework": framework.name,
                                         "closes_at": london_time(framework.applications_close_at, weekday=True),
                                         "missing": [problem["message"] for problem in
                                                     missing(application.supplier, framework, application)],
                                         "link": f"/suppliers/frameworks/{framework.slug}"})
                application.reminder_sent_at = now
                application.save(update_fields=["reminder_sent_at"])
                reminded += 1
    return reminded


# Clarification questions about the framework -------------------------------------------------------------------

def clarifications_open(framework, now=None):
    """Suppliers may ask about the framework while it is open, until clarification questions close."""
    now = now or clock.now()
    return framework.status == Status.OPEN and framework.clarifications_close_at is not None \
        and now < framework.clarifications_close_at


@transaction.atomic
def ask_question(supplier, framework, text, by, ip_address=None):
    """A supplier asks the platform about the framework, while it is open and clarification questions are."""
    _check_own_supplier(supplier, by)
    question = _required_text(text, "question", "your question", QUESTION_MAX_LENGTH)
    if not clarifications_open(framework):
        raise ValidationError({"question": [f"Clarification questions about {framework.name} are closed"]})
    asked = FrameworkQuestion.objects.create(framework=framework, supplier=supplier, asked_by=by, question=question,
                                             asked_at=clock.now())
    record_event("framework_question.asked", actor=by, obj=asked, ip_address=ip_address,
                 detail={"framework": framework.slug})
    return asked


@transaction.atomic
def answer_question(question, answer, by, ip_address=None):
    """A platform admin answers a clarification question; the question and answer are published on the framework's
    page (never who asked)."""
    _check_platform_admin(by)
    text = _required_text(answer, "answer", "the answer", QUESTION_MAX_LENGTH)
    question = FrameworkQuestion.objects.select_for_update().get(pk=question.pk)
    before = question.answer
    question.answer = text
    question.answered_at = question.answered_at or clock.now()
    question.answered_by = by
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    record_event("framework_question.answered", actor=by, obj=question, ip_address=ip_address,
                 detail={"framework": question.framework.slug, "changed": bool(before)})
    return question


def published_questions(framework):
    return FrameworkQuestion.objects.filter(framework=framework, answered_at__isnull=False).order_by("answered_at")
