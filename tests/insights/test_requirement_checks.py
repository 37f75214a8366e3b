"""The insights' "How requirements are written": each check's share of the published requirements it looked at, by
quarter and by sector, with the page's filters. Findings are kept as a requirement is published, and on the title
alone for the historic rows the import brings in."""

import pytest

from marketplace.checks.models import CheckedRequirement, RecordedFinding
from marketplace.checks.services import check_unchecked
from marketplace.opendata.importer import import_dm_csv
from marketplace.opportunities import services

from checks.test_pages import LOT, buyer, product_brief, suppliers_offering_outcomes  # noqa: F401 - a fixture
from insights.pages import csv_rows, page_of
from opendata_import.conftest import historic_row, write_csv
from requirements.steps import text_of

pytestmark = pytest.mark.django_db

HEAD = ["Requirements checked", "Checked on the title only", "Product not outcome (%)", "Plain English (%)",
        "Users (%)", "Evidence the supplier can give (%)", "Fairness (%)", "Phase (%)"]


def findings_of(opportunity):
    """The checks kept as having found something on `opportunity` (an Opportunity or its ID)."""
    found = RecordedFinding.objects.filter(requirement=getattr(opportunity, "pk", opportunity))
    return set(found.values_list("check_key", flat=True))


def test_publishing_keeps_what_the_checks_found_on_the_requirement_as_published(buyer):
    suppliers_offering_outcomes()
    draft = services.create_draft(LOT, buyer, answers=product_brief())
    assert not CheckedRequirement.objects.exists()  # a draft's advice changes as it is written: nothing is kept
    services.publish_opportunity(draft, buyer)
    assert CheckedRequirement.objects.get(pk=draft.pk).titles_only is False
    assert findings_of(draft) == {"product-not-outcome"}  # the title asks for SharePoint; nothing else to advise on


def test_the_import_checks_historic_titles_alone_and_again_when_a_title_changes(tmp_path):
    rows = [historic_row(9001, Opportunity="Supply of Salesforce licences"), historic_row(9002)]
    assert import_dm_csv(write_csv(tmp_path / "first.csv", rows)).ok
    assert {c.pk: c.titles_only for c in CheckedRequirement.objects.all()} == {9001: True, 9002: True}
    assert findings_of(9001) == {"product-not-outcome"} and findings_of(9002) == set()

    rows[1]["Opportunity"] = "SharePoint implementation"
    assert import_dm_csv(write_csv(tmp_path / "second.csv", rows)).ok
    assert findings_of(9002) == {"product-not-outcome"}
    assert CheckedRequirement.objects.count() == 2


def test_requirements_published_before_the_checks_were_kept_are_checked_after_migrating(history):
    opportunity = history.opportunities[3]
    opportunity.title = "Microsoft Dynamics licences"
    opportunity.data = {"title": opportunity.title}  # the title is kept in the answers and copied to a column
    opportunity.save()
    assert check_unchecked(batch=4) == 10  # every published requirement, three batches; the draft is not checked
    assert "product-not-outcome" in findings_of(opportunity)
    assert "product-not-outcome" not in findings_of(history.opportunities[2])
    assert check_unchecked() == 0  # nothing is checked twice


def check(opportunity, *found, titles_only=False):
    requirement = CheckedRequirement.objects.create(opportunity=opportunity, titles_only=titles_only,
                                                    checked_at=opportunity.published_at)
    for key in found:
        RecordedFinding.objects.create(requirement=requirement, check_key=key)


@pytest.fixture
def checked(history):
    """Six of the history's ten published requirements checked (the rest count nowhere): two in full in central
    government in 2023 Q1, two titles only in 2023 Q2 (central government and other public body), and two in
    full in local government (2023 Q2 and, in London time, 2024 Q2)."""
    found = history.opportunities
    check(found[1], "product-not-outcome", "plain-english")
    check(found[2])
    check(found[3], "product-not-outcome", titles_only=True)
    check(found[4], titles_only=True)
    check(found[8], "product-not-outcome", "users")
    check(found[6], "fairness")
    return history


def table(client, name, query=""):
    response = client.get(f"/insights/{name}.csv?{query}")
    assert response.status_code == 200
    return csv_rows(response)


def test_each_checks_share_by_sector_counts_title_only_requirements_only_for_checks_that_read_titles(client, checked):
    assert table(client, "requirement-checks-by-sector") == [
        ["Sector", *HEAD],
        # Product and plain English look at 3 (one of them by its title alone); the others at the 2 checked in full.
        ["Central government", "3", "1", "66.7", "33.3", "0.0", "0.0", "0.0", "0.0"],
        ["Local government", "2", "0", "50.0", "0.0", "50.0", "0.0", "50.0", "0.0"],
        ["NHS and health", "0", "0", "", "", "", "", "", ""],
        ["Police and justice", "0", "0", "", "", "", "", "", ""],
        ["Education", "0", "0", "", "", "", "", "", ""],
        ["Devolved administration", "0", "0", "", "", "", "", "", ""],
        # Known by its title only: no share for the checks that need the whole requirement.
        ["Other public body", "1", "1", "0.0", "0.0", "", "", "", ""],
        ["All sectors", "6", "2", "50.0", "16.7", "25.0", "0.0", "25.0", "0.0"],
    ]


def test_each_checks_share_per_quarter_in_london_time(client, checked):
    assert table(client, "requirement-checks-by-quarter") == [
        ["Quarter", *HEAD],
        ["2023 Q1", "2", "0", "50.0", "50.0", "0.0", "0.0", "0.0", "0.0"],
        ["2023 Q2", "3", "2", "66.7", "0.0", "100.0", "0.0", "0.0", "0.0"],
        ["2023 Q3", "0", "0", "", "", "", "", "", ""],
        ["2023 Q4", "0", "0", "", "", "", "", "", ""],
        ["2024 Q1", "0", "0", "", "", "", "", "", ""],
        ["2024 Q2", "1", "0", "0.0", "0.0", "0.0", "0.0", "100.0", "0.0"],
        ["All quarters", "6", "2", "50.0", "16.7", "25.0", "0.0", "25.0", "0.0"],
    ]


def test_the_pages_filters_narrow_the_checks_figures(client, checked):
    assert table(client, "requirement-checks-by-quarter", "sector=local-government")[1:] == [
        ["2023 Q2", "1", "0", "100.0", "0.0", "100.0", "0.0", "0.0", "0.0"],
        ["2023 Q3", "0", "0", "", "", "", "", "", ""],
        ["2023 Q4", "0", "0", "", "", "", "", "", ""],
        ["2024 Q1", "0", "0", "", "", "", "", "", ""],
        ["2024 Q2", "1", "0", "0.0", "0.0", "0.0", "0.0", "100.0", "0.0"],
        ["All quarters", "2", "0", "50.0", "0.0", "50.0", "0.0", "50.0", "0.0"],
    ]
    assert table(client, "requirement-checks-by-sector", "from=2023-Q1&to=2023-Q1&sector=central-government")[1:] == [
        ["Central government", "2", "0", "50.0", "50.0", "0.0", "0.0", "0.0", "0.0"],
        ["All sectors", "2", "0", "50.0", "50.0", "0.0", "0.0", "0.0", "0.0"],
    ]
    assert table(client, "requirement-checks-by-sector", "lot=user-research-participants")[1:] == []


def test_the_page_shows_how_requirements_are_written_with_its_notes(client, checked):
    response = client.get("/insights")
    text = text_of(response)
    assert "How requirements are written" in text and "known by their title alone" in text
    tables = page_of(response).tables
    assert tables["table-requirement-checks-by-sector"][-1] == [
        "All sectors", "6", "2", "50.0%", "16.7%", "25.0%", "0.0%", "25.0%", "0.0%"]
    assert "No checked requirements match these filters." in text_of(
        client.get("/insights?lot=user-research-participants"))
