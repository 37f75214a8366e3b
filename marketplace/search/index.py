"""Keeping the catalogue's index in step with the data: call inside the transaction that changes an opportunity."""

from django.db import models, transaction

from . import terms as text
from .models import SearchEntry

BATCH = 500
ENTRY_FIELDS = ("lot", "location", "specialist_role", "published_at", "closing_at", "withdrawn", "terms")


def searchable_text(opportunity):
    """Title, organisation, summary, essential and nice-to-have requirements, in that order."""
    from marketplace.opportunities.questions import QUESTIONS

    data = opportunity.data or {}
    parts = [opportunity.title, opportunity.organisation.name, data.get("organisationUnit") or ""]
    for question in QUESTIONS:
        if question.searchable and question.key != "title":
            value = data.get(question.key)
            parts.extend(value if isinstance(value, list) else [value or ""])
    return parts


def indexed_terms(opportunity):
    """The words, then the reserved filter terms. A withdrawn opportunity is indexed with nothing, so no search,
    with or without keywords, can find it."""
    if opportunity.withdrawn_at is not None:
        return ""
    filters = [text.EVERY_VISIBLE, text.facet("lot", opportunity.lot.slug), text.facet("loc", opportunity.location)]
    if opportunity.specialist_role:
        filters.append(text.facet("role", opportunity.specialist_role))
    return " ".join([text.document(*searchable_text(opportunity)), *filters]).strip()


def _is_listed(opportunity):
    return opportunity.published_at is not None and opportunity.closing_at is not None


def _entry_values(opportunity):
    """The entry's fields (ENTRY_FIELDS) for a listed opportunity."""
    return {
        "lot": opportunity.lot.slug,
        "location": opportunity.location,
        "specialist_role": opportunity.specialist_role,
        "published_at": opportunity.published_at,
        "closing_at": opportunity.closing_at,
        "withdrawn": opportunity.withdrawn_at is not None,
        "terms": indexed_terms(opportunity),
    }


def reindex_opportunity(opportunity):
    """Write (or remove, for a draft) the opportunity's search entry."""
    if not _is_listed(opportunity):
        SearchEntry.objects.filter(opportunity_id=opportunity.pk).delete()
        return
    SearchEntry.objects.update_or_create(opportunity_id=opportunity.pk, defaults=_entry_values(opportunity))


def reindex_opportunities(opportunities):
    """Write (or remove, for drafts) many opportunities' search entries at once, exactly as `reindex_opportunity`
    would one by one: a delete for the drafts and one insert-or-update per batch of entries, not a few statements
    each. The database's triggers keep the full-text index and the tallies as they do for single writes. A
    queryset is read with the lot and organisation its entries need."""
    if isinstance(opportunities, models.QuerySet):
        opportunities = opportunities.select_related("lot", "organisation")
    latest = {opportunity.pk: opportunity for opportunity in opportunities}  # an opportunity given twice: the last
    drafts = [pk for pk, opportunity in latest.items() if not _is_listed(opportunity)]
    if drafts:
        SearchEntry.objects.filter(opportunity_id__in=drafts).delete()
    entries = [SearchEntry(opportunity_id=pk, **_entry_values(opportunity))
               for pk, opportunity in latest.items() if _is_listed(opportunity)]
    if entries:
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH, update_conflicts=True,
                                        unique_fields=["opportunity"], update_fields=ENTRY_FIELDS)


def prune_live_entries(now):
    """Remove the live entries that closed by `now` and move the horizon on to it (see models.LiveHorizon); a
    scheduled job. Returns how many were removed."""
    from .models import LiveEntry, LiveHorizon

    with transaction.atomic():
        horizon, _ = LiveHorizon.objects.select_for_update().get_or_create(pk=1, defaults={"horizon": now})
        if horizon.horizon < now:
            horizon.horizon = now
            horizon.save(update_fields=["horizon"])
        removed, _ = LiveEntry.objects.filter(closing_at__lte=now).delete()
    return removed
