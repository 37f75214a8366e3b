"""The insights in a real browser, with JavaScript on and off: no accessibility violations, and the filters work."""

import pytest

from insights.conftest import build_history
from marketplace.checks.services import check_unchecked

pytestmark = pytest.mark.browser


def test_someone_reads_and_filters_the_insights(any_page, axe, transactional_db):
    page = any_page
    build_history()
    check_unchecked()
    page.goto("/insights")
    axe(page)
    assert page.get_by_role("heading", name="Insights", level=1).is_visible()
    chart = page.get_by_role("img", name="Published opportunities by buyer sector")
    assert chart.is_visible()
    assert page.locator("#table-opportunities-by-sector").is_visible()
    assert page.get_by_role("img", name="Product not outcome: share of checked requirements by buyer sector").is_visible()
    assert page.locator("#table-requirement-checks-by-quarter").is_visible()

    page.get_by_label("Buyer sector", exact=True).select_option("local-government")
    page.get_by_label("To", exact=True).select_option("2024-Q2")
    page.get_by_role("button", name="Apply filters").click()
    assert "sector=local-government" in page.url
    axe(page)
    rows = page.locator("#table-opportunities-by-department tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[:2] == ["Ambridge District Council", "2"]

    page.get_by_role("link", name="Show each body separately").click()
    assert "unroll=1" in page.url and "sector=local-government" in page.url
    axe(page)
    assert page.locator("#table-opportunities-by-department thead").inner_text().startswith("Organisation")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table as CSV (The 2 most active local authorities").click()
    assert download.value.suggested_filename == "local-authorities.csv"
    assert "Ambridge District Council,2" in open(download.value.path(), encoding="utf-8").read()


def test_with_a_period_that_makes_no_sense_the_error_links_to_the_field(any_page, axe, transactional_db):
    page = any_page
    build_history()
    page.goto("/insights?from=2023-Q4&to=2023-Q1")
    axe(page)
    page.get_by_role("link", name="The last quarter of the period must be the same as or after the first").click()
    assert page.get_by_label("To", exact=True).evaluate("element => element === document.activeElement") or not page.javascript
    assert page.title().startswith("Error: Insights")
