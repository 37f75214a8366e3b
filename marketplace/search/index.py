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
            "terms": text.document(*searchable_text(opportunity)),
        },
    )
