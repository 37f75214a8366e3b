"""The insights page: filters in a plain GET form, every chart an accessible image followed by its table, and each
table's CSV carrying the same figures."""

import re
from decimal import Decimal

import pytest

from marketplace.insights.tables import TABLES

from insights.pages import csv_rows, page_of

pytestmark = pytest.mark.django_db

FILTERS = ["", "unroll=1", "lot=digital-outcomes", "sector=local-government&from=2023-Q1&to=2024-Q2",
           "framework=digital-outcomes-and-specialists-6&unroll=1"]


def same_figure(shown, downloaded):
    """The page writes £1,234.50, £100,000, 12.5% and 1 June 2023 where the CSV has 1234.50, 100000.00, 12.5 and
    2023-06-01."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", downloaded):
        import datetime as dt

        day = dt.date.fromisoformat(downloaded)
        return shown == f"{day.day} {day:%B %Y}"
    if shown.startswith("£"):
        return Decimal(shown.removeprefix("£").replace(",", "")) == Decimal(downloaded)
    return shown.replace(",", "").removesuffix("%") == downloaded.replace(",", "")


@pytest.mark.parametrize("query", FILTERS)
def test_each_csv_has_the_rows_of_its_table(client, history, query):
    page = page_of(client.get(f"/insights?{query}"))
    for name in TABLES:
        downloaded = csv_rows(client.get(f"/insights/{name}.csv?{query}"))
        if len(downloaded) == 1:
            assert f"table-{name}" not in page.tables
            continue
        shown = page.table(name)
        assert shown[0] == downloaded[0], name
        assert len(shown) == len(downloaded), name
        for shown_row, downloaded_row in zip(shown[1:], downloaded[1:], strict=True):
            assert all(same_figure(a, b) for a, b in zip(shown_row, downloaded_row, strict=True)), (
                name, shown_row, downloaded_row)


def test_every_chart_is_a_titled_described_image_followed_by_its_table(client, history):
    page = page_of(client.get("/insights"))
    assert len(page.charts) == len(page.tables) == len(TABLES) - 2  # nothing in the history was checked
    for chart in page.charts:
        assert chart["attrs"]["role"] == "img"
        assert chart["attrs"]["aria-labelledby"] == f"{chart['title_id']} {chart['desc_id']}"
        assert chart["title"].strip() and chart["desc"].strip()
    kinds = [kind for kind, _ in page.sequence]
    for index, kind in enumerate(kinds):
        if kind == "chart":
            assert kinds[index + 1] == "table"
    assert page.charts[1]["title"] == "Published opportunities by buyer sector"
    assert "Central government: 4" in page.charts[1]["desc"]


def test_the_page_uses_no_inline_styles(client, history):
    response = client.get("/insights?unroll=1")
    assert page_of(response).style_attributes == []
    assert "<style" not in response.content.decode()


def test_names_in_the_register_are_escaped_in_charts_and_tables(client, history):
    council = history.organisations["ambridge"]
    council.name = "Ambridge <script>alert(1)</script> & District"
    council.save()
    html = client.get("/insights").content.decode()
    assert "<script>alert(1)" not in html
    assert "Ambridge &lt;script&gt;alert(1)&lt;/script&gt; &amp; District" in html


def test_the_filters_are_a_plain_get_form_that_keeps_the_choices(client, history):
    html = client.get("/insights?lot=digital-specialists&sector=nhs-and-health&from=2023-Q2&to=2023-Q4").content.decode()
    assert re.search(r'<form method="get" action="/insights"', html)
    for value in ("digital-specialists", "nhs-and-health", "2023-Q2", "2023-Q4"):
        assert re.search(rf'<option value="{value}" selected', html), value
    assert 'href="/insights/opportunities-by-sector.csv?lot=digital-specialists&amp;sector=nhs-and-health' in html


def test_a_period_that_ends_before_it_starts_is_an_error(client, history):
    response = client.get("/insights?from=2023-Q4&to=2023-Q1")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The last quarter of the period must be the same as or after the first" in html
    assert '<option value="2023-Q4" selected' in html
    assert "table-opportunities-by-sector" not in html
    csv_response = client.get("/insights/opportunities-by-sector.csv?sector=unknown")
    assert csv_response.status_code == 400
    assert "Select a sector from the list" in csv_response.content.decode()


def test_an_unknown_table_is_not_found(client, history):
    assert client.get("/insights/no-such-table.csv").status_code == 404


def test_with_nothing_published_the_page_says_so(client):
    html = client.get("/insights").content.decode()
    assert "No opportunities match these filters." in html
    assert "No awards match these filters." in html
