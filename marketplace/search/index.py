"""Keeping the catalogue's index in step with the data: call inside the transaction that changes an opportunity."""

from . import terms as text
from .models import SearchEntry


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


def reindex_opportunity(opportunity):
    """Write (or remove, for a draft) the opportunity's search entry."""
    if opportunity.published_at is None or opportunity.closing_at is None:
        SearchEntry.objects.filter(opportunity_id=opportunity.pk).delete()
        return
    SearchEntry.objects.update_or_create(
        opportunity_id=opportunity.pk,
        defaults={
            "lot": opportunity.lot.slug,
            "location": opportunity.location,
            "specialist_role": opportunity.specialist_role,
            "published_at": opportunity.published_at,
            "closing_at": opportunity.closing_at,
            "withdrawn": opportunity.withdrawn_at is not None,
            "terms": indexed_terms(opportunity),
        },
    )
