"""SQLite and PostgreSQL give the same answers: the same opportunities in the same order, the same counts per lot
and the same relations ("eq" or "gte"), for fixed searches on a fixed corpus, some of them across a lowered
counting bound. The answers are written down once here, so each database's run is compared with the same table
(the test command runs the suite on both)."""

import pytest

from marketplace.search.selectors import search_opportunities

from .test_search import corpus, keys  # noqa: F401

pytestmark = pytest.mark.django_db

O, S, P = "digital-outcomes", "digital-specialists", "user-research-participants"

# (search words, filters, counting bound, (keys in order, count, relation, {lot: (count, exact)})). A bound of 1 or 2
# crosses it; open matches alone and searches by filters alone stay exact whatever the bound.
ANSWERS = [
    ("", {}, 10000, (["booking", "beta", "data", "html", "discovery", "research", "delivery"],
     7, "eq", {O: (3, True), S: (3, True), P: (1, True)})),
    ("", {}, 2, (["booking", "beta", "data", "html", "discovery", "research", "delivery"],
     7, "eq", {O: (3, True), S: (3, True), P: (1, True)})),
    ("developer", {}, 10000, (["booking"], 1, "eq", {S: (1, True)})),
    ("developer", {}, 1, (["booking"], 1, "eq", {S: (1, True)})),
    ("service", {}, 10000, (["booking", "beta", "delivery"], 3, "eq", {O: (1, True), S: (2, True)})),
    ("service", {}, 2, (["booking", "beta"], 2, "gte", {O: (1, True), S: (2, True)})),
    ("service", {"statuses": ["open"]}, 1, (["booking", "beta"], 2, "eq", {O: (1, True), S: (1, True)})),
    ("agile", {}, 1, (["beta"], 1, "gte", {O: (1, False), S: (1, True)})),
    ('"booking service"', {}, 10000, (["booking"], 1, "eq", {S: (1, True)})),
    ("python -fraud", {}, 10000, (["booking"], 1, "eq", {S: (1, True)})),
    ("services", {"lots": [S]}, 2, (["booking", "delivery"], 2, "eq", {O: (1, True), S: (2, True)})),
    ("services", {"locations": ["London"]}, 1, (["booking"], 1, "gte", {O: (1, True), S: (1, False)})),
    ("research benefits", {"statuses": ["closed"]}, 10000, (["research"], 1, "eq", {P: (1, True)})),
    ("website", {}, 1, (["html"], 1, "eq", {O: (1, True)})),
    ("nothingmatches", {}, 1, ([], 0, "eq", {})),
    ("service", {"roles": ["developer"], "lots": [S]}, 1, (["booking"], 1, "eq", {S: (1, True)})),
]


@pytest.mark.parametrize("q, filters, bound, expected", ANSWERS,
                         ids=[f"{q or '(no words)'}-{bound}" for q, _, bound, _ in ANSWERS])
def test_both_databases_give_the_same_answers(corpus, settings, q, filters, bound, expected):  # noqa: F811
    settings.SEARCH_COUNT_BOUND = bound
    results = search_opportunities(q, page_size=100, **filters)
    found = (keys(results, corpus), results.count, results.count_relation,
             {lot: (count, results.lot_counts_exact[lot]) for lot, count in results.lot_counts.items()})
    assert found == expected
