"""The public catalogue's search: keywords, filters, counts per lot, and pages of 30, live first then newest."""

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count

from marketplace import clock

from . import query as query_syntax
from .models import SearchEntry
from .terms import mark

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


def _matching(queryset, groups, negate=False):
    if not groups:
        return queryset
    if connection.vendor == "postgresql":
        clause = "document @@ to_tsquery('simple', %s)"
        expression = query_syntax.tsquery_expression(groups)
    else:
        clause = "opportunity_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        expression = query_syntax.fts5_expression(groups)
    return queryset.extra(where=[f"NOT ({clause})" if negate else clause], params=[expression])


def _filtered(q, statuses, locations, roles, now):
    parsed = query_syntax.parse(q)
    entries = SearchEntry.objects.filter(withdrawn=False)
    entries = _matching(entries, parsed.required)
    for group in parsed.excluded:
        entries = _matching(entries, [group], negate=True)
    wanted = set(statuses) & set(STATUSES)
    if wanted == {"open"}:
        entries = entries.filter(closing_at__gt=now)
    elif wanted == {"closed"}:
        entries = entries.filter(closing_at__lte=now)
    if locations:
        entries = entries.filter(location__in=list(locations))
    if roles:
        entries = entries.filter(specialist_role__in=list(roles))
    return parsed, entries


def search_opportunities(q="", lots=(), statuses=(), locations=(), roles=(), page=1, page_size=PAGE_SIZE, now=None,
                         newest_first=False):
    """One page of published opportunities (withdrawn ones never), with the number matching in each lot.

    Values of one filter are ORed; different filters are ANDed. The lot counts ignore the lot filter itself,
    so they say how many each lot choice would give. The catalogue lists live ones first, then newest;
    `newest_first` (for the feed) orders by publication alone."""
    from marketplace.opportunities.models import Opportunity

    now = now or clock.now()
    parsed, entries = _filtered(q, statuses, locations, roles, now)
    lot_counts = dict(entries.order_by().values_list("lot").annotate(n=Count("pk")).values_list("lot", "n"))
    if lots:
        entries = entries.filter(lot__in=list(lots))
        count = sum(lot_counts.get(lot, 0) for lot in set(lots))
    else:
        count = sum(lot_counts.values())
    num_pages = max(1, math.ceil(count / page_size))
    if page < 1 or page > num_pages:
        raise PageOutOfRange(f"There is no page {page}: there {'is' if num_pages == 1 else 'are'} {num_pages}.")

    # Live first, then newest. Live opportunities are few, so the two parts are paged separately and each
    # can walk an index in order instead of sorting every match.
    offset = (page - 1) * page_size
    newest = ("-published_at", "-opportunity_id")
    live = entries.filter(closing_at__gt=now)
    if newest_first:
        live, live_count = entries.none(), 0
    else:
        live_count = live.count() if set(statuses) != {"closed"} else 0
    ids = []
    if offset < live_count:
        ids += list(live.order_by(*newest).values_list("opportunity_id", flat=True)[offset:offset + page_size])
    if len(ids) < page_size and live_count < count:
        start = max(0, offset - live_count)
        closed = (entries if newest_first else entries.filter(closing_at__lte=now)).order_by(*newest)
        ids += list(closed.values_list("opportunity_id", flat=True)[start:start + page_size - len(ids)])

    by_id = Opportunity.objects.select_related("organisation", "lot", "framework").in_bulk(ids)
    terms = parsed.marked_terms
    hits = [Hit(by_id[i], mark((by_id[i].data or {}).get("summary", ""), terms)) for i in ids if i in by_id]
    return SearchResults(count=count, page=page, page_size=page_size, num_pages=num_pages, hits=hits,
                         lot_counts=lot_counts, marked_terms=terms)

