"""The catalogue's search: the same answers on SQLite FTS5 and PostgreSQL full-text search.

Each test runs on both databases (the test command runs the suite twice), and the property test checks both against
one reference implementation written in Python, so the two databases agree with each other."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from catalogue.fixtures import set_clock  # noqa: F401
from marketplace import clock
from marketplace.frameworks.models import Framework, Lot
from marketplace.opportunities.models import Opportunity
from marketplace.organisations.models import Organisation
from marketplace.search import terms as text
from marketplace.search.index import prune_live_entries, reindex_opportunity, searchable_text
from marketplace.search.models import LiveEntry, SearchEntry
from marketplace.search.query import Document, anchors, parse
from marketplace.search.selectors import PageOutOfRange, expression, search_opportunities

pytestmark = pytest.mark.django_db

CORPUS = [
    # (key, lot, title, summary, essentials, location, role, state, days since publishing)
    ("booking", "digital-specialists", "Developer to build a booking service",
     "We need a developer to build the online booking service for driving tests.",
     ["Experience building accessible services", "Python and Django"], "London", "developer", "live", 1),
    ("data", "digital-specialists", "Data scientist for fraud analytics",
     "Help us find patterns of fraud in benefit claims using data science.",
     ["Statistical modelling", "Python"], "North West England", "dataScientist", "live", 3),
    ("beta", "digital-outcomes", "Beta phase of the lasting power of attorney service",
     "Build and run the beta of a digital service for lasting power of attorney applications.",
     ["Agile delivery of government services", "User-centred design"], "London", "", "live", 2),
    ("discovery", "digital-outcomes", "Discovery for council tax payments",
     "Understand how residents pay council tax and where they struggle.",
     ["User research with residents", "Agile delivery"], "North East England", "", "closed", 20),
    ("research", "user-research-participants", "Participants for research on applying for benefits",
     "Recruit people who have applied for benefits, including people with access needs.",
     ["Recruiting participants with access needs"], "Wales", "", "closed", 30),
    ("withdrawn", "digital-specialists", "Developer for a withdrawn booking tool",
     "A developer to build a booking tool that is no longer needed.",
     ["Python"], "London", "developer", "withdrawn", 5),
    ("delivery", "digital-specialists", "Delivery manager for passport services",
     "An experienced delivery manager to lead agile teams working on passport services.",
     ["Leading agile teams", "Full-stack understanding of services"], "London", "deliveryManager", "closed", 40),
    ("html", "digital-outcomes", "Website <script>alert(1)</script> rebuild",
     "Rebuild the <b>website</b> & its content management.",
     ["Content design"], "Scotland", "", "live", 4),
]


def _opportunity(organisation, key, lot, title, summary, essentials, location, role, state, age):
    now = clock.now()
    published = now - dt.timedelta(days=age, hours=1)
    closing = now + dt.timedelta(days=7) if state in ("live", "withdrawn") else now - dt.timedelta(days=age - 14)
    opportunity = Opportunity.objects.create(
        framework=Framework.objects.get(generation=6), lot=Lot.objects.get(slug=lot), organisation=organisation,
        title=title, specialist_role=role, location=location, created_at=published, updated_at=published,
        data={"title": title, "summary": summary, "essentialRequirements": essentials},
        published_at=published, closing_at=closing, questions_close_at=published, answers_by=published,
        withdrawn_at=now if state == "withdrawn" else None,
    )
    reindex_opportunity(opportunity)
    return opportunity


@pytest.fixture
def corpus(db):
    organisation = Organisation.objects.get(name="Home Office")
    return {row[0]: _opportunity(organisation, *row) for row in CORPUS}


def keys(results, corpus):
    by_id = {o.pk: k for k, o in corpus.items()}
    return [by_id[hit.opportunity.pk] for hit in results.hits]


def test_every_word_must_match_and_words_are_stemmed(corpus):
    assert set(keys(search_opportunities("developers booking"), corpus)) == {"booking"}
    assert set(keys(search_opportunities("services agile"), corpus)) == {"beta", "delivery"}


def test_the_organisation_and_requirements_are_searched(corpus):
    assert len(search_opportunities("home office").hits) == 7  # every visible one belongs to the Home Office
    assert keys(search_opportunities("statistical"), corpus) == ["data"]


def test_quoted_phrase_matches_words_in_order(corpus):
    assert keys(search_opportunities('"power of attorney"'), corpus) == ["beta"]
    assert keys(search_opportunities('"attorney power"'), corpus) == []


def test_minus_excludes_a_word_or_a_phrase(corpus):
    assert set(keys(search_opportunities("python -django"), corpus)) == {"data"}
    assert "booking" not in keys(search_opportunities('-"booking service"'), corpus)


def test_withdrawn_opportunities_never_appear(corpus):
    assert "withdrawn" not in keys(search_opportunities("booking"), corpus)
    assert search_opportunities().count == 7


def test_filters_or_within_and_between(corpus):
    results = search_opportunities(lots=["digital-outcomes", "user-research-participants"], locations=["London", "Wales"])
    assert set(keys(results, corpus)) == {"beta", "research"}
    assert set(keys(search_opportunities(statuses=["open"]), corpus)) == {"booking", "data", "beta", "html"}
    assert set(keys(search_opportunities(statuses=["closed"]), corpus)) == {"discovery", "research", "delivery"}
    assert set(keys(search_opportunities(statuses=["open", "closed"]), corpus)) == set(corpus) - {"withdrawn"}
    assert keys(search_opportunities(roles=["deliveryManager", "dataScientist"], statuses=["closed"]), corpus) == ["delivery"]


def test_lot_counts_ignore_the_lot_filter_but_honour_the_others(corpus):
    results = search_opportunities(lots=["digital-outcomes"], locations=["London"])
    assert results.lot_counts == {"digital-outcomes": 1, "digital-specialists": 2}
    assert results.count == 1


def test_live_first_then_newest(corpus):
    assert keys(search_opportunities(), corpus) == ["booking", "beta", "data", "html", "discovery", "research", "delivery"]


def test_the_feed_order_is_newest_first_whatever_the_status(corpus):
    beta = corpus["beta"]  # published 2 days ago and closed early: behind every live one in the catalogue
    beta.closing_at = clock.now() - dt.timedelta(hours=1)
    beta.save()
    reindex_opportunity(beta)
    assert keys(search_opportunities(), corpus) == [
        "booking", "data", "html", "beta", "discovery", "research", "delivery"]
    assert keys(search_opportunities(newest_first=True), corpus) == [
        "booking", "beta", "data", "html", "discovery", "research", "delivery"]


def test_pages_of_thirty_and_a_page_beyond_the_end_is_refused(corpus):
    assert search_opportunities(page_size=3, page=3).hits[0].opportunity == corpus["delivery"]
    assert len(search_opportunities(page_size=3, page=2).hits) == 3
    with pytest.raises(PageOutOfRange):
        search_opportunities(page_size=3, page=4)
    with pytest.raises(PageOutOfRange):
        search_opportunities(page=0)
    assert search_opportunities("nothingmatchesthis").num_pages == 1


def test_matched_words_are_marked_and_html_is_escaped(corpus):
    [hit] = search_opportunities("websites").hits
    assert str(hit.summary) == ('Rebuild the &lt;b&gt;<mark class="app-mark">website</mark>&lt;/b&gt; '
                                '&amp; its content management.')


def test_the_index_changes_in_the_same_transaction(corpus):
    opportunity = corpus["discovery"]
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            opportunity.withdrawn_at = clock.now()
            opportunity.save()
            reindex_opportunity(opportunity)
            assert "discovery" not in keys(search_opportunities("council"), corpus)
            raise RuntimeError("roll back")
    assert keys(search_opportunities("council"), corpus) == ["discovery"]


def test_closing_needs_no_reindex(corpus, settings):
    from marketplace.clock.services import advance_clock, reset_clock

    settings.CLOCK_TRAVEL_ALLOWED = True
    advance_clock(dt.timedelta(days=8))
    try:
        assert search_opportunities(statuses=["open"]).count == 0
        assert "booking" in keys(search_opportunities(statuses=["closed"]), corpus)
    finally:
        reset_clock()


def test_a_draft_is_never_indexed(corpus):
    opportunity = corpus["data"]
    opportunity.published_at = None
    reindex_opportunity(opportunity)
    assert not SearchEntry.objects.filter(opportunity=opportunity).exists()


# The property: both databases agree with one reference implementation -------------------------------------

VOCABULARY = ["developer", "developers", "booking", "service", "services", "agile", "python", "data", "research",
              "the", "of", "power", "attorney", "council", "tax", "access", "needs", "home", "office", "website",
              "delivery", "full-stack", "participants", "zebra"]


def reference_search(corpus, q):
    """Plain Python: which visible opportunities match the query, by the documented rules."""
    query = parse(q)
    matched = set()
    for key, opportunity in corpus.items():
        if opportunity.withdrawn_at:
            continue
        document = text.terms(" ".join(searchable_text(opportunity)))

        def contains(group):
            n = len(group)
            return any(tuple(document[i:i + n]) == group for i in range(len(document) - n + 1))

        if all(contains(g) for g in query.required) and not any(contains(g) for g in query.excluded):
            matched.add(key)
    return matched


query_text = st.lists(
    st.tuples(st.sampled_from(["", "-"]), st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
              st.booleans()),
    min_size=0, max_size=3,
).map(lambda parts: " ".join(
    sign + ('"' + " ".join(words) + '"' if quoted else " ".join(words)) for sign, words, quoted in parts))


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=query_text)
def test_database_search_agrees_with_the_reference(corpus, q):
    assert set(keys(search_opportunities(q, page_size=100), corpus)) == reference_search(corpus, q)


def reference_counts(corpus, q, lots, statuses, locations, roles):
    """Plain Python: the number matching in each lot (ignoring the lot filter), by the documented rules."""
    now = clock.now()
    wanted = set(statuses) or {"open", "closed"}
    per_lot = {}
    for key in reference_search(corpus, q):
        opportunity = corpus[key]
        if ((locations and opportunity.location not in locations)
                or (roles and opportunity.specialist_role not in roles)
                or ("open" if opportunity.closing_at > now else "closed") not in wanted):
            continue
        per_lot.setdefault(opportunity.lot.slug, set()).add(key)
    return per_lot


filter_values = st.fixed_dictionaries({
    "lots": st.lists(st.sampled_from(["digital-outcomes", "digital-specialists", "user-research-participants"]),
                     max_size=2, unique=True),
    "statuses": st.lists(st.sampled_from(["open", "closed"]), max_size=2, unique=True),
    "locations": st.lists(st.sampled_from(["London", "Wales", "Scotland", "North West England"]), max_size=2,
                          unique=True),
    "roles": st.lists(st.sampled_from(["developer", "dataScientist", "deliveryManager"]), max_size=2, unique=True),
})


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.just(""), query_text), filters=filter_values)
def test_counts_agree_with_the_reference_with_or_without_words(corpus, q, filters):
    """Browsing by filters alone counts from tallies, a search with words from the index: both must give the
    reference's numbers."""
    results = search_opportunities(q, page_size=100, **filters)
    per_lot = reference_counts(corpus, q, **filters)
    chosen = set().union(*(per_lot.get(lot, set()) for lot in (filters["lots"] or per_lot)))
    assert results.lot_counts == {lot: len(found) for lot, found in per_lot.items()}
    assert results.count == len(chosen)
    assert set(keys(results, corpus)) == chosen


# Saved searches are matched in Python against one entry: the same answers as the catalogue ---------------

@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.just(""), query_text), filters=filter_values)
def test_an_entry_matches_a_search_exactly_when_the_catalogue_lists_it(corpus, q, filters):
    """`query.Document` (what alerts are matched by) against the catalogue on this database, for the same search;
    and every entry that matches holds one of the search's anchors, so looking alerts up by anchor misses none."""
    filters.pop("statuses")
    listed = set(keys(search_opportunities(q, page_size=100, **filters), corpus))
    required, alternatives, excluded = expression(q, **filters)
    entries = dict(SearchEntry.objects.values_list("opportunity_id", "terms"))
    matched = {key for key, opportunity in corpus.items()
               if Document(entries[opportunity.pk]).matches(required, alternatives, excluded)}
    assert matched == listed
    for key in matched:
        assert set(anchors(required, alternatives)) & Document(entries[corpus[key].pk]).terms


# Bounded counts ----------------------------------------------------------------------------------------------

@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.just(""), query_text), filters=filter_values, bound=st.sampled_from([1, 2, 3]))
def test_a_search_with_words_counts_up_to_the_bound_and_says_when_it_stopped(corpus, settings, q, filters, bound):
    """Each lot's count and the total are exact up to the bound, then the bound and "gte"; open matches alone and
    searches by filters alone are always exact. A page never lists more than the count."""
    settings.SEARCH_COUNT_BOUND = bound
    results = search_opportunities(q, page_size=100, **filters)
    per_lot = reference_counts(corpus, q, **filters)
    never_bounded = parse(q).is_empty or set(filters["statuses"]) == {"open"}
    for lot, found in per_lot.items():
        exact = never_bounded or len(found) <= bound
        assert (results.lot_counts[lot], results.lot_counts_exact[lot]) == (
            len(found) if exact else bound, exact)
    chosen = set().union(*(per_lot.get(lot, set()) for lot in (filters["lots"] or per_lot)))
    exact = never_bounded or len(chosen) <= bound
    assert (results.count, results.count_relation) == (len(chosen) if exact else bound, "eq" if exact else "gte")
    listed = keys(results, corpus)
    assert len(listed) == results.count and set(listed) <= chosen


# Live entries ---------------------------------------------------------------------------------------------

def test_an_entry_is_closed_in_the_very_next_search_after_its_closing_moment_with_no_job_run(corpus, set_clock):
    """The live entries' own table keeps an entry past its closing moment until pruning, and is never believed."""
    booking = corpus["booking"]
    assert keys(search_opportunities("booking", statuses=["open"]), corpus) == ["booking"]
    now = set_clock(booking.closing_at)  # the other live ones close a few microseconds later
    assert LiveEntry.objects.filter(opportunity=booking).exists()  # not pruned
    assert keys(search_opportunities("booking", statuses=["open"], now=now), corpus) == []
    assert keys(search_opportunities("booking", statuses=["closed"], now=now), corpus) == ["booking"]
    assert search_opportunities("", statuses=["open"], now=now).count == len(
        [key for key, o in corpus.items() if not o.withdrawn_at and o.closing_at > now])


def test_pruning_removes_closed_live_entries_and_later_history_is_not_copied(corpus):
    live = {key for key, o in corpus.items() if not o.withdrawn_at and o.closing_at > clock.now()}
    assert {o.pk for key, o in corpus.items() if key in live} <= set(LiveEntry.objects.values_list("pk", flat=True))
    prune_live_entries(clock.now())
    assert set(LiveEntry.objects.values_list("pk", flat=True)) == {corpus[key].pk for key in live}
    organisation = Organisation.objects.get(name="Home Office")
    _opportunity(organisation, "old", "digital-outcomes", "An old discovery", "Closed long ago.", ["Agile"],
                 "London", "", "closed", 400)
    assert set(LiveEntry.objects.values_list("pk", flat=True)) == {corpus[key].pk for key in live}


def test_withdrawing_or_unpublishing_takes_an_entry_out_of_the_live_ones(corpus):
    beta = corpus["beta"]
    beta.withdrawn_at = clock.now()
    reindex_opportunity(beta)
    assert not LiveEntry.objects.filter(opportunity=beta).exists()
    booking = corpus["booking"]
    booking.published_at = None
    reindex_opportunity(booking)
    assert not LiveEntry.objects.filter(opportunity=booking).exists()
