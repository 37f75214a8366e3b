"""Each insight gives the figures a hand count of the small history in conftest.py gives."""

import datetime as dt

import pytest

from marketplace.applications import services as applications
from marketplace.organisations.services import save_organisation

from insights.pages import csv_rows, page_of

pytestmark = pytest.mark.django_db

# The live opportunity (number 10) was published yesterday, so periods that end in 2024 leave it out.
UP_TO_2024 = "to=2024-Q2"


def table(client, name, query=""):
    return csv_rows(client.get(f"/insights/{name}.csv?{query}"))


def test_opportunities_by_lot_and_status_with_the_cancelled_and_unsuccessful_shares(client, history):
    assert table(client, "opportunities-by-lot-and-status") == [
        ["Lot", "Open", "Closed", "Awarded", "Cancelled", "Unsuccessful", "Withdrawn", "Total",
         "Cancelled (% of closed)", "Unsuccessful (% of closed)"],
        ["Digital outcomes", "0", "1", "3", "1", "0", "0", "5", "20.0", "0.0"],
        ["Digital specialists", "1", "1", "1", "0", "1", "0", "4", "0.0", "33.3"],
        # Nothing has closed, so there is no share to give.
        ["User research participants", "0", "0", "0", "0", "0", "1", "1", "", ""],
        ["All lots", "1", "2", "4", "1", "1", "1", "10", "12.5", "12.5"],
    ]


def test_the_lot_and_framework_filters_narrow_every_figure(client, history):
    assert table(client, "opportunities-by-lot-and-status", "lot=digital-specialists") == [
        table(client, "opportunities-by-lot-and-status")[0],
        ["Digital specialists", "1", "1", "1", "0", "1", "0", "4", "0.0", "33.3"],
    ]
    assert table(client, "opportunities-by-sector", "framework=digital-outcomes-and-specialists-2")[1:] == [
        ["Central government", "0", "0"], ["Local government", "0", "0"], ["NHS and health", "1", "1"],
        ["Police and justice", "0", "0"], ["Education", "0", "0"], ["Devolved administration", "0", "0"],
        ["Other public body", "0", "0"],
    ]


def test_opportunities_by_sector_with_the_number_of_organisations(client, history):
    assert table(client, "opportunities-by-sector") == [
        ["Sector", "Opportunities", "Organisations that published"],
        ["Central government", "4", "2"], ["Local government", "3", "2"], ["NHS and health", "1", "1"],
        ["Police and justice", "0", "0"], ["Education", "0", "0"], ["Devolved administration", "0", "0"],
        ["Other public body", "2", "1"],
    ]
    assert table(client, "opportunities-by-sector", "sector=local-government")[1:] == [["Local government", "3", "2"]]


def test_agencies_roll_up_into_their_department_and_unroll_on_request(client, history):
    assert table(client, "opportunities-by-department") == [
        ["Department", "Opportunities", "Bodies that published"],
        ["Department for Insight Tests", "6", "3"],  # itself, its agency and the agency's laboratory
        ["Ambridge District Council", "2", "1"],
        ["Borchester Borough Council", "1", "1"],
        ["Felpersham NHS Trust", "1", "1"],
    ]
    assert table(client, "opportunities-by-department", "unroll=1") == [
        ["Organisation", "Department", "Opportunities"],
        ["Department for Insight Tests", "Department for Insight Tests", "3"],
        ["Ambridge District Council", "Ambridge District Council", "2"],
        ["Insight Tests Laboratory", "Department for Insight Tests", "2"],
        ["Borchester Borough Council", "Borchester Borough Council", "1"],
        ["Felpersham NHS Trust", "Felpersham NHS Trust", "1"],
        ["Insight Tests Agency", "Department for Insight Tests", "1"],
    ]


def test_the_most_active_local_authorities_and_nhs_bodies(client, history):
    assert table(client, "local-authorities") == [
        ["Local authority", "Opportunities"], ["Ambridge District Council", "2"], ["Borchester Borough Council", "1"]]
    assert table(client, "nhs-bodies") == [["NHS or health body", "Opportunities"], ["Felpersham NHS Trust", "1"]]
    page = client.get("/insights").content.decode()
    assert "3 opportunities from 2 local authorities." in page
    assert "1 opportunity from 1 NHS or health body." in page


def test_only_the_twenty_most_active_bodies_are_listed(client, history):
    council = history.organisations["borchester"]
    for number in range(21):
        history.organisation(f"council{number}", f"Council number {number:02}", "local-government")
        history.opportunity(100 + number, f"council{number}", "digital-outcomes", "2023-08-01T10:00")
    rows = table(client, "local-authorities")[1:]
    assert len(rows) == 20
    assert rows[0] == ["Ambridge District Council", "2"]
    assert [council.name, "1"] in rows  # ties are listed by name, and B comes before C


def test_awards_by_supplier_size_count_share_and_value(client, history):
    assert table(client, "awards-by-supplier-size") == [
        ["Supplier size", "Awards", "Share of awards", "Total contract value", "Share of value"],
        ["Micro (under 10 staff)", "1", "25.0", "100000.00", "28.2"],
        ["Small (under 50 staff)", "1", "25.0", "250000.50", "70.4"],
        ["Medium (under 250 staff)", "1", "25.0", "5000.00", "1.4"],
        ["Large (250 or more staff)", "1", "25.0", "0.00", "0.0"],
        ["All SMEs (micro, small and medium)", "3", "75.0", "355000.50", "100.0"],
        ["All sizes", "4", "100.0", "355000.50", "100.0"],
    ]
    assert table(client, "awards-by-supplier-size", "sector=local-government")[1:5] == [
        ["Micro (under 10 staff)", "0", "0.0", "0.00", "0.0"],
        ["Small (under 50 staff)", "0", "0.0", "0.00", "0.0"],
        ["Medium (under 250 staff)", "1", "50.0", "5000.00", "100.0"],
        ["Large (250 or more staff)", "1", "50.0", "0.00", "0.0"],
    ]


def test_the_largest_and_smallest_contracts_name_buyer_and_supplier_and_count_zero_amounts(client, history):
    header = ["Opportunity", "Buyer", "Supplier", "Supplier size", "Contract value", "Contract start date"]
    largest = table(client, "largest-contracts")
    assert largest[0] == header
    assert [row[:5] for row in largest[1:]] == [
        ["Opportunity 3", "Insight Tests Agency", "Small Agile", "Small (under 50 staff)", "250000.50"],
        ["Opportunity 1", "Department for Insight Tests", "Tiny Digital", "Micro (under 10 staff)", "100000.00"],
        ["Opportunity 8", "Borchester Borough Council", "Middling Consulting", "Medium (under 250 staff)", "5000.00"],
        ["Opportunity 6", "Ambridge District Council", "Enormous Systems", "Large (250 or more staff)", "0.00"],
    ]
    smallest = table(client, "smallest-contracts")
    assert [row[0] for row in smallest[1:]] == ["Opportunity 6", "Opportunity 8", "Opportunity 1", "Opportunity 3"]
    assert "every award with a recorded contract value, £0 included" in client.get("/insights").content.decode()


def test_volume_by_quarter_in_london_time_with_empty_quarters_shown(client, history):
    assert table(client, "opportunities-by-quarter", UP_TO_2024) == [
        ["Quarter", "Digital outcomes", "Digital specialists", "User research participants", "Total"],
        ["2023 Q1", "2", "0", "1", "3"],
        ["2023 Q2", "1", "2", "0", "3"],
        ["2023 Q3", "1", "0", "0", "1"],
        ["2023 Q4", "0", "1", "0", "1"],
        ["2024 Q1", "0", "0", "0", "0"],
        ["2024 Q2", "1", "0", "0", "1"],  # 23:30 UTC on 31 March is April in London
    ]


def test_a_period_counts_the_opportunities_published_in_it(client, history):
    assert table(client, "opportunities-by-lot-and-status", "from=2023-Q2&to=2023-Q3")[-1] == [
        "All lots", "0", "2", "2", "0", "0", "0", "4", "0.0", "0.0"]
    assert [row[:2] for row in table(client, "awards-by-supplier-size", "from=2023-Q2&to=2023-Q3")[1:5]] == [
        ["Micro (under 10 staff)", "0"], ["Small (under 50 staff)", "1"], ["Medium (under 250 staff)", "1"],
        ["Large (250 or more staff)", "0"]]


def test_a_correction_to_the_register_shows_at_once(client, history):
    trust = history.organisations["trust"]
    trust.sector = "local-government"
    save_organisation(trust, changed_fields=["sector"])
    assert ["Felpersham NHS Trust", "1"] in table(client, "local-authorities")
    assert table(client, "nhs-bodies") == [["NHS or health body", "Opportunities"]]
    assert ["Local government", "4", "3"] in table(client, "opportunities-by-sector")

    council = history.organisations["borchester"]
    council.parent = history.organisations["agency"]
    save_organisation(council, changed_fields=["parent"])
    assert table(client, "opportunities-by-department")[1] == ["Department for Insight Tests", "7", "4"]


def test_an_award_made_through_the_service_and_then_corrected_counts_at_once(client, history):
    from factories import make_admin, make_buyer
    from marketplace.applications.models import Application

    buyer = make_buyer()
    opportunity = history.opportunities[9]
    opportunity.organisation = buyer.organisation
    opportunity.save(update_fields=["organisation"])
    application = Application.objects.create(
        opportunity=opportunity, supplier=history.suppliers["micro"], created_at=opportunity.published_at,
        updated_at=opportunity.published_at, submitted_at=opportunity.published_at + dt.timedelta(days=2))
    applications.award(opportunity, buyer, application, "12345.67", "2030-01-01")
    assert table(client, "awards-by-supplier-size")[1] == ["Micro (under 10 staff)", "2", "40.0", "112345.67", "30.6"]

    applications.correct_outcome(opportunity, make_admin(), "Awarded to the wrong supplier")
    assert table(client, "awards-by-supplier-size")[1] == ["Micro (under 10 staff)", "1", "25.0", "100000.00", "28.2"]
