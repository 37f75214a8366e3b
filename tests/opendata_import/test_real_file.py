"""The original marketplace's real 2018 file: imported, exported again, and imported twice."""

import csv
from collections import Counter
from decimal import Decimal

import pytest

from marketplace.applications.models import Application
from marketplace.applications.selectors import counts, outcome_of
from marketplace.audit.models import AuditEvent
from marketplace.opendata.export_csv import COLUMNS, iter_opportunity_csv
from marketplace.opendata.importer import import_dm_csv
from marketplace.opendata.models import HistoricRecord
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.selectors import status_of, with_status
from marketplace.search.models import SearchEntry
from marketplace.suppliers.models import Supplier

from .conftest import read_csv


def file_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def snapshot():
    """Everything an import writes, as a person comparing two database dumps would see it."""
    return {
        "opportunities": sorted(with_status(Opportunity.objects.all())
                                .values_list("pk", "title", "organisation_id", "status", "updated_at")),
        "records": sorted(HistoricRecord.objects.values_list("source_id", "raw", "imported_at")),
        "awards": sorted(Application.objects.values_list("opportunity_id", "supplier_id", "contract_value",
                                                         "updated_at")),
        "suppliers": Supplier.objects.count(),
        "search": SearchEntry.objects.count(),
    }


@pytest.mark.django_db
def test_the_real_file_imports_and_exports_again_with_every_value_it_had(real_file):
    source = file_rows(real_file)
    report = import_dm_csv(real_file)

    assert report.problems == [] and report.unmatched == []
    assert (report.rows, report.created) == (len(source), len(source))
    exported = {row["ID"]: row for row in read_csv("".join(iter_opportunity_csv()))}
    assert list(read_csv("".join(iter_opportunity_csv()))[0]) == list(COLUMNS)
    assert set(exported) == {row["ID"] for row in source}
    for row in source:
        assert {column: exported[row["ID"]][column] for column in row} == row

    # The derived status is the file's, and the public counts are the file's.
    statuses = dict(with_status(Opportunity.objects.filter(historic__isnull=False))
                    .values_list("historic__source_id", "status"))
    assert Counter(statuses.values()) == Counter(row["Status"] for row in source)
    first = source[0]
    opportunity = Opportunity.objects.get(historic__source_id=int(first["ID"]))
    assert opportunity.pk == int(first["ID"])
    assert counts(opportunity)["submitted"] == {"sme": int(float(first["Applications from SMEs"] or 0)),
                                                "large": int(float(first["Applications from Large Organisations"]
                                                                   or 0))}

    # Awards are read like any other award.
    source = [row for row in source if row["Status"] == "awarded" and row["Winning supplier"]]
    row = max(source, key=lambda r: Decimal(r["Contract amount"]))
    opportunity = Opportunity.objects.get(historic__source_id=int(row["ID"]))
    outcome = outcome_of(opportunity)
    assert outcome["supplierName"] == row["Winning supplier"].strip()
    assert outcome["contractValue"] == Decimal(row["Contract amount"])
    assert outcome["supplierSize"] == ("large" if row["Size of supplier"] == "large" else "SME")
    sizes = Counter(Application.objects.filter(awarded_at__isnull=False, opportunity__historic__isnull=False)
                    .values_list("supplier__organisation_size", flat=True))
    assert sizes == Counter(row["Size of supplier"] for row in source)
    assert Supplier.objects.filter(is_historic=True).count() == len(
        {(row["Winning supplier"].strip(), row["Size of supplier"]) for row in source})
    assert status_of(opportunity) == "awarded"


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(real_file):
    import_dm_csv(real_file)
    before, events = snapshot(), AuditEvent.objects.count()

    again = import_dm_csv(real_file)

    assert (again.created, again.updated, again.unchanged) == (0, 0, again.rows)
    assert snapshot() == before
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[events:]) == [
        "opendata.dm_csv_imported"]
