"""The made-up history `serve --demo` imports so the insights have something to show: written by the project's own
generator in the original file's format, every buyer an organisation of the register found by its domain, nothing
taken from the real file, and loaded once however often the demo is."""

import csv
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction

from marketplace.applications.models import Application
from marketplace.audit.models import AuditEvent
from marketplace.demo import load_demo_data
from marketplace.demo.history import HISTORY_FILE, history_csv
from marketplace.demo.marketplace import TITLES
from marketplace.frameworks.reference import FRAMEWORKS, REQUIREMENT_LOTS, SPECIALIST_ROLES
from marketplace.opendata.importer import REQUIRED_COLUMNS, import_dm_csv
from marketplace.opendata.models import HistoricRecord, UnmatchedBuyer
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.selectors import with_status
from marketplace.organisations.models import Organisation
from marketplace.organisations.services import match_organisation
from marketplace.search.models import SearchEntry
from marketplace.suppliers.models import OrganisationSize, Supplier

from opendata_import.conftest import REAL_FILE


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def rows():
    return rows_of(HISTORY_FILE.read_text(encoding="utf-8"))


def test_the_committed_file_is_exactly_what_the_generator_writes_now():
    assert HISTORY_FILE.read_text(encoding="utf-8") == history_csv(), (
        "The demo history is out of date: run scripts/update-demo-history")


def test_the_file_has_the_original_files_columns_and_writes_values_its_way(rows):
    header = next(csv.reader(io.StringIO(HISTORY_FILE.read_text(encoding="utf-8"))))
    assert header == list(REQUIRED_COLUMNS)
    if REAL_FILE.exists():
        with open(REAL_FILE, encoding="utf-8-sig", newline="") as handle:
            assert header == next(csv.reader(handle))
    for row in rows:
        for column in ("Applications from SMEs", "Applications from Large Organisations", "Total Organisations"):
            assert row[column] == "" or (row[column].endswith(".0") and float(row[column]) > 0), row
        assert float(row["Total Organisations"] or 0) == (float(row["Applications from SMEs"] or 0)
                                                           + float(row["Applications from Large Organisations"] or 0))
        assert row["Open For"] in ("1 week", "2 weeks")


def test_about_1500_opportunities_from_2016_to_2024_on_dos_1_to_5_and_the_three_lots(rows):
    assert 1400 <= len(rows) <= 1600
    assert len({row["ID"] for row in rows}) == len(rows)
    assert {row["Published At"][:4] for row in rows} == {str(year) for year in range(2016, 2025)}
    assert {row["Framework"] for row in rows} == {slug for generation, slug, *_ in FRAMEWORKS if generation <= 5}
    assert {row["Category"] for row in rows} == set(REQUIREMENT_LOTS)
    for row in rows:
        if row["Category"] == "digital-specialists":
            assert row["Specialist"] in SPECIALIST_ROLES
        else:
            assert row["Specialist"] == ""
    assert len({row["Specialist"] for row in rows}) >= 15
    assert len({row["Opportunity"] for row in rows}) >= len(rows) / 2  # varied titles
    assert not {row["Opportunity"] for row in rows} & set(TITLES)  # the demo's own requirements stay apart


def test_statuses_awards_and_contract_values_have_realistic_shares(rows):
    statuses = Counter(row["Status"] for row in rows)
    share = {status: count / len(rows) for status, count in statuses.items()}
    assert 0.50 <= share["awarded"] <= 0.60
    assert 0.07 <= share["cancelled"] <= 0.13
    assert 0.05 <= share["unsuccessful"] <= 0.11
    assert 0.20 <= share["closed"] <= 0.35

    awarded = [row for row in rows if row["Status"] == "awarded"]
    described = [row for row in awarded if row["Winning supplier"]]
    assert 0 < len(awarded) - len(described) <= 0.03 * len(awarded)  # a few awards without details, all blank
    for row in awarded:
        if not row["Winning supplier"]:
            assert not (row["Size of supplier"] or row["Contract amount"] or row["Contract start date"])
    sizes = Counter(row["Size of supplier"] for row in described)
    assert set(sizes) == set(OrganisationSize.values)
    assert all(count >= 0.1 * len(described) for count in sizes.values())
    assert sizes["small"] == max(sizes.values())  # as in the real file, small companies win most

    amounts = [Decimal(row["Contract amount"]) for row in described]
    assert min(amounts) >= 5_000 and max(amounts) <= 5_000_000
    assert max(amounts) >= 1_000_000 and sorted(amounts)[len(amounts) // 2] < 250_000
    for row in described:
        assert row["Contract start date"] > row["Published At"]
    assert not any(row["Winning supplier"] or row["Contract amount"] for row in rows if row["Status"] != "awarded")


def test_about_120_invented_companies_win_each_with_one_size(rows):
    sizes = {}
    for row in rows:
        if row["Winning supplier"]:
            sizes.setdefault(row["Winning supplier"], set()).add(row["Size of supplier"])
    assert 100 <= len(sizes) <= 130
    assert all(len(found) == 1 for found in sizes.values())


def test_no_title_and_no_winning_supplier_comes_from_the_real_file(rows):
    if not REAL_FILE.exists():
        pytest.skip(f"the original marketplace's file is not at {REAL_FILE} (../shared beside the project)")
    with open(REAL_FILE, encoding="utf-8-sig", newline="") as handle:
        real = list(csv.DictReader(handle))
    assert not {row["Opportunity"].strip().casefold() for row in rows} & {
        row["Opportunity"].strip().casefold() for row in real}
    assert not {row["Winning supplier"].casefold() for row in rows if row["Winning supplier"]} & {
        row["Winning supplier"].strip().casefold() for row in real if row["Winning supplier"]}


@pytest.mark.django_db
def test_every_row_imports_without_a_problem_its_buyer_found_by_domain(rows):
    report = import_dm_csv(HISTORY_FILE)

    assert report.problems == [] and report.unmatched == []
    assert (report.rows, report.created) == (len(rows), len(rows))
    for domain, name in {(row["Buyer Domain"], row["Organisation Name"]) for row in rows}:
        organisation, how = match_organisation(domain, name)
        assert how == "domain", (domain, name)
        assert organisation.domains.filter(domain=domain).exists()
    assert import_dm_csv(HISTORY_FILE).unchanged == len(rows)


# The demo as `serve --demo` loads it ---------------------------------------------------------------------------

def history():
    return with_status(Opportunity.objects.filter(historic__isnull=False)).select_related("framework", "lot")


def counts():
    return {model.__name__: model.objects.count()
            for model in (Opportunity, HistoricRecord, Application, Supplier, SearchEntry, UnmatchedBuyer,
                          AuditEvent)}


@pytest.mark.django_db
def test_the_demo_brings_in_the_history_with_the_files_statuses(demo, rows):
    found = list(history())
    assert len(found) == len(rows)
    assert Counter(o.status for o in found) == Counter(row["Status"] for row in rows)
    for generation in range(1, 6):
        assert any(o.framework.generation == generation for o in found), generation
    assert {o.lot.slug for o in found} == set(REQUIREMENT_LOTS)
    assert f"Insights on {len(rows):,} made-up past opportunities" in demo


@pytest.mark.django_db
def test_the_insights_show_awards_of_every_supplier_size_and_every_sector_of_the_register(demo, client):
    sizes = {row[0]: row for row in csv.reader(io.StringIO(
        client.get("/insights/awards-by-supplier-size.csv").content.decode()))}
    for _, label in OrganisationSize.choices:
        assert int(sizes[label][1]) > 0 and Decimal(sizes[label][3]) > 0, label

    sectors = {row[0]: row for row in csv.reader(io.StringIO(
        client.get("/insights/opportunities-by-sector.csv").content.decode()))}
    register = Organisation.objects.values_list("sector", flat=True).distinct()
    labels = dict(Organisation._meta.get_field("sector").choices)
    for sector in register:
        assert int(sectors[labels[sector]][1]) > 0 and int(sectors[labels[sector]][2]) > 1, sector

    assert client.get("/insights").status_code == 200


@pytest.mark.django_db
def test_loading_again_changes_nothing(demo):
    before = counts()
    assert load_demo_data() == demo
    assert counts() == before


@pytest.mark.django_db
def test_the_real_file_imported_beside_the_demo_keeps_its_own_ids_and_the_history_stays(demo, rows):
    if not REAL_FILE.exists():
        pytest.skip(f"the original marketplace's file is not at {REAL_FILE} (../shared beside the project)")
    recorded = dict(HistoricRecord.objects.values_list("source_id", "raw"))
    with transaction.atomic():
        report = import_dm_csv(REAL_FILE)
        assert report.problems == [] and report.updated == 0
        real = HistoricRecord.objects.exclude(source_id__in=recorded).values_list("source_id", "opportunity_id")
        assert len(real) == report.created == report.rows
        assert all(source_id == opportunity_id for source_id, opportunity_id in real)
        assert dict(HistoricRecord.objects.filter(source_id__in=recorded).values_list("source_id", "raw")) == recorded
        transaction.set_rollback(True)
