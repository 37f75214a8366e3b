"""The import writes in bulk (a statement per table and per batch, not per row) and places buyers from a few
queries in all; what it leaves must be what row-by-row writing would: the register's own match for every buyer,
and the search index that indexing each opportunity on its own gives."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from marketplace.opendata.importer import import_dm_csv
from marketplace.opendata.models import HistoricRecord
from marketplace.opportunities.models import Opportunity
from marketplace.organisations.services import match_organisation
from marketplace.search.index import reindex_opportunity
from marketplace.search.models import SearchEntry, Tally
from marketplace.search.selectors import search_opportunities

from .conftest import awarded_row, historic_row, write_csv

pytestmark = pytest.mark.django_db

QUERIES = ["discovery", "digital", "agile delivery", '"user research"', "data -platform", "home office", ""]


def the_index():
    answers = []
    for q in QUERIES:
        results = search_opportunities(q, page_size=50)
        answers.append((q, [hit.opportunity.pk for hit in results.hits], results.count, results.lot_counts))
    return {
        "entries": list(SearchEntry.objects.order_by("pk").values_list(
            "opportunity_id", "lot", "location", "specialist_role", "published_at", "closing_at", "withdrawn",
            "terms")),
        "tallies": sorted(Tally.objects.filter(entries__gt=0).values_list("lot", "location", "specialist_role",
                                                                            "entries")),
        "searches": answers,
    }


def indexed_one_by_one():
    """The index as indexing each imported opportunity on its own leaves it, read and then rolled back."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for opportunity in Opportunity.objects.select_related("lot", "organisation").order_by("pk"):
            reindex_opportunity(opportunity)
        index = the_index()
        transaction.set_rollback(True)
    return index


def test_the_real_file_is_indexed_and_placed_as_row_by_row_writing_would(real_file):
    report = import_dm_csv(real_file)
    assert report.ok and report.created == report.rows == SearchEntry.objects.count()

    imported = the_index()
    assert imported == indexed_one_by_one()
    assert imported["searches"][0][2] > 0  # "discovery" is found

    for record in HistoricRecord.objects.select_related("opportunity"):
        organisation, _ = match_organisation(record.buyer_domain, record.organisation_name)
        assert record.opportunity.organisation_id == organisation.pk, record.source_id


def test_a_changed_file_reindexes_what_changed_as_row_by_row_writing_would(tmp_path):
    rows = [historic_row(1), awarded_row(2), historic_row(3, **{
        "Category": "digital-specialists", "Specialist": "developer", "Location Of The Work": "Wales"})]
    import_dm_csv(write_csv(tmp_path / "first.csv", rows))
    changed = [historic_row(1, **{"Opportunity": "Agile delivery of user research", "Location Of The Work": "Scotland"}),
               awarded_row(2, supplier="Another Supplier Ltd"), rows[2]]

    report = import_dm_csv(write_csv(tmp_path / "second.csv", changed))

    assert (report.updated, report.unchanged) == (2, 1)
    assert the_index() == indexed_one_by_one()
    assert [hit.opportunity.pk for hit in search_opportunities('"user research"').hits] == [1]


def test_buyers_are_placed_as_the_register_places_them(tmp_path):
    buyers = [
        ("homeoffice.gsi.gov.uk", "Home Office"),  # an approved domain
        ("digital.homeoffice.gov.uk", "Anything"),  # under an approved domain
        ("nhs.net", "Government Digital Service (GDS)"),  # a shared domain: by another name of the register's
        ("unknown.example", "The Cabinet Office"),  # an unknown domain: by the organisation's own name
        ("", "HM Treasury"),  # no domain at all
    ]
    rows = [historic_row(n, **{"Buyer Domain": domain, "Organisation Name": name})
            for n, (domain, name) in enumerate(buyers, start=1)]

    report = import_dm_csv(write_csv(tmp_path / "buyers.csv", rows))

    assert report.ok and report.unmatched == []
    placed = dict(Opportunity.objects.values_list("pk", "organisation__name"))
    assert placed == {n: match_organisation(domain, name)[0].name for n, (domain, name) in enumerate(buyers, start=1)}
    assert set(placed.values()) == {"Home Office", "Government Digital Service", "Cabinet Office", "HM Treasury"}


def test_the_statements_an_import_takes_do_not_grow_with_its_rows(tmp_path):
    def statements(name, first, count):
        rows = [awarded_row(n, supplier=f"Supplier {n} Ltd") if n % 2 else historic_row(n)
                for n in range(first, first + count)]
        path = write_csv(tmp_path / name, rows)
        with CaptureQueriesContext(connection) as queries:
            assert import_dm_csv(path).created == count
        return len(queries)

    assert statements("forty.csv", 101, 40) <= statements("ten.csv", 1, 10)
