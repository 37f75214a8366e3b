"""A framework's life: which status may follow which, what each move needs, and the timetable's order.

Every move goes through `move_framework`, whatever asks for it (the back office, `marketplace framework status`),
so each rule is written once here; what a move does to the suppliers' applications (evaluation on pending,
results on standstill) is in framework_applications.services. Moves only go forward, one status at a time: a supplier's application is
evaluated on pending and its result published on standstill, so no step may be skipped, and nothing goes back
once suppliers have been told or buyers have used the framework.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace import clock
from marketplace.audit.services import record_event
from marketplace.formatting import london_time
from marketplace.framework_applications import services as applications

from .models import Framework

Status = Framework.Status

# The order a framework goes through; each status may only be followed by the next.
LIFECYCLE = [Status.COMING, Status.OPEN, Status.PENDING, Status.STANDSTILL, Status.LIVE, Status.EXPIRED]

# The timetable (field, what it is called in messages), in the order the dates must come.
DATES = [
    ("clarifications_close_at", "Clarification questions close"),
    ("applications_close_at", "Applications close"),
    ("results_at", "Results"),
    ("live_at", "Live"),
    ("expires_at", "Expires"),
]
DATE_NAMES = dict(DATES)


def next_status(framework):
    """The one status the framework may move to now, or None once it has expired."""
    position = LIFECYCLE.index(framework.status)
    return LIFECYCLE[position + 1] if position + 1 < len(LIFECYCLE) else None


def timetable_problems(framework, *, complete):
    """{field: [message]} for dates out of order and, when `complete`, for dates missing."""
    problems = {}
    given = [(field, name, getattr(framework, field)) for field, name in DATES]
    if complete:
        for field, name, value in given:
            if value is None:
                problems[field] = [f"Enter the date and time: {name.lower()}"]
    present = [(field, name, value) for field, name, value in given if value is not None]
    for (_, earlier_name, earlier), (field, name, value) in zip(present, present[1:]):
        if value <= earlier:
            problems.setdefault(field, []).append(f"{name} must be after {earlier_name.lower()}")
    return problems


def has_agreement(framework):
    return bool(framework.agreement_text.strip())


def detail_problems(framework):
    """{field: [message]} for details the framework's status no longer allows to be missing or out of order
    (the back office checks an edit with this, so an open framework cannot lose its dates, nor a live one its
    agreement)."""
    after_coming = framework.status != Status.COMING
    problems = timetable_problems(framework, complete=after_coming)
    if framework.status in (Status.LIVE, Status.EXPIRED) and not has_agreement(framework):
        problems["agreement_text"] = [f"{framework.name} is {framework.get_status_display().lower()}: it needs "
                                      "its framework agreement"]
    return problems


def _refuse(field, message):
    raise ValidationError({field: [message]})


def _check_open(framework):
    problems = timetable_problems(framework, complete=True)
    if problems:
        raise ValidationError({field: [f"{framework.name} cannot open: {message[0].lower()}{message[1:]}"
                                       for message in messages] for field, messages in problems.items()})
    if framework.applications_close_at <= clock.now():
        _refuse("applications_close_at", f"{framework.name} cannot open: applications would close on "
                                         f"{london_time(framework.applications_close_at)}, which has passed")


def _check_live(framework):
    if not has_agreement(framework):
        _refuse("agreement_text", f"{framework.name} cannot go live without its framework agreement: add the "
                                  "agreement text first")


# What a move to each status needs, beyond coming from the status before it.
CHECKS = {Status.OPEN: _check_open, Status.STANDSTILL: applications.check_results_can_be_published,
          Status.LIVE: _check_live}


@transaction.atomic
def move_framework(framework, status, by=None, ip_address=None):
    """Move the framework to `status` if its rules allow, with its audit event; refused with a ValidationError
    that says why, changing nothing. `by` is the admin, or a label such as the command line's for the audit trail.
    The row is locked first, so two admins moving it at once cannot both succeed."""
    if status not in Status.values:
        _refuse("status", f"There is no framework status {status!r}: use one of {', '.join(Status.values)}")
    if not Framework.objects.select_for_update().filter(pk=framework.pk).values_list("pk", flat=True):
        _refuse("status", "This framework has been deleted")
    framework.refresh_from_db()
    before = framework.status
    wanted = Status(status)
    if wanted == before:
        _refuse("status", f"{framework.name} is already {wanted.label.lower()}")
    allowed = next_status(framework)
    if allowed is None:
        _refuse("status", f"{framework.name} has expired: an expired framework cannot change status")
    if LIFECYCLE.index(wanted) < LIFECYCLE.index(before):
        _refuse("status", f"{framework.name} cannot go back from {Status(before).label.lower()} to "
                          f"{wanted.label.lower()}")
    if wanted != allowed:
        _refuse("status", f"{framework.name} cannot skip a step: from {Status(before).label.lower()} it can "
                          f"only move to {Status(allowed).label.lower()}")
    check = CHECKS.get(wanted)
    if check:
        check(framework)
    framework.status = wanted
    framework.save(update_fields=["status"])
    record_event("framework.status_changed", actor=by, obj=framework, ip_address=ip_address,
                 detail={"from": before, "to": wanted.value})
    applications.on_framework_moved(framework, wanted, by if getattr(by, "pk", None) else None)
    return framework
