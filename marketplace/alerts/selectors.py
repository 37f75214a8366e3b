"""Reading alerts: a user's own, the one an unsubscribe link names, and which alerts a published opportunity
matches (and why)."""

import copy
import hmac
from contextlib import contextmanager

from django.db import transaction

from marketplace import clock
from marketplace.accounts.models import Role
from marketplace.frameworks.reference import SPECIALIST_ROLES
from marketplace.search.index import reindex_opportunity
from marketplace.search.selectors import matching_opportunity_ids
from marketplace.suppliers.selectors import offered_work, sizes_of_matching_suppliers
from marketplace.suppliers.services import LOT_NAMES

from .models import Alert


def active_alerts():
    """Alerts not stopped, of supplier users who can still sign in."""
    return Alert.objects.filter(stopped_at__isnull=True, user__role=Role.SUPPLIER, user__is_active=True,
                                user__suspended_at__isnull=True)


def alerts_of(user):
    return list(Alert.objects.filter(user=user, stopped_at__isnull=True))


def own_alert(user, pk):
    """The user's alert `pk`, or None: another user's alert, or a stopped one, is not there for them."""
    return Alert.objects.filter(user=user, pk=pk, stopped_at__isnull=True).first()


def alert_for_unsubscribe(pk, token):
    """The alert an unsubscribe link names, or None. The token is compared in constant time, so its characters
    cannot be found one by one from response times; it belongs to that one alert."""
    alert = Alert.objects.select_related("user").filter(pk=pk).first()
    if alert is None or not hmac.compare_digest(alert.unsubscribe_token.encode(), (token or "").encode()):
        return None
    return alert


def matches(alerts, opportunities):
    """{alert id: set of opportunity ids} for the published `opportunities` each alert matches. A search alert is
    the catalogue's search restricted to these opportunities; a services alert matches where its user's company
    could apply, by the same rule as the buyer's count of matching suppliers."""
    opportunities = list(opportunities)
    ids = [opportunity.pk for opportunity in opportunities]
    suppliers_of = {}  # opportunity id -> the suppliers that could apply, worked out once whoever asks
    found = {}
    for alert in alerts:
        if alert.follows_services:
            hits = set()
            for opportunity in opportunities:
                if opportunity.pk not in suppliers_of:
                    suppliers_of[opportunity.pk] = sizes_of_matching_suppliers(opportunity)
                if alert.user.supplier_id in suppliers_of[opportunity.pk]:
                    hits.add(opportunity.pk)
        else:
            hits = matching_opportunity_ids(ids, alert.q, alert.lots, alert.locations, alert.roles)
        found[alert.pk] = hits
    return found


def _you_offer(opportunity):
    return f"You offer {offered_work(opportunity)} in {opportunity.location}"


def why(alert, opportunity):
    """The line an email gives for sending the opportunity: what the company offers, or which search it met."""
    if alert.follows_services:
        return _you_offer(opportunity)
    return f"It matches your alert \u2018{alert.name}\u2019"


def why_they_fit(user, opportunities):
    """{opportunity id: why it fits} for a supplier user reading the catalogue: what the company offers, whether
    or not its services alert is on, else the first of the user's alerts it matches."""
    opportunities = list(opportunities)
    reasons = {o.pk: _you_offer(o) for o in opportunities if user.supplier_id in sizes_of_matching_suppliers(o)}
    searches = [alert for alert in alerts_of(user) if not alert.follows_services]
    rest = [o for o in opportunities if o.pk not in reasons]
    if rest and searches:
        found = matches(searches, rest)
        for opportunity in rest:
            alert = next((alert for alert in searches if opportunity.pk in found[alert.pk]), None)
            if alert is not None:
                reasons[opportunity.pk] = why(alert, opportunity)
    return reasons


def describe_search(alert):
    """The alert's search in words, for the alerts page."""
    if alert.follows_services:
        return "What your company offers: its lots, specialist roles and locations"
    parts = [f"\u2018{alert.q}\u2019" if alert.q else "Any words"]
    if alert.lots:
        parts.append(", ".join(LOT_NAMES[lot] for lot in alert.lots))
    if alert.roles:
        parts.append(", ".join(SPECIALIST_ROLES[role] for role in alert.roles))
    if alert.locations:
        parts.append("in " + ", ".join(alert.locations))
    return "; ".join(parts)


class _Undone(Exception):
    pass


@contextmanager
def _listed_as_if_published(opportunity):
    """A draft is not in the catalogue's index, so a search cannot find it; for as long as the block runs it is
    there, as it would be once published, and then it is gone again (a savepoint rolled back): the catalogue's
    own search can say which alerts it will meet, with no second set of rules."""
    try:
        with transaction.atomic():
            if opportunity.published_at is None:
                listed = copy.copy(opportunity)
                listed.published_at = listed.closing_at = clock.now()
                reindex_opportunity(listed)
            yield
            raise _Undone
    except _Undone:
        pass


def suppliers_alerted(opportunity, supplier_ids):
    """How many of `supplier_ids` (the suppliers that could apply) have a user with an alert that will email them
    about the requirement once it is published."""
    alerts = list(active_alerts().filter(user__supplier_id__in=list(supplier_ids)).select_related("user"))
    told = {alert.user.supplier_id for alert in alerts if alert.follows_services}
    searches = [alert for alert in alerts if not alert.follows_services and alert.user.supplier_id not in told]
    if searches:
        with _listed_as_if_published(opportunity):
            for alert in searches:
                if alert.user.supplier_id not in told and matching_opportunity_ids(
                        [opportunity.pk], alert.q, alert.lots, alert.locations, alert.roles):
                    told.add(alert.user.supplier_id)
    return len(told)
