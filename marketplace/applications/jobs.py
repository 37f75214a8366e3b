"""Scheduled emails, worked out from the clock each time they run (every minute, by the worker).

Every email has a `dedupe_key` naming what it is about and who it is for, and the outbox refuses a second email
with the same key: running again, after a restart or on two workers at once, never sends anything twice. Each
kind of email is looked for over a catch-up window, so a worker that was stopped for a while still sends what
fell due meanwhile; emails are queued in key order so two workers never wait on each other in a circle.
"""

import datetime as dt
from collections import defaultdict

from marketplace import clock
from marketplace.accounts.models import Role, User
from marketplace.alerts.services import daily_digests, instant_alerts_caught_up
from marketplace.formatting import london_date, london_time
from marketplace.framework_applications.services import remind_unsubmitted
from marketplace.notifications.models import OutboundEmail
from marketplace.notifications.services import queue_email
from marketplace.opendata.ocds import ensure_closing_releases
from marketplace.opportunities.models import Clarification, Opportunity, Status, SupplierQuestion
from marketplace.opportunities.selectors import with_status
from marketplace.search.index import prune_live_entries

from . import paths
from .models import Application

CATCH_UP = dt.timedelta(days=7)
REMINDER_WEEKS = (4, 8)
DIGEST_CATCH_UP_DAYS = 3


def run_scheduled_jobs(now=None):
    """Publish the OCDS releases of requirements that closed, prune the catalogue's live entries that closed, and
    queue whatever email has fallen due by `now`; returns how many emails of each kind were queued."""
    now = now or clock.now()
    ensure_closing_releases(now)
    prune_live_entries(now)
    return {
        "applications_closed": _send_once(_applications_closed(now)),
        "outcome_reminders": _send_once(_outcome_reminders(now)),
        "answers_digest": _send_once(_answers_digest(now)),
        "alerts_digest": _send_once(daily_digests(now)),
        "alerts_instant_caught_up": instant_alerts_caught_up(now),
        "framework_application_reminders": remind_unsubmitted(now),
    }


def _send_once(emails):
    """Queue the emails not already in the outbox (looked up in one query), in key order."""
    emails = sorted(emails, key=lambda email: email["dedupe_key"])
    keys = [email["dedupe_key"] for email in emails]
    done = set(OutboundEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    queued = 0
    for email in emails:
        if email["dedupe_key"] not in done:
            queued += queue_email(**email) is not None
    return queued


def _buyers(organisation_ids):
    people = defaultdict(list)
    for buyer in User.objects.active().filter(role=Role.BUYER, organisation_id__in=organisation_ids).order_by("pk"):
        people[buyer.organisation_id].append(buyer)
    return people


def _submitted_counts(opportunities):
    counted = defaultdict(int)
    for opportunity_id in Application.objects.filter(opportunity__in=opportunities, submitted_at__isnull=False) \
            .values_list("opportunity_id", flat=True):
        counted[opportunity_id] += 1
    return counted


def _closed_between(start, end):
    """Published, not withdrawn, requirements whose applications closed in (start, end]."""
    return list(with_status(Opportunity.objects.filter(closing_at__gt=start, closing_at__lte=end,
                                                       published_at__isnull=False, withdrawn_at__isnull=True))
                .select_related("organisation"))


def _applications_closed(now):
    """Tell every buyer of the owning organisation that applications have closed, with the link to them."""
    closed = _closed_between(now - CATCH_UP, now)
    buyers = _buyers({o.organisation_id for o in closed})
    submitted = _submitted_counts(closed)
    for opportunity in closed:
        for buyer in buyers[opportunity.organisation_id]:
            yield {"to": buyer.email, "template": "application_closed.txt", "purpose": "applications-closed",
                   "dedupe_key": f"applications-closed:{opportunity.pk}:{buyer.pk}",
                   "context": {"title": opportunity.title,
                               "closed_at": london_time(opportunity.closing_at, weekday=True),
                               "submitted": submitted[opportunity.pk],
                               "link": paths.buyer_applications(opportunity)}}


def _outcome_reminders(now):
    """4 and 8 weeks after closing, remind the buyers to record an outcome, if they still have not."""
    for weeks in REMINDER_WEEKS:
        due = now - dt.timedelta(weeks=weeks)
        undecided = [o for o in _closed_between(due - CATCH_UP, due) if o.status == Status.CLOSED]
        buyers = _buyers({o.organisation_id for o in undecided})
        submitted = _submitted_counts(undecided)
        for opportunity in undecided:
            for buyer in buyers[opportunity.organisation_id]:
                yield {"to": buyer.email, "template": "application_outcome_reminder.txt",
                       "purpose": "outcome-reminder",
                       "dedupe_key": f"outcome-reminder-{weeks}w:{opportunity.pk}:{buyer.pk}",
                       "context": {"title": opportunity.title, "weeks": weeks,
                                   "closed_on": london_date(opportunity.closing_at, weekday=True),
                                   "submitted": submitted[opportunity.pk],
                                   "link": paths.buyer_outcome(opportunity)}}


def _london_midnight(day):
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.LONDON)


def _answers_digest(now):
    """Once a London day is over, one email to each person at a supplier that applied for, or asked about, a
    requirement whose buyers published answers that day, listing those requirements."""
    today = now.astimezone(clock.LONDON).date()
    for days_ago in range(DIGEST_CATCH_UP_DAYS, 0, -1):
        day = today - dt.timedelta(days=days_ago)
        yield from _digest_for(day)


def _digest_for(day):
    answers = defaultdict(int)
    for opportunity_id in Clarification.objects.filter(
            published_at__gte=_london_midnight(day), published_at__lt=_london_midnight(day + dt.timedelta(days=1)),
            opportunity__withdrawn_at__isnull=True).values_list("opportunity_id", flat=True):
        answers[opportunity_id] += 1
    if not answers:
        return
    opportunities = Opportunity.objects.select_related("organisation").in_bulk(list(answers))
    interested = defaultdict(set)  # supplier id -> requirement ids
    for model in (Application, SupplierQuestion):
        for supplier_id, opportunity_id in model.objects.filter(opportunity_id__in=list(answers)) \
                .values_list("supplier_id", "opportunity_id"):
            interested[supplier_id].add(opportunity_id)
    people = User.objects.active().filter(role=Role.SUPPLIER, supplier_id__in=list(interested)).order_by("pk")
    for person in people:
        listed = sorted((opportunities[pk] for pk in interested[person.supplier_id]),
                        key=lambda o: (o.closing_at, o.pk))
        yield {"to": person.email, "template": "application_answers_digest.txt", "purpose": "answers-digest",
               "dedupe_key": f"answers-digest:{day.isoformat()}:{person.pk}",
               "context": {"day": london_date(day, weekday=True),
                           "opportunities": [{"title": o.title, "organisation": o.organisation.name,
                                              "answers": answers[o.pk],
                                              "closing_at": london_time(o.closing_at, weekday=True),
                                              "link": paths.public(o)} for o in listed]}}
