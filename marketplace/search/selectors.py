"""The public catalogue's search: keywords, filters, counts per lot, and pages of 30, live first then newest."""

import math
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from marketplace import clock

from . import query as query_syntax
from . import terms
from .models import LiveEntry, SearchEntry, Tally

PAGE_SIZE = 30
STATUSES = ("open", "closed")
COUNT_WORK_MEM = "64MB"


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
    # False when the search matched more than settings.SEARCH_COUNT_BOUND and `count` is the bound (likewise each
    # lot's count); open matches alone, and searches by filters alone, are always counted exactly.
    count_is_exact: bool = True
    lot_counts_exact: dict = field(default_factory=dict)

    @property
    def count_relation(self):
        """As Elasticsearch reports `hits.total`: "eq" for an exact count, "gte" for the bound."""
        return "eq" if self.count_is_exact else "gte"


# Each table of entries and its full-text index on SQLite (on PostgreSQL, each has its own `document` column).
_FTS_TABLES = {SearchEntry: "search_fts", LiveEntry: "search_live_fts"}


def _matching(required, alternatives, excluded, model=SearchEntry):
    """Entries matching one full-text expression: of every published opportunity, or (`model=LiveEntry`) of the
    ones that may be live. Filters are reserved terms in the same index (see terms.facet), so one expression does
    words and filters alike, on both databases."""
    if connection.vendor == "postgresql":
        clause = "document @@ to_tsquery('simple', %s)"
        expression = query_syntax.tsquery_expression(required, alternatives, excluded)
    else:
        table = _FTS_TABLES[model]
        clause = f"opportunity_id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"
        expression = query_syntax.fts5_expression(required, alternatives, excluded)
    return model.objects.extra(where=[clause], params=[expression])


def _expression(parsed, lots, locations, roles):
    """(required, alternatives, excluded) for `_matching`: the parsed words, then one group of reserved terms per
    filter whose values are ORed."""
    # A withdrawn entry is indexed with no terms, so any word to find leaves it out already; the reserved term every
    # visible entry has is needed only when there is none, and would make the index read its longest list for nothing.
    required = parsed.required or [(terms.EVERY_VISIBLE,)]
    alternatives = [[terms.facet(kind, value) for value in values]
                    for kind, values in (("loc", locations), ("role", roles), ("lot", lots)) if values]
    return required, alternatives, parsed.excluded


def expression(q="", lots=(), locations=(), roles=()):
    """The catalogue's full-text expression for a search, (required, alternatives, excluded), as `_matching` and
    `query.Document.matches` take it: what a saved search (an alert) is matched by, so that an alert and the
    catalogue can never disagree about what matches."""
    return _expression(query_syntax.parse(q), lots, locations, roles)


def _per_lot(groups, locations=(), roles=()):
    """Add up (lot, location, specialist role, number) groups into a number per lot, keeping the groups the location
    and role filters choose. Values are compared by their reserved terms, exactly as the index compares them, so
    counts made from tallies and counts made from the index agree."""
    from marketplace.frameworks.reference import REQUIREMENT_LOTS

    lots = {terms.facet("lot", lot): lot for lot in REQUIREMENT_LOTS}
    wanted_locations = {terms.facet("loc", value) for value in locations}
    wanted_roles = {terms.facet("role", value) for value in roles}
    totals = dict.fromkeys(REQUIREMENT_LOTS, 0)
    for lot, location, role, number in groups:
        lot = lots.get(terms.facet("lot", lot))
        if (lot and (not locations or terms.facet("loc", location) in wanted_locations)
                and (not roles or (role and terms.facet("role", role) in wanted_roles))):
            totals[lot] += number
    return totals


def _tallied(tallies, locations, roles, now):
    """Counts per lot for browsing by filters alone: every visible entry from the tallies the database keeps, the
    live ones (few: they are open for two weeks at most) counted through the closing-date index."""
    live = (LiveEntry.objects.filter(closing_at__gt=now)
            .values("lot", "location", "specialist_role").order_by()
            .annotate(number=Count("*")).values_list("lot", "location", "specialist_role", "number"))
    return _per_lot(tallies, locations, roles), _per_lot(live, locations, roles)


def _browsed(tallies, lots, locations, roles, model=SearchEntry):
    """Visible entries (or those that may be live) chosen by filters alone, through the plain columns and their
    indexes rather than the full-text index. Each filter becomes the column values in the tallies whose reserved
    terms it names, so these are exactly the entries the index would give."""
    entries = SearchEntry.objects.filter(withdrawn=False) if model is SearchEntry else LiveEntry.objects.all()
    for column, (field, kind, values) in enumerate(
            (("lot", "lot", lots), ("location", "loc", locations), ("specialist_role", "role", roles))):
        if values:
            wanted = {terms.facet(kind, value) for value in values}
            present = {tally[column] for tally in tallies
                       if (tally[column] or kind != "role") and terms.facet(kind, tally[column]) in wanted}
            entries = entries.filter(**{f"{field}__in": present})
    return entries


@contextmanager
def _search_settings():
    """On PostgreSQL, enough working memory for the bitmap of a broad match to stay exact (a lossy one makes the
    count recheck every row of its pages), and no JIT: a broad count or page passes its cost threshold, and
    compiling took about 25 ms of a 260 ms count without making it any faster. SET LOCAL ends with the
    transaction, so the search runs in one (inside a caller's transaction, the settings last until that one ends)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{COUNT_WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")
        yield


def _live_per_lot(entries, now):
    """The live entries among `entries` (of LiveEntry), counted exactly per lot: they are few, and their own table
    and index find them without reading every match of a common word."""
    return _per_lot((lot, "", "", number) for lot, number in entries.filter(closing_at__gt=now).values("lot")
                    .order_by().annotate(number=Count("pk")).values_list("lot", "number"))


def _lots_among(entries):
    """{lot: number} of the entries in `entries`, which may be sliced: counted in the database over the slice."""
    sql, params = entries.values("lot").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT lot, COUNT(*) FROM ({sql}) AS sample GROUP BY lot", params)
        return _per_lot((lot, "", "", number) for lot, number in cursor.fetchall())


def _bounded_per_lot(entries, entries_of, bound):
    """{lot: (number, exact)}: each lot's entries counted up to `bound`; beyond it, the number is the bound and it
    is not exact. Counting stops at the bound's next entry, so a common word does not count every match.

    One pass first takes up to (bound + 1) entries per lot from `entries`, in any lot: if that is all there are,
    every count is exact; otherwise a lot with more than `bound` in it is bounded already, and only a lot with
    fewer is counted on its own (`entries_of(lot)`). A word's matches are then read from the full-text index once,
    where three counts, one per lot, read them three times."""
    from marketplace.frameworks.reference import REQUIREMENT_LOTS

    limit = len(REQUIREMENT_LOTS) * (bound + 1)
    sample = _lots_among(entries[:limit])
    every_one = sum(sample.values()) < limit
    counted = {}
    for lot in REQUIREMENT_LOTS:
        number = sample[lot]
        if not every_one and number <= bound:
            number = entries_of(lot)[:bound + 1].count()
        counted[lot] = (min(number, bound), number <= bound)
    return counted


def _with_status(everything, live, wanted):
    """Closed ones are every match less the live ones, so no count ever has to read every closed match twice."""
    if wanted == {"open"}:
        return live
    if wanted == {"closed"}:
        return everything - live
    return everything


@_search_settings()
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
    wanted = set(statuses) & set(STATUSES)

    def matching(lot_values=(), model=SearchEntry):
        return _matching(*_expression(parsed, lot_values, locations, roles), model=model)

    bound = settings.SEARCH_COUNT_BOUND
    if parsed.is_empty:
        tallies = list(Tally.objects.filter(entries__gt=0).values_list(
            "lot", "location", "specialist_role", "entries"))
        everything, live = _tallied(tallies, locations, roles, now)
        counted = {lot: (_with_status(everything[lot], live[lot], wanted), True) for lot in REQUIREMENT_LOTS}
        entries = _browsed(tallies, lots, locations, roles)
        live_entries = _browsed(tallies, lots, locations, roles, model=LiveEntry)
    else:
        # Words: live ones are counted exactly, the rest up to the bound (open ones alone are never bounded).
        live = (_live_per_lot(matching(model=LiveEntry), now) if wanted != {"closed"}
                else dict.fromkeys(REQUIREMENT_LOTS, 0))
        if wanted == {"open"}:
            counted = {lot: (live[lot], True) for lot in REQUIREMENT_LOTS}
        else:
            # A lot's own count names the lot as a term of its expression, not a condition on the lot column: the
            # full-text index then gives that lot's matches alone, where PostgreSQL would otherwise AND the word's
            # matches with a bitmap of every entry in the lot (450,000 at 1,000,000), or read the table in order.
            def closed_if_asked(entries):
                return entries.filter(closing_at__lte=now) if wanted == {"closed"} else entries

            counted = _bounded_per_lot(closed_if_asked(matching()), lambda lot: closed_if_asked(matching([lot])),
                                       bound)
        entries = matching(lots)
        live_entries = matching(lots, model=LiveEntry)
    lot_counts = {lot: number for lot, (number, _) in counted.items() if number}
    lot_counts_exact = {lot: exact for lot, (number, exact) in counted.items() if number}
    chosen = [lot for lot in REQUIREMENT_LOTS if lot in set(lots)] if lots else REQUIREMENT_LOTS
    count = sum(lot_counts.get(lot, 0) for lot in chosen)
    exact = all(lot_counts_exact.get(lot, True) for lot in chosen)
    if parsed.is_empty or wanted == {"open"}:
        exact = True
    elif count > bound:
        count, exact = bound, False
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
    live_count = 0 if newest_first or wanted == {"closed"} else sum(live[lot] for lot in chosen)
    on_page = min(page_size, count - offset)  # a bounded count's pages end at the bound
    ids = []
    if offset < live_count:
        live_entries = live_entries.filter(closing_at__gt=now)
        ids += list(live_entries.order_by(*newest).values_list("opportunity_id", flat=True)[offset:offset + on_page])
    if len(ids) < on_page and live_count < count:
        start = max(0, offset - live_count)
        rest = entries if newest_first else entries.filter(closing_at__lte=now)
        ids += list(rest.order_by(*newest).values_list("opportunity_id", flat=True)[start:start + on_page - len(ids)])

    by_id = Opportunity.objects.select_related("organisation", "lot", "framework").in_bulk(ids)
    marked = parsed.marked_terms
    hits = [Hit(by_id[i], terms.mark((by_id[i].data or {}).get("summary", ""), marked)) for i in ids if i in by_id]
    return SearchResults(count=count, page=page, page_size=page_size, num_pages=num_pages, hits=hits,
                         lot_counts=lot_counts, marked_terms=marked, count_is_exact=exact,
                         lot_counts_exact=lot_counts_exact)

