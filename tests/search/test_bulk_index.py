"""Indexing many opportunities at once (what the historic import does) must leave exactly the index that indexing
them one by one leaves: the same entries, column for column, the same full-text index (FTS5 on SQLite, the tsvector
on PostgreSQL), the same tallies, and so the same answers to every search."""

import datetime as dt

import pytest
from django.db import connection, transaction

from marketplace import clock
from marketplace.frameworks.models import Framework, Lot
from marketplace.opportunities.models import Opportunity
from marketplace.organisations.models import Organisation
from marketplace.search.index import reindex_opportunities, reindex_opportunity
from marketplace.search.models import SearchEntry, Tally
from marketplace.search.selectors import search_opportunities

pytestmark = pytest.mark.django_db

QUERIES = ["developer", "booking service", '"power of attorney"', "python -django", "home office", "agile",
           "council", "websites", "café", "nothingmatchesthis", ""]
FILTERS = [{}, {"lots": ["digital-specialists"]}, {"locations": ["London", "Wales"]}, {"roles": ["developer"]},
           {"statuses": ["closed"]}]


def make(organisation, title, summary, lot="digital-outcomes", location="London", role="", age=2, closed=False,
         withdrawn=False, draft=False):
    """An opportunity as its services would leave it, but not yet indexed."""
    now = clock.now()
    published = now - dt.timedelta(days=age)
    return Opportunity.objects.create(
        framework=Framework.objects.get(generation=6), lot=Lot.objects.get(slug=lot), organisation=organisation,
        title=title, specialist_role=role, location=location, created_at=published, updated_at=published,
        data={"title": title, "summary": summary, "essentialRequirements": ["Python", "Agile delivery"],
              "organisationUnit": "Digital"},
        published_at=None if draft else published, questions_close_at=published, answers_by=published,
        closing_at=None if draft else now + dt.timedelta(days=-1 if closed else 7),
        withdrawn_at=now if withdrawn else None,
    )


@pytest.fixture
def opportunities(db):
    home_office = Organisation.objects.get(name="Home Office")
    treasury = Organisation.objects.get(name="HM Treasury")
    return [
        make(home_office, "Developer to build a booking service", "The online booking service for driving tests.",
             lot="digital-specialists", role="developer"),
        make(home_office, "Beta of the lasting power of attorney service", "Run the beta; café-style <b>HTML</b>.",
             age=5),
        make(treasury, "Discovery for council tax payments", "How residents pay council tax.", location="Wales",
             closed=True, age=30),
        make(treasury, "Developer for a withdrawn tool", "No longer needed.", lot="digital-specialists",
             role="developer", withdrawn=True),
        make(home_office, "Participants for research", "People with access needs.",
             lot="user-research-participants", location="Scotland", closed=True, age=40),
        make(home_office, "A draft never published", "Developer booking service.", draft=True),
    ]


def full_text_index():
    """The database's own full-text index, read back: what each entry's terms became on this database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT opportunity_id, document::text FROM search_searchentry ORDER BY opportunity_id")
            return cursor.fetchall()
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")  # raises if out of step
        found = {}
        for term in ("developer", "book", "servic", "0all", "0lotdigitalspecialists", "0locwales", "cafe", "attorney"):
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid", [f'"{term}"'])
            found[term] = [row[0] for row in cursor.fetchall()]
        return found


def the_index():
    return {
        "entries": list(SearchEntry.objects.order_by("pk").values_list(
            "opportunity_id", "lot", "location", "specialist_role", "published_at", "closing_at", "withdrawn",
            "terms")),
        "full text": full_text_index(),
        "tallies": sorted(Tally.objects.values_list("lot", "location", "specialist_role", "entries")),
        "searches": [(q, f, _answer(search_opportunities(q, **f))) for q in QUERIES for f in FILTERS],
    }


def _answer(results):
    return [hit.opportunity.pk for hit in results.hits], results.count, results.lot_counts


def one_by_one_then_undone(opportunities):
    """The index indexing each opportunity in turn leaves, read and then rolled back."""
    with transaction.atomic():
        for opportunity in opportunities:
            reindex_opportunity(opportunity)
        index = the_index()
        transaction.set_rollback(True)
    return index


def test_a_first_indexing_in_bulk_is_the_same_as_one_by_one(opportunities):
    expected = one_by_one_then_undone(opportunities)
    assert not SearchEntry.objects.exists()
    assert len(expected["entries"]) == 5 and expected["searches"][0][2][1] == 1  # "developer"

    reindex_opportunities(opportunities)

    assert the_index() == expected


def test_a_queryset_is_indexed_the_same_as_the_objects(opportunities):
    expected = one_by_one_then_undone(opportunities)
    reindex_opportunities(Opportunity.objects.filter(pk__in=[o.pk for o in opportunities]))
    assert the_index() == expected


def test_reindexing_changed_opportunities_in_bulk_is_the_same_as_one_by_one(opportunities):
    for opportunity in opportunities:
        reindex_opportunity(opportunity)
    booking, beta, discovery, withdrawn, research, draft = opportunities
    booking.location, booking.specialist_role = "Wales", "designer"  # moves between tallies
    beta.withdrawn_at = clock.now()  # leaves the tallies and every search
    discovery.title = "Alpha for council tax refunds"  # new words, same tally
    withdrawn.withdrawn_at = None  # back in
    research.published_at = None  # back to a draft: its entry goes
    draft.published_at, draft.closing_at = clock.now(), clock.now() + dt.timedelta(days=7)  # published
    for opportunity in opportunities:
        opportunity.save()
    changed = [*opportunities, booking]  # one given twice is indexed once, as it is now
    expected = one_by_one_then_undone(changed)
    assert expected["entries"] != the_index()["entries"]

    reindex_opportunities(changed)

    assert the_index() == expected
    assert dict(((t.lot, t.location, t.specialist_role), t.entries) for t in Tally.objects.all()) \
        .get(("digital-specialists", "Wales", "designer")) == 1
    reindex_opportunities(changed)  # again: nothing moves
    assert the_index() == expected


def test_bulk_indexing_is_part_of_the_transaction(opportunities):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            reindex_opportunities(opportunities)
            assert search_opportunities("developer").count == 1
            raise RuntimeError("roll back")
    assert not SearchEntry.objects.exists() and not Tally.objects.filter(entries__gt=0).exists()
    assert search_opportunities("developer").count == 0


def test_nothing_to_index_writes_nothing(db):
    reindex_opportunities([])
    reindex_opportunities(Opportunity.objects.none())
    assert not SearchEntry.objects.exists()

