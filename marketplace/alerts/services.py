"""Saving, changing and stopping alerts, and emailing what newly published opportunities they match.

Every email about an opportunity has a dedupe key naming its user, the opportunity and the frequency (a daily
digest: its alert and day, each opportunity in at most one of a user's digests of that day), so overlapping
alerts send one email, and a job run again after a failure or on two workers sends nothing twice.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from marketplace import clock
from marketplace.applications import paths
from marketplace.audit.services import record_event
from marketplace.formatting import count, london_date, london_time
from marketplace.frameworks.reference import OPPORTUNITY_LOCATIONS, REQUIREMENT_LOTS, SPECIALIST_ROLES
from marketplace.notifications.services import queue_email
from marketplace.text import is_blank

from . import selectors
from .models import Alert, AlertAnchor, Frequency, InstantAlertsSent

log = logging.getLogger(__name__)

NAME_MAX_LENGTH = 100
SEARCH_MAX_LENGTH = 500
SERVICES_ALERT_NAME = "Opportunities for your services"
DIGEST_TIME = dt.time(8, 0)
DIGEST_CATCH_UP_DAYS = 3
# A publication whose instant alerts were not sent this long after it (its task could not be queued, or failed) is
# caught up by the scheduled job, for up to a day.
INSTANT_GRACE = dt.timedelta(minutes=2)
INSTANT_CATCH_UP = dt.timedelta(days=1)
# (API and form field, Alert field, allowed values, what a value must be)
FILTERS = (("lot", "lots", REQUIREMENT_LOTS, "a lot that takes requirements"),
           ("location", "locations", OPPORTUNITY_LOCATIONS, "a location"),
           ("specialistRole", "roles", list(SPECIALIST_ROLES), "a specialist role"))


def check_alert(data, follows_services=False):
    """The alert's fields from `data` (the API's names: name, q, lot, location, specialistRole, frequency), or a
    ValidationError naming each bad one. A services alert keeps its search: only its name and frequency change."""
    errors = {}
    name = " ".join(str(data.get("name") or "").split())
    if is_blank(name):
        errors["name"] = ["Enter a name for the alert"]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [f"The name must be {NAME_MAX_LENGTH} characters or fewer"]
    frequency = data.get("frequency")
    if frequency not in Frequency.values:
        errors["frequency"] = ["Choose how often to get emails: instant or daily"]
    cleaned = {"name": name, "frequency": frequency}
    if not follows_services:
        q = " ".join(str(data.get("q") or "").split())
        if len(q) > SEARCH_MAX_LENGTH:
            errors["q"] = [f"The search words must be {SEARCH_MAX_LENGTH} characters or fewer "
                           f"(there are {count(len(q))})"]
        cleaned["q"] = q
        for key, field, allowed, what in FILTERS:
            values = data.get(key) or []
            values = [values] if isinstance(values, str) else list(values)
            unknown = [value for value in values if value not in allowed]
            if unknown:
                errors[key] = [f"{value} is not {what}" for value in unknown]
            cleaned[field] = [value for value in allowed if value in values]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _require_supplier(user):
    if not user.is_supplier:
        raise PermissionDenied("Only supplier users have alerts.")


def _require_owner(alert, user):
    if alert.user_id != user.pk:
        raise PermissionDenied("This is not your alert.")


def _audit_detail(alert):
    return {"name": alert.name, "frequency": alert.frequency, "follows_services": alert.follows_services,
            "q": alert.q, "lots": alert.lots, "locations": alert.locations, "roles": alert.roles}


def start_services_alert(user):
    """The alert every supplier user starts with: daily, so that a new user's first experience is one email a day
    rather than one per publication; the user can make it instant, rename it or stop it."""
    now = clock.now()
    alert = Alert.objects.create(user=user, name=SERVICES_ALERT_NAME, follows_services=True,
                                 frequency=Frequency.DAILY, created_at=now, updated_at=now)
    record_event("alert.created", actor=None, obj=alert, detail=_audit_detail(alert))
    return alert


def _anchor(alert):
    """Write the terms a search alert is found under, in the transaction that saves its search; a stopped alert
    is found under none."""
    AlertAnchor.objects.filter(alert=alert).delete()
    if alert.is_active and not alert.follows_services:
        AlertAnchor.objects.bulk_create(AlertAnchor(alert=alert, term=term) for term in selectors.anchors_of(alert))


@transaction.atomic
def create_alert(user, data, ip_address=None):
    _require_supplier(user)
    cleaned = check_alert(data)
    now = clock.now()
    alert = Alert.objects.create(user=user, created_at=now, updated_at=now, **cleaned)
    _anchor(alert)
    record_event("alert.created", actor=user, obj=alert, detail=_audit_detail(alert), ip_address=ip_address)
    return alert


@transaction.atomic
def update_alert(alert, data, by, ip_address=None):
    _require_owner(alert, by)
    cleaned = check_alert(data, follows_services=alert.follows_services)
    for field, value in cleaned.items():
        setattr(alert, field, value)
    alert.updated_at = clock.now()
    alert.save()
    _anchor(alert)
    record_event("alert.changed", actor=by, obj=alert, detail=_audit_detail(alert), ip_address=ip_address)
    return alert


@transaction.atomic
def stop_alert(alert, by=None, ip_address=None, via="alerts page"):
    """Stop one alert. `by` is None when the link in an email stopped it (whoever followed the link had the
    alert's secret, not a session)."""
    if by is not None:
        _require_owner(alert, by)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.stopped_at is not None:
        return alert
    alert.stopped_at = alert.updated_at = clock.now()
    alert.save(update_fields=["stopped_at", "updated_at"])
    _anchor(alert)
    record_event("alert.stopped", actor=by, obj=alert, detail={"via": via},
                 ip_address=ip_address)
    return alert


# Emails ----------------------------------------------------------------------------------------------------

def unsubscribe_path(alert):
    return f"/suppliers/alerts/{alert.pk}/unsubscribe/{alert.unsubscribe_token}"


def _unsubscribe_headers(alert):
    """RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the address."""
    return {"List-Unsubscribe": f"<{settings.BASE_URL}{unsubscribe_path(alert)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _listing(opportunity):
    """How an email lists the opportunity, whichever alert it is for."""
    return {"title": opportunity.title, "organisation": opportunity.organisation.name,
            "kind": opportunity.lot.name + (
                f": {SPECIALIST_ROLES[opportunity.specialist_role]}" if opportunity.specialist_role else ""),
            "location": opportunity.location, "closing_at": london_time(opportunity.closing_at, weekday=True),
            "link": paths.public(opportunity)}


def _listed(opportunity, alert, listing=None):
    return {**(listing or _listing(opportunity)), "why": selectors.why(alert, opportunity)}


def _alert_email(alert, template, purpose, dedupe_key, **context):
    return {"to": alert.user.email, "template": template, "purpose": purpose, "dedupe_key": dedupe_key,
            "headers": _unsubscribe_headers(alert),
            "context": {"alert_name": alert.name, "unsubscribe_link": unsubscribe_path(alert), **context}}


def alert_when_published(opportunity_id):
    """After the publishing transaction commits: match the opportunity against the instant alerts in the
    background. Nothing here can undo or delay the publication; if the queue cannot take the task it is logged, and
    the scheduled job sends them a few minutes later (instant_alerts_caught_up)."""
    from .tasks import send_instant_alerts

    try:
        send_instant_alerts.enqueue(opportunity_id)
    except Exception:  # noqa: BLE001 - the publication stands whatever happens to its alerts
        log.exception("Could not enqueue the instant alerts of opportunity %s", opportunity_id)


def _first_match_per_user(alerts, found, opportunity_id):
    chosen = {}
    for alert in sorted(alerts, key=lambda alert: alert.pk):
        if opportunity_id in found[alert.pk]:
            chosen.setdefault(alert.user_id, alert)
    return chosen


@transaction.atomic
def send_instant_alerts(opportunity_id):
    """One email per user whose instant alerts match the newly published opportunity (the user's first matching
    alert names the reason and the unsubscribe link); returns how many were queued. The emails and the mark that
    they were sent are committed together."""
    from marketplace.opportunities.models import Opportunity

    opportunity = Opportunity.objects.select_related("organisation", "lot").filter(
        pk=opportunity_id, published_at__isnull=False, withdrawn_at__isnull=True).first()
    if opportunity is None:
        return 0
    alerts, found = selectors.instant_matches(opportunity)
    queued = 0
    for user_id, alert in sorted(_first_match_per_user(alerts, found, opportunity.pk).items()):
        queued += queue_email(**_alert_email(
            alert, "alert_instant.txt", "alert-instant", f"alert-instant:{opportunity.pk}:{user_id}",
            opportunity=_listed(opportunity, alert))) is not None
    InstantAlertsSent.objects.get_or_create(opportunity_id=opportunity.pk, defaults={"sent_at": clock.now()})
    return queued


def instant_alerts_caught_up(now):
    """Send the instant alerts of the last INSTANT_CATCH_UP's publications that have none marked sent INSTANT_GRACE
    after publishing (the queue could not take their task, or it failed), oldest first; returns how many emails
    were queued. One publication failing does not hold up the others: it is tried again on the next run."""
    from marketplace.opportunities.models import Opportunity

    waiting = (Opportunity.objects.filter(published_at__gt=now - INSTANT_CATCH_UP,
                                          published_at__lte=now - INSTANT_GRACE, withdrawn_at__isnull=True)
               .exclude(pk__in=InstantAlertsSent.objects.values("opportunity"))
               .order_by("published_at", "pk").values_list("pk", flat=True))
    queued = 0
    for opportunity_id in waiting:
        try:
            queued += send_instant_alerts(opportunity_id)
        except Exception:  # noqa: BLE001 - logged; the next run tries again
            log.exception("Could not send the instant alerts of opportunity %s", opportunity_id)
    return queued


def _london(day, time):
    return dt.datetime.combine(day, time, tzinfo=clock.LONDON)


def daily_digests(now):
    """The digests due by `now`: at 08:00 London time, each daily alert's matches among the previous London day's
    publications, in publication order; nothing for a day without any. Days missed while the worker was stopped
    are caught up for DIGEST_CATCH_UP_DAYS."""
    today = now.astimezone(clock.LONDON).date()
    for days_ago in range(DIGEST_CATCH_UP_DAYS, 0, -1):
        day = today - dt.timedelta(days=days_ago)
        sent_at = _london(day + dt.timedelta(days=1), DIGEST_TIME)
        if sent_at <= now:
            yield from _digests_for(day, sent_at)


def _digests_for(day, sent_at):
    from marketplace.opportunities.models import Opportunity

    published = list(Opportunity.objects.filter(
        published_at__gte=_london(day, dt.time(0)), published_at__lt=_london(day + dt.timedelta(days=1), dt.time(0)),
        withdrawn_at__isnull=True).select_related("organisation", "lot").order_by("published_at", "pk"))
    if not published:
        return
    # Alerts saved after the digest was due wait for the next one.
    alerts = list(selectors.active_alerts().filter(frequency=Frequency.DAILY, created_at__lte=sent_at)
                  .select_related("user").order_by("user_id", "pk"))
    found = selectors.matches(alerts, published)
    order = {opportunity.pk: n for n, opportunity in enumerate(published)}
    listings = {}  # opportunity id -> its listing, made once for all the digests it is in
    listed_for = defaultdict(set)  # user id -> opportunities already in one of the user's digests of the day
    for alert in alerts:
        listed = sorted(found[alert.pk] - listed_for[alert.user_id], key=order.__getitem__)
        if not listed:
            continue
        listed_for[alert.user_id].update(listed)
        for pk in listed:
            if pk not in listings:
                listings[pk] = _listing(published[order[pk]])
        yield _alert_email(alert, "alert_digest.txt", "alert-digest", f"alert-digest:{day.isoformat()}:{alert.pk}",
                           day=london_date(day, weekday=True),
                           opportunities=[_listed(published[order[pk]], alert, listings[pk]) for pk in listed])
