"""The insights on the original marketplace's real 2018 file agree with a hand count of the file itself.

Each expected figure is computed here from the CSV alone, never from the database, so the test fails if the import
or an insight query counts anything differently from what the published file says."""

import csv
import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from marketplace.checks.selectors import check_title
from marketplace.frameworks.models import Lot
from marketplace.insights.tables import share
from marketplace.opendata.importer import import_dm_csv
from marketplace.suppliers.models import OrganisationSize

from insights.pages import csv_rows
from opendata_import.conftest import real_file  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
LOTS = {"digital-outcomes": "Digital outcomes", "digital-specialists": "Digital specialists",
        "user-research-participants": "User research participants"}
STATUS_COLUMNS = {"closed": "Closed", "awarded": "Awarded", "cancelled": "Cancelled", "unsuccessful": "Unsuccessful"}
SIZES = dict(OrganisationSize.choices)  # the file's size values are the choices' stored values


@pytest.fixture
def source(real_file):  # noqa: F811
    report = import_dm_csv(real_file)
    assert report.problems == [] and report.unmatched == []
    with open(real_file, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def table(client, name, query=""):
    rows = csv_rows(client.get(f"/insights/{name}.csv?{query}"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def lot_names():
    """The lots' display names as the register of lots has them, by slug (the CSV table is keyed by name)."""
    return dict(Lot.objects.filter(slug__in=LOTS).values_list("slug", "name"))


def test_opportunities_by_lot_and_status_are_the_files_counts(client, source):
    names = lot_names()
    shown = {row["Lot"]: row for row in table(client, "opportunities-by-lot-and-status")}
    for slug, name in names.items():
        in_lot = Counter(row["Status"] for row in source if row["Category"] == slug)
        for status, heading in STATUS_COLUMNS.items():
            assert int(shown[name][heading]) == in_lot[status], (slug, status)
        assert int(shown[name]["Total"]) == sum(in_lot.values())
        closed = sum(in_lot.values())  # the file holds only opportunities whose applications closed
        expected = (Decimal(in_lot["cancelled"]) * 100 / closed).quantize(Decimal("0.1"))
        assert Decimal(shown[name]["Cancelled (% of closed)"]) == expected
    assert int(shown["All lots"]["Total"]) == len(source)


def test_the_framework_filter_counts_each_framework_as_the_file_does(client, source):
    for framework in {row["Framework"] for row in source}:
        shown = {row["Lot"]: row for row in table(client, "opportunities-by-lot-and-status",
                                                  f"framework={framework}&lot=digital-outcomes")}
        expected = Counter(row["Status"] for row in source
                           if row["Framework"] == framework and row["Category"] == "digital-outcomes")
        (row,) = shown.values()
        assert {status: int(row[heading]) for status, heading in STATUS_COLUMNS.items()} == {
            status: expected[status] for status in STATUS_COLUMNS}, framework


def test_awards_by_supplier_size_are_the_files_count_and_value(client, source):
    awarded = [row for row in source if row["Status"] == "awarded" and row["Winning supplier"].strip()]
    expected_count = Counter(row["Size of supplier"] for row in awarded)
    expected_value = defaultdict(Decimal)
    for row in awarded:
        expected_value[row["Size of supplier"]] += Decimal(row["Contract amount"] or "0")
    shown = {row["Supplier size"]: row for row in table(client, "awards-by-supplier-size")}
    for size, label in SIZES.items():
        assert int(shown[label]["Awards"]) == expected_count[size], size
        assert Decimal(shown[label]["Total contract value"]) == expected_value[size].quantize(Decimal("0.01")), size
    assert int(shown["All sizes"]["Awards"]) == len(awarded)
    smes = sum(expected_count[size] for size in ("micro", "small", "medium"))
    assert int(shown["All SMEs (micro, small and medium)"]["Awards"]) == smes
    assert Decimal(shown["All SMEs (micro, small and medium)"]["Share of awards"]) == (
        Decimal(smes) * 100 / len(awarded)).quantize(Decimal("0.1"))


def test_the_largest_contract_is_the_files_largest(client, source):
    awarded = [row for row in source if row["Status"] == "awarded" and row["Contract amount"]]
    largest = max(awarded, key=lambda row: Decimal(row["Contract amount"]))
    (first, *_) = table(client, "largest-contracts")
    assert first["Opportunity"] == largest["Opportunity"].strip()
    assert first["Supplier"] == largest["Winning supplier"].strip()
    assert Decimal(first["Contract value"]) == Decimal(largest["Contract amount"])


def test_volume_by_quarter_is_the_files_count_by_publication_date(client, source):
    expected = Counter()
    for row in source:
        day = dt.date.fromisoformat(row["Published At"])
        expected[f"{day.year} Q{(day.month - 1) // 3 + 1}"] += 1
    shown = {row["Quarter"]: int(row["Total"]) for row in table(client, "opportunities-by-quarter")}
    assert {quarter: n for quarter, n in shown.items() if n} == dict(expected)


def test_every_row_is_checked_on_its_title_alone_and_the_product_share_is_the_files(client, source):
    flagged = sum(1 for row in source if any(finding.check == "product-not-outcome"
                                             for finding in check_title(row["Category"], row["Opportunity"])))
    totals = table(client, "requirement-checks-by-sector")[-1]
    assert totals["Sector"] == "All sectors"
    assert totals["Requirements checked"] == totals["Checked on the title only"] == str(len(source))
    assert totals["Product not outcome (%)"] == str(share(flagged, len(source)))
    # Only the checks that read a title can say anything about a row known by its title.
    assert totals["Users (%)"] == totals["Fairness (%)"] == ""
