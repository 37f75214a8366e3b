"""The public catalogue's search: keywords, filters, counts per lot, and pages of 30, live first then newest."""

import math
from dataclasses import dataclass, field

from django.db import connection

from marketplace import clock

from . import query as query_syntax
from . import terms
from .models import SearchEntry

PAGE_SIZE = 30
STATUSES = ("open", "closed")


class PageOutOfRange(Exception):
    pass


@dataclass
class Hit:
    opportunity: object
    summary: object  # safe HTML with the matched words marked


@dataclass
class SearchResults:
    count: int
    page: int
    page_size: int
    num_pages: int
    hits: list
    lot_counts: dict = field(default_factory=dict)
    marked_terms: set = field(default_factory=set)


def _matching(required, alternatives, excluded):
    """Entries matching one full-text expression. Filters are reserved terms in the same index (see terms.facet), so
    PostgreSQL can count matches from its GIN index alone and FTS5 from its own index."""
    if connection.vendor == "postgresql":
        clause = "document @@ to_tsquery('simple', %s)"
        expression = query_syntax.tsquery_expression(required, alternatives, excluded)
    else:
        clause = "opportunity_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        expression = query_syntax.fts5_expression(required, alternatives, excluded)
    return SearchEntry.objects.extra(where=[clause], params=[expression])


def search_opportunities(q="", lots=(), statuses=(), locations=(), roles=(), page=1, page_size=PAGE_SIZE, now=None,
                         newest_first=False):
    """One page of published opportunities (withdrawn ones never), with the number matching in each lot.

    Values of one filter are ORed; different filters are ANDed. The lot counts ignore the lot filter itself,
    so they say how many each lot choice would give. The catalogue lists live ones first, then newest;
    `newest_first` (for the feed) orders by publication alone."""
    from marketplace.frameworks.reference import REQUIREMENT_LOTS
    from marketplace.opportunities.models import Opportunity

    now = now or clock.now()
    parsed = query_syntax.parse(q)
    required = [(terms.EVERY_VISIBLE,)] + parsed.required
    filters = []
    if locations:
        filters.append([terms.facet("loc", value) for value in locations])
    if roles:
        filters.append([terms.facet("role", value) for value in roles])
    wanted = set(statuses) & set(STATUSES)

    def matching(lot_values=()):
        lot_filter = [[terms.facet("lot", value) for value in lot_values]] if lot_values else []
        return _matching(required, filters + lot_filter, parsed.excluded)

    def counted(entries):
        if wanted == {"open"}:
            return entries.filter(closing_at__gt=now).count()
        if wanted == {"closed"}:  # all matches come from the index; the few live ones are subtracted
            return entries.count() - entries.filter(closing_at__gt=now).count()
        return entries.count()

    lot_counts = {lot: n for lot in REQUIREMENT_LOTS if (n := counted(matching([lot])))}
    entries = matching(lots)
    count = sum(lot_counts.get(lot, 0) for lot in set(lots)) if lots else sum(lot_counts.values())
    if wanted == {"open"}:
        entries = entries.filter(closing_at__gt=now)
    elif wanted == {"closed"}:
        entries = entries.filter(closing_at__lte=now)
    num_pages = max(1, math.ceil(count / page_size))
    if page < 1 or page > num_pages:
        raise PageOutOfRange(f"There is no page {page}: there {'is' if num_pages == 1 else 'are'} {num_pages}.")

    # Live first, then newest. Live opportunities are few, so the two parts are paged separately and each
    # can walk an index in order instead of sorting every match.
    offset = (page - 1) * page_size
    newest = ("-published_at", "-opportunity_id")
    live = entries.filter(closing_at__gt=now)
    live_count = 0 if newest_first or wanted == {"closed"} else live.count()
    ids = []
    if offset < live_count:
        ids += list(live.order_by(*newest).values_list("opportunity_id", flat=True)[offset:offset + page_size])
    if len(ids) < page_size and live_count < count:
        start = max(0, offset - live_count)
        rest = entries if newest_first else entries.filter(closing_at__lte=now)
        ids += list(rest.order_by(*newest).values_list("opportunity_id", flat=True)[start:start + page_size - len(ids)])

    by_id = Opportunity.objects.select_related("organisation", "lot", "framework").in_bulk(ids)
    marked = parsed.marked_terms
    hits = [Hit(by_id[i], terms.mark((by_id[i].data or {}).get("summary", ""), marked)) for i in ids if i in by_id]
    return SearchResults(count=count, page=page, page_size=page_size, num_pages=num_pages, hits=hits,
                         lot_counts=lot_counts, marked_terms=marked)

