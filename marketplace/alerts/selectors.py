"""Reading alerts: a user's own, the one an unsubscribe link names, and which alerts a published opportunity
matches (and why)."""

import hmac
from collections import defaultdict, namedtuple

from marketplace.accounts.models import Role
from marketplace.frameworks.reference import SPECIALIST_ROLES
from marketplace.search.index import indexed_terms
from marketplace.search.models import SearchEntry
from marketplace.search.query import Document, anchors
from marketplace.search.selectors import expression
from marketplace.suppliers.selectors import offered_work, suppliers_who_could_apply
from marketplace.suppliers.services import LOT_NAMES

from .models import Alert, AlertAnchor, Frequency


# What `matches` reads of an alert, as an Alert has it (`supplier_id` is its user's).
_Candidate = namedtuple("_Candidate", ["pk", "follows_services", "q", "lots", "locations", "roles", "supplier_id"])


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


def search_of(alert):
    """The catalogue's full-text expression for a search alert."""
    return expression(alert.q, alert.lots, alert.locations, alert.roles)


def anchors_of(alert):
    """The terms a search alert is found under (see models.AlertAnchor)."""
    required, alternatives, _ = search_of(alert)
    return anchors(required, alternatives)


def documents(opportunities):
    """{opportunity id: its catalogue entry's terms as a query.Document}, for those the catalogue lists."""
    ids = [opportunity.pk for opportunity in opportunities]
    return {pk: Document(indexed) for pk, indexed in
            SearchEntry.objects.filter(opportunity_id__in=ids).values_list("opportunity_id", "terms")}


def matches(alerts, opportunities, found_in=None, could_apply=None):
    """{alert id: set of opportunity ids} for the `opportunities` each alert matches. A search alert matches what
    the catalogue would list for its search (the catalogue's expression, tested against each opportunity's entry:
    `found_in`, else the entries the catalogue holds); a services alert matches where its user's company could
    apply, by the same rule as the buyer's count of matching suppliers (`could_apply`, when the caller has it).
    Each search alert is tested only against the opportunities holding one of its anchors."""
    opportunities = list(opportunities)
    found_in = documents(opportunities) if found_in is None else found_in
    found = {alert.pk: set() for alert in alerts}
    by_anchor = defaultdict(list)
    for alert in alerts:
        if not alert.follows_services:
            search = search_of(alert)
            for term in anchors(search[0], search[1]):
                by_anchor[term].append((alert, search))
    services_alerts = defaultdict(list)  # supplier id -> its users' services alerts
    for alert in alerts:
        if alert.follows_services:
            services_alerts[alert.supplier_id].append(alert)
    if could_apply is None:
        could_apply = suppliers_who_could_apply(opportunities) if services_alerts else {}
    for opportunity in opportunities:
        document = found_in.get(opportunity.pk)
        if document is not None:
            tested = set()
            for term in document.terms & by_anchor.keys():
                for alert, search in by_anchor[term]:
                    if alert.pk not in tested:
                        tested.add(alert.pk)
                        if document.matches(*search):
                            found[alert.pk].add(opportunity.pk)
        for supplier_id in could_apply.get(opportunity.pk, {}).keys() & services_alerts.keys():
            for alert in services_alerts[supplier_id]:
                found[alert.pk].add(opportunity.pk)
    return found


def instant_matches(opportunity):
    """(alerts, found as `matches` gives it) for a newly published opportunity: only the active instant alerts
    that may match are read, the search alerts anchored on one of its entry's terms and the services alerts of the
    suppliers who could apply."""
    could_apply = suppliers_who_could_apply([opportunity])
    document = documents([opportunity]).get(opportunity.pk)
    instant = active_alerts().filter(frequency=Frequency.INSTANT)
    searches = instant.none()
    if document is not None:
        searches = instant.filter(follows_services=False, pk__in=AlertAnchor.objects.filter(
            term__in=list(document.terms)).values("alert"))
    services = instant.filter(follows_services=True, user__supplier_id__in=list(could_apply[opportunity.pk]))
    # A publication can meet thousands of alerts: they are matched from the few columns matching reads, and only
    # those that match are read whole, with their users, for the emails.
    candidates = [_Candidate(*row) for row in (searches | services).order_by("pk").values_list(
        *_Candidate._fields[:-1], "user__supplier_id")]
    found = matches(candidates, [opportunity], found_in={} if document is None else {opportunity.pk: document},
                    could_apply=could_apply)
    alerts = list(active_alerts().filter(pk__in=[pk for pk, hits in found.items() if hits])
                  .select_related("user").order_by("pk"))
    return alerts, {alert.pk: found[alert.pk] for alert in alerts}


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
    could_apply = suppliers_who_could_apply(opportunities)
    reasons = {o.pk: _you_offer(o) for o in opportunities if user.supplier_id in could_apply[o.pk]}
    searches = [alert for alert in alerts_of(user) if not alert.follows_services]
    rest = [o for o in opportunities if o.pk not in reasons]
    if rest and searches:
        found = matches(searches, rest, could_apply=could_apply)
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


def suppliers_alerted(opportunity, supplier_ids):
    """How many of `supplier_ids` (the suppliers that could apply) have a user with an alert that will email them
    about the requirement once it is published: its search alerts are tested against the entry the requirement
    will have (a draft has none yet)."""
    alerts = list(active_alerts().filter(user__supplier_id__in=list(supplier_ids)).select_related("user"))
    told = {alert.user.supplier_id for alert in alerts if alert.follows_services}
    searches = [alert for alert in alerts if not alert.follows_services and alert.user.supplier_id not in told]
    found = matches(searches, [opportunity], found_in={opportunity.pk: Document(indexed_terms(opportunity))})
    told.update(alert.user.supplier_id for alert in searches if found[alert.pk])
    return len(told)
